"""The careers leader's school-wide view: per year group and criterion, how many pupils have
met it, have it due soon or have missed it (issue 8, "Figures"; issue 11 builds the full
cohort report). Reads the progress cache, so the cost is a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..domain import review
from ..extensions import db
from ..models import Pupil
from ..models import School
from ..models import TutorGroup
from ..models import User
from .progress import progress_by_pupil


@dataclass(frozen=True)
class CriterionCount:
    """One criterion across a year group's pupils."""

    key: str
    benchmark: int
    title: str
    met: int
    due_soon: int
    missed: int


@dataclass(frozen=True)
class YearSummary:
    """One year group: its pupils, each criterion's counts, and who needs help most (at least
    one criterion missed: ``review.need``), with the year's tutor groups. ``criteria`` leaves
    out those no pupil of the year has met, has due soon or has missed (all of them still to
    come in a later year): ``later`` counts them, so a Year 7 table is not mostly zeros."""

    year_group: int
    pupils: int
    need_help: int
    criteria: list[CriterionCount]
    groups: list[TutorGroup]
    later: int = 0


def overview(school: School, today: date) -> list[YearSummary]:
    """Every year group of ``school`` with pupils, youngest first. Three queries when the cache
    is fresh, whatever the number of pupils and entries: the pupils' columns (no ORM objects),
    the cached progress, the tutor groups."""
    pupils = db.session.execute(
        select(
            Pupil.id, Pupil.record_version, Pupil.date_of_birth, Pupil.year_group,
            Pupil.considering_university, Pupil.further_interview_offered_on,
        )
        .join(User, User.id == Pupil.id)
        .where(Pupil.school_id == school.id, User.school_id == school.id, User.is_active.is_(True))
    ).all()
    by_pupil = progress_by_pupil(pupils, school.settings, today)
    groups: dict[int, list[TutorGroup]] = {}
    for g in db.session.scalars(
        select(TutorGroup).where(TutorGroup.school_id == school.id).order_by(TutorGroup.name)
    ):
        groups.setdefault(g.year_group, []).append(g)
    years: dict[int, list] = {}
    for p in pupils:
        years.setdefault(p.year_group, []).append(by_pupil[p.id])
    summaries = []
    for year, progresses in sorted(years.items()):
        counts: dict[str, dict[review.Cell, int]] = {}
        need_help = 0
        for progress in progresses:
            if review.need(progress, today).missed:
                need_help += 1
            for c in progress.criteria:
                tally = counts.setdefault(c.key, {})
                state = review.cell(c, today)
                tally[state] = tally.get(state, 0) + 1
        criteria = [
            CriterionCount(
                c.key, c.benchmark, c.title, counts[c.key].get(review.Cell.MET, 0),
                counts[c.key].get(review.Cell.DUE_SOON, 0), counts[c.key].get(review.Cell.OVERDUE, 0),
            )
            for c in review.columns(progresses)
        ]
        shown = [c for c in criteria if c.met or c.due_soon or c.missed]
        later = len(criteria) - len(shown)
        summaries.append(YearSummary(year, len(progresses), need_help, shown, groups.get(year, []), later))
    return summaries
