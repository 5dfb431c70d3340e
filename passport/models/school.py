"""Schools and their per-school careers settings."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ..domain.benchmarks import BenchmarkSettings
from ..domain.kinds import ProviderType
from ..extensions import db
from ._base import utcnow


class School(db.Model):
    """A school; a multi-academy trust runs several in one installation."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    settings: Mapped[SchoolSettings] = relationship(
        back_populates="school", uselist=False, cascade="all, delete-orphan", lazy="joined"
    )


class SchoolSettings(db.Model):
    """Year ranges, ages and targets (requirements item 45): the sources disagree, so each
    school sets its own; the defaults are the DfE statutory guidance of January 2018 (001)."""

    __tablename__ = "school_settings"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    employer_first_year: Mapped[int] = mapped_column(default=7)
    employer_last_year: Mapped[int] = mapped_column(default=13)
    stem_employer_before_year: Mapped[int] = mapped_column(default=11)
    lmi_by_age: Mapped[int | None] = mapped_column(default=14)
    stem_learning_by_age: Mapped[int | None] = mapped_column(default=14)
    first_workplace_by_age: Mapped[int | None] = mapped_column(default=16)
    second_workplace_by_age: Mapped[int | None] = mapped_column(default=18)
    providers_by_age: Mapped[int | None] = mapped_column(default=16)
    required_provider_types: Mapped[str] = mapped_column(
        String(200), default="sixth_form,fe_college,university,apprenticeship_provider"
    )
    university_visits_by_age: Mapped[int | None] = mapped_column(default=18)
    university_visits_required: Mapped[int] = mapped_column(default=2)
    first_interview_by_age: Mapped[int | None] = mapped_column(default=16)
    further_interview_by_age: Mapped[int | None] = mapped_column(default=18)
    skills_framework: Mapped[str] = mapped_column(String(40), default="skills_builder")
    # Grows by one with every change of these settings (passport/models/record_version.py),
    # so progress cached under older settings is stale.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    school: Mapped[School] = relationship(back_populates="settings")

    def as_benchmark_settings(self, *, verified_only: bool = False) -> BenchmarkSettings:
        """The same settings as the plain value the pure rules take."""
        return BenchmarkSettings(
            employer_first_year=self.employer_first_year,
            employer_last_year=self.employer_last_year,
            stem_employer_before_year=self.stem_employer_before_year,
            lmi_by_age=self.lmi_by_age,
            stem_learning_by_age=self.stem_learning_by_age,
            first_workplace_by_age=self.first_workplace_by_age,
            second_workplace_by_age=self.second_workplace_by_age,
            providers_by_age=self.providers_by_age,
            required_provider_types=tuple(
                ProviderType(code) for code in self.required_provider_types.split(",") if code
            ),
            university_visits_by_age=self.university_visits_by_age,
            university_visits_required=self.university_visits_required,
            first_interview_by_age=self.first_interview_by_age,
            further_interview_by_age=self.further_interview_by_age,
            verified_only=verified_only,
        )


class CareersPage(db.Model):
    """What the school publishes about its careers programme (requirements item 35; 003 §3,
    004 §4): the careers leader's name and work contact, a summary of the programme, how its
    impact is measured, and when it is next reviewed. Public by design: no pupil's data."""

    __tablename__ = "careers_pages"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    leader_name: Mapped[str] = mapped_column(String(120))
    leader_email: Mapped[str] = mapped_column(String(120))
    leader_phone: Mapped[str] = mapped_column(String(40), default="")
    summary: Mapped[str] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(Text)
    next_review: Mapped[date]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
