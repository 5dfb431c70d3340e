"""What the school's administration pages read: its staff accounts, tutor groups and settings.
Every read is within one school: another school's ids read as missing (the views answer 404)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..domain.benchmarks import settings_source
from ..domain.kinds import PROVIDER_LABELS
from ..domain.kinds import ProviderType
from ..extensions import db
from ..models import Role
from ..models import TutorGroup
from ..models import User
from ..operations.staff_admin import ADMIN_ROLES
from ..operations.staff_admin import statutory_defaults


def staff(school_id: int) -> list[User]:
    """Every account of the school but pupils' and parents', active ones first, by surname."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.school_id == school_id, User.role.in_(ADMIN_ROLES))
            .order_by(User.is_active.desc(), User.last_name, User.first_name, User.id)
        )
    )


def staff_member_or_none(school_id: int, user_id: int) -> User | None:
    """The staff (or governor) account ``user_id`` of the school, or None (another school's,
    a pupil's, or none)."""
    return db.session.scalar(
        select(User).where(User.id == user_id, User.school_id == school_id, User.role.in_(ADMIN_ROLES))
    )


def groups(school_id: int) -> list[TutorGroup]:
    """The school's tutor groups by year and name, each with its tutor (one query)."""
    return list(
        db.session.scalars(
            select(TutorGroup)
            .where(TutorGroup.school_id == school_id)
            .order_by(TutorGroup.year_group, TutorGroup.name, TutorGroup.id)
        )
    )


def group_or_none(school_id: int, group_id: int) -> TutorGroup | None:
    """The school's tutor group ``group_id``, or None (another school's, or none)."""
    return db.session.scalar(
        select(TutorGroup).where(TutorGroup.id == group_id, TutorGroup.school_id == school_id)
    )


def tutors(school_id: int) -> list[User]:
    """The school's active tutor accounts, the only ones a group's tutor may be."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.school_id == school_id, User.role == Role.TUTOR, User.is_active)
            .order_by(User.last_name, User.first_name, User.id)
        )
    )


@dataclass(frozen=True)
class SettingInfo:
    """One setting as the settings page explains it."""

    name: str
    label: str
    explanation: str
    default: str
    source: str


# What each setting means, in plain words (the field names are the BenchmarkSettings ones).
LABELS = {
    "employer_first_year": (
        "Employer encounters: first year group",
        "The first school year in which a pupil should have a meaningful encounter with an "
        "employer every year (Benchmark 5).",
    ),
    "employer_last_year": (
        "Employer encounters: last year group",
        "The last school year in which an employer encounter is expected every year.",
    ),
    "stem_employer_before_year": (
        "STEM encounter before year",
        "A pupil should meet a STEM employer, see a STEM workplace or go to a STEM careers event "
        "before the start of this year group (Benchmark 5; 001 ¶53).",
    ),
    "lmi_by_age": (
        "Labour market information by age",
        "The age by which a pupil should have used labour market information (Benchmark 2). Leave "
        "empty to switch this off.",
    ),
    "stem_learning_by_age": (
        "STEM careers learning by age",
        "The age by which every subject teacher should have linked learning to careers, STEM in "
        "particular (Benchmark 4). Leave empty to switch this off.",
    ),
    "first_workplace_by_age": (
        "First experience of a workplace by age",
        "The age by which a pupil should have had one experience of a workplace (Benchmark 6). "
        "Leave empty to switch this off.",
    ),
    "second_workplace_by_age": (
        "Further experience of a workplace by age",
        "The age by which a pupil should have had one further experience of a workplace "
        "(Benchmark 6). Leave empty for a school that ends at Year 11.",
    ),
    "providers_by_age": (
        "Encounters with every kind of provider by age",
        "The age by which a pupil should have met each kind of provider ticked below (Benchmark "
        "7). Leave empty to switch this off.",
    ),
    "required_provider_types": (
        "Kinds of provider to meet",
        "The kinds of college, university and training provider a pupil should have met "
        "(Benchmark 7).",
    ),
    "university_visits_by_age": (
        "University visits by age",
        "For a pupil considering university: the age by which they should have visited "
        "universities (Benchmark 7). Leave empty to switch this off.",
    ),
    "university_visits_required": (
        "Number of university visits",
        "How many university visits a pupil considering university should have had.",
    ),
    "first_interview_by_age": (
        "First guidance interview by age",
        "The age by which a pupil should have had a guidance interview with a careers adviser "
        "(Benchmark 8). Leave empty to switch this off.",
    ),
    "further_interview_by_age": (
        "Further guidance interview by age",
        "The age by which a pupil should have been offered a further interview (Benchmark 8). "
        "Leave empty to switch this off.",
    ),
}
SKILLS_SOURCE = "002 B1: use the CDI Framework and Skills Builder to set career learning outcomes"


def _shown(name: str, value) -> str:
    if value is None:
        return "off"
    if name == "required_provider_types":
        return ", ".join(PROVIDER_LABELS[ProviderType(code)] for code in value.split(",") if code) or "none"
    return str(value)


def setting_info() -> dict[str, SettingInfo]:
    """Each setting the page edits with its plain-words meaning, statutory default and source
    (``benchmarks.settings_source``)."""
    defaults = statutory_defaults()
    info = {
        name: SettingInfo(name, label, explanation, _shown(name, defaults[name]), settings_source(name))
        for name, (label, explanation) in LABELS.items()
    }
    info["skills_framework"] = SettingInfo(
        "skills_framework", "Skills framework",
        "The framework whose skills pupils tag their entries with.", "Skills Builder", SKILLS_SOURCE,
    )
    return info

