"""The careers leader's lists that need action (issue 11 item 2; domain/action_lists.py has the
rules): each a fixed number of queries whatever the size of the school."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from sqlalchemy import exists
from sqlalchemy import select

from ..domain import action_lists as rules
from ..domain import dates
from ..domain.benchmarks import Status
from ..domain.kinds import ActionStatus
from ..domain.kinds import EntryKind
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import GuidanceInterview
from ..models import InterviewAction
from ..models import Pupil
from ..models import School
from ..models import TutorGroup
from ..models import User
from .progress import progress_by_pupil
from .reports import PUPIL_COLUMNS


@dataclass(frozen=True)
class Listed:
    """A pupil on a list, with what puts them there."""

    pupil_id: int
    name: str
    year_group: int
    tutor_group: str
    group_id: int | None
    why: str = ""


def pupil_rows(school: School, *where, extra=()):
    return db.session.execute(
        select(*PUPIL_COLUMNS, User.first_name, User.last_name, TutorGroup.name.label("group_name"),
               Pupil.tutor_group_id, Pupil.neet_risk, *extra)
        .join(User, User.id == Pupil.id)
        .outerjoin(TutorGroup, TutorGroup.id == Pupil.tutor_group_id)
        .where(Pupil.school_id == school.id, User.school_id == school.id, User.is_active.is_(True), *where)
        .order_by(Pupil.year_group, User.last_name, User.first_name, Pupil.id)
    ).all()


def listed_of(r, why: str = "") -> Listed:
    name = f"{r.last_name}, {r.first_name}"
    return Listed(r.id, name, r.year_group, r.group_name or "", r.tutor_group_id, why)


def _by_id(school: School, ids: set[int]) -> dict[int, Listed]:
    """The active pupils of the school among ``ids`` (one query; none for no ids)."""
    return {r.id: listed_of(r) for r in pupil_rows(school, Pupil.id.in_(ids))} if ids else {}


def _has(school: School, *conditions):
    return exists().where(
        Entry.pupil_id == Pupil.id, Entry.school_id == school.id, Entry.verification != Verification.REJECTED,
        *conditions,
    )


def no_employer_this_year(school: School, today: date) -> list[Listed]:
    start, _end = dates.school_year_bounds(dates.academic_year(today))
    has = _has(school, Entry.kind == EntryKind.EMPLOYER_ENCOUNTER, Entry.occurred_on >= start,
               Entry.occurred_on <= today)
    return [listed_of(r) for r in pupil_rows(school, ~has)]


def no_stem_yet(school: School) -> list[Listed]:
    has = _has(school, Entry.is_stem.is_(True))
    return [listed_of(r) for r in pupil_rows(school, ~has, Pupil.year_group < rules.STEM_BEFORE_YEAR)]


def targeted_support(school: School, today: date) -> list[Listed]:
    """Vulnerable or NEET-risk pupils with a criterion missed, most missed first (two queries when
    fresh)."""
    rows = [
        r for r in pupil_rows(school) if rules.needs_targeting(
            sen_support=r.sen_support, ehc_plan=r.ehc_plan, looked_after=r.looked_after,
            free_school_meals=r.free_school_meals, neet_risk=r.neet_risk,
        )
    ]
    progress = progress_by_pupil(rows, school.settings, today)
    found = []
    for r in rows:
        missed = [c.title for c in progress[r.id].criteria if c.status is Status.OVERDUE]
        if missed:
            found.append((len(missed), r, missed))
    found.sort(key=lambda t: (-t[0], t[1].year_group, t[1].last_name, t[1].id))
    return [listed_of(r, f"{n} missed: " + "; ".join(missed)) for n, r, missed in found]


@dataclass(frozen=True)
class OverdueAction:
    pupil: Listed
    text: str
    due_on: date


def overdue_actions(school: School, today: date) -> list[OverdueAction]:
    rows = db.session.execute(
        select(InterviewAction.text, InterviewAction.due_on, GuidanceInterview.pupil_id)
        .join(GuidanceInterview, GuidanceInterview.id == InterviewAction.interview_id)
        .where(GuidanceInterview.school_id == school.id, InterviewAction.status == ActionStatus.OPEN,
               InterviewAction.due_on < today)
        .order_by(InterviewAction.due_on, InterviewAction.id)
    ).all()
    pupils = _by_id(school, {r.pupil_id for r in rows})
    return [OverdueAction(pupils[r.pupil_id], r.text, r.due_on) for r in rows if r.pupil_id in pupils]


def overdue_follow_ups(school: School, today: date) -> list[tuple[Listed, date]]:
    cutoff = today - timedelta(days=rules.FOLLOW_UP_DAYS)
    rows = db.session.execute(
        select(GuidanceInterview.pupil_id, GuidanceInterview.held_on)
        .where(GuidanceInterview.school_id == school.id, GuidanceInterview.followed_up_at.is_(None),
               GuidanceInterview.held_on < cutoff)
        .order_by(GuidanceInterview.held_on, GuidanceInterview.id)
    ).all()
    pupils = _by_id(school, {r.pupil_id for r in rows})
    return [(pupils[r.pupil_id], r.held_on) for r in rows if r.pupil_id in pupils]
