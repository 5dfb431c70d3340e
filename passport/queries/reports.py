"""The careers leader's reports read from the record (issue 11): the cohort report by year group,
criterion and group of pupils, and the pupils behind each figure. Reads the progress cache
(queries/progress.py), so the cost is a fixed number of queries whatever the number of pupils
and entries (bench/reports.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..domain import reports as rules
from ..domain import review
from ..domain.kinds import SECTORS
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import Pupil
from ..models import School
from ..models import TutorGroup
from ..models import User
from .progress import progress_by_pupil

PUPIL_COLUMNS = (
    Pupil.id, Pupil.record_version, Pupil.date_of_birth, Pupil.year_group, Pupil.considering_university,
    Pupil.further_interview_offered_on, Pupil.sen_support, Pupil.ehc_plan, Pupil.free_school_meals,
    Pupil.pupil_premium, Pupil.looked_after, Pupil.gender,
)


_NAMES = (User.first_name, User.last_name, TutorGroup.name.label("group_name"), Pupil.tutor_group_id)


def _pupils(school: School, year_group: int | None = None, *, names: bool = False):
    """The school's active pupils as plain rows (no ORM objects), with their names and tutor
    group when ``names``."""
    query = (
        select(*PUPIL_COLUMNS, *(_NAMES if names else ()))
        .join(User, User.id == Pupil.id)
        .where(Pupil.school_id == school.id, User.school_id == school.id, User.is_active.is_(True))
    )
    if names:
        query = query.outerjoin(TutorGroup, TutorGroup.id == Pupil.tutor_group_id)
    if year_group is not None:
        query = query.where(Pupil.year_group == year_group)
    return db.session.execute(query).all()


def _facts(row) -> rules.PupilFacts:
    return rules.PupilFacts(
        row.id, row.year_group, row.sen_support, row.ehc_plan, row.free_school_meals, row.pupil_premium,
        row.looked_after, row.gender,
    )


def year_groups(school: School) -> list[int]:
    """The year groups that have active pupils, youngest first (one query)."""
    return list(db.session.scalars(
        select(Pupil.year_group).join(User, User.id == Pupil.id)
        .where(Pupil.school_id == school.id, User.school_id == school.id, User.is_active.is_(True))
        .group_by(Pupil.year_group).order_by(Pupil.year_group)
    ))


def cohort(
    school: School, today: date, *, verified_only: bool = False, year_group: int | None = None
) -> list[rules.YearReport]:
    """Every year group's figures, or ``year_group``'s (two queries when the progress cache is
    fresh)."""
    rows = _pupils(school, year_group)
    progress = progress_by_pupil(rows, school.settings, today, verified_only=verified_only)
    return rules.report([_facts(r) for r in rows], progress)


@dataclass(frozen=True)
class Behind:
    """A pupil behind a figure, and where they stand on its criterion."""

    pupil_id: int
    name: str
    tutor_group: str
    group_id: int | None
    cell: review.Cell


def pupils_behind(
    school: School, today: date, year_group: int, key: str, group: rules.Group, *, verified_only: bool = False
) -> list[Behind]:
    """The pupils of ``year_group`` in ``group`` whom criterion ``key`` applies to: not met first
    (missed, then due, then later), then met; by surname within each. Two queries when fresh."""
    rows = _pupils(school, year_group, names=True)
    rows = [r for r in rows if group.test(_facts(r))]
    progress = progress_by_pupil(rows, school.settings, today, verified_only=verified_only)
    found = []
    for r in rows:
        criterion = next((c for c in progress[r.id].criteria if c.key == key), None)
        if criterion is None or criterion.status.value == "not_applicable":
            continue
        found.append((rules.STATUS_ORDER[criterion.status], r, review.cell(criterion, today)))
    found.sort(key=lambda t: (t[0], t[1].last_name.lower(), t[1].first_name.lower(), t[1].id))
    return [
        Behind(r.id, f"{r.last_name}, {r.first_name}", r.group_name or "", r.tutor_group_id, cell)
        for _order, r, cell in found
    ]


def sectors(school: School, year_group: int, *, verified_only: bool = False) -> rules.SectorReport:
    """Sectors met by gender in one year group: every activity with a sector on the record (not
    rejected; only confirmed ones when ``verified_only``), over the pupils' time at school. Two
    queries."""
    pupils = db.session.execute(
        select(Pupil.id, Pupil.gender).join(User, User.id == Pupil.id)
        .where(Pupil.school_id == school.id, User.is_active.is_(True), Pupil.year_group == year_group)
    ).all()
    allowed = [Verification.VERIFIED] + ([] if verified_only else [Verification.SELF_REPORTED])
    met = db.session.execute(
        select(Entry.pupil_id, Entry.sector).distinct()
        .join(Pupil, Pupil.id == Entry.pupil_id)
        .where(Entry.school_id == school.id, Pupil.year_group == year_group, Entry.sector.is_not(None),
               Entry.verification.in_(allowed))
    ).all()
    return rules.sector_report(
        [(p.id, p.gender) for p in pupils], [(m.pupil_id, m.sector) for m in met], SECTORS
    )
