"""People: accounts with a role, pupils' school details, tutor groups."""

from __future__ import annotations

import secrets
from datetime import date
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import false
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ..extensions import db
from ._base import str_enum
from ._base import utcnow


class Role(StrEnum):
    """What an account is for. Employers have no accounts: they use verifier links."""

    PUPIL = "pupil"
    TUTOR = "tutor"
    CAREERS_LEADER = "careers_leader"
    CAREERS_ADVISER = "careers_adviser"
    SENCO = "senco"
    DESIGNATED_TEACHER = "designated_teacher"
    SENIOR_LEADER = "senior_leader"
    GOVERNOR = "governor"
    # Parents and carers come with issue 10; present so the column never needs a migration.
    PARENT = "parent"


# Staff accounts: shorter, idle-limited sessions (issue 7, item 3). What each may open is
# in passport/access.py. A governor is not staff: they see anonymised figures only (item 33).
STAFF_ROLES = frozenset(
    {
        Role.TUTOR,
        Role.CAREERS_LEADER,
        Role.CAREERS_ADVISER,
        Role.SENCO,
        Role.DESIGNATED_TEACHER,
        Role.SENIOR_LEADER,
    }
)


class User(UserMixin, db.Model):
    """A person who signs in. Every user belongs to exactly one school."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, 30))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    setup_code_hash: Mapped[str | None] = mapped_column(String(255))
    setup_code_expires_at: Mapped[datetime | None]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    school = relationship("School", lazy="joined")
    # Joined: every pupil page needs the profile, so it comes with the user in one query.
    pupil: Mapped[Pupil | None] = relationship(back_populates="user", uselist=False, lazy="joined")

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


class TutorGroup(db.Model):
    """A form or registration group, e.g. 9B, with its tutor."""

    __tablename__ = "tutor_groups"
    __table_args__ = (UniqueConstraint("school_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    name: Mapped[str] = mapped_column(String(20))
    year_group: Mapped[int]
    tutor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    tutor: Mapped[User | None] = relationship()


class Pupil(db.Model):
    """A pupil's school details. The flags the guidance names (SEND, EHC plan, free school
    meals, pupil premium, looked after) are for permitted staff only (requirements item 38)."""

    __tablename__ = "pupils"
    __table_args__ = (UniqueConstraint("school_id", "upn"),)

    id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    upn: Mapped[str] = mapped_column(String(20))
    date_of_birth: Mapped[date]
    year_group: Mapped[int]
    tutor_group_id: Mapped[int | None] = mapped_column(ForeignKey("tutor_groups.id"), index=True)
    sen_support: Mapped[bool] = mapped_column(default=False)
    ehc_plan: Mapped[bool] = mapped_column(default=False)
    free_school_meals: Mapped[bool] = mapped_column(default=False)
    pupil_premium: Mapped[bool] = mapped_column(default=False)
    looked_after: Mapped[bool] = mapped_column(default=False)
    # At risk of becoming NEET after 16, as the local authority's indicator (RONI) in the MIS
    # says (requirements item 40): for the targeted-support list.
    neet_risk: Mapped[bool] = mapped_column(default=False, server_default=false())
    # "F" or "M" as the MIS records it (DfE census legal sex), None when not known: only for
    # the careers leader's aggregate breakdowns (issue 11; requirements items 32, 41).
    gender: Mapped[str | None] = mapped_column(String(1))
    considering_university: Mapped[bool] = mapped_column(default=False)
    further_interview_offered_on: Mapped[date | None]
    # The id inside the pupil's pass QR (random, rotated if a phone is lost; never the UPN).
    pass_id: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: secrets.token_urlsafe(12))
    # What a public verification page may say about the pupil: "none", "first_name"
    # (first name and initial) or "full_name". The pupil chooses.
    share_name: Mapped[str] = mapped_column(String(20), default="first_name")
    # Grows by one in the same transaction as every write that can change the pupil's progress
    # (their entries, interviews recorded for them, the fields above the rules read), so a
    # cached progress computed at version N is stale once this is above N. Bumped by the
    # session listener in passport/models/record_version.py, never by hand.
    record_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Share only name, address and date of birth with the local authority (requirements item 36;
    # 001 ¶37): chosen by a linked parent or carer before 16, by the pupil from 16
    # (domain/la_sharing.py); who chose it and when.
    la_basic_only: Mapped[bool] = mapped_column(default=False, server_default=false())
    la_choice_by: Mapped[str | None] = mapped_column(String(10))
    la_choice_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="pupil", lazy="joined")
    tutor_group: Mapped[TutorGroup | None] = relationship(lazy="joined")

