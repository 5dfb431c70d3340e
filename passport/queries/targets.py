"""What the target pages read: a pupil's targets, one of them, and the tutor's due list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case
from sqlalchemy import select

from ..access import pupil_scope
from ..access import VERIFIERS
from ..domain.targets import due_by
from ..domain.targets import TargetStatus
from ..extensions import db
from ..models import Pupil
from ..models import Target
from ..models import TutorGroup
from ..models import User

# The most rows the staff home's list shows (a careers leader reads every pupil).
DUE_LIMIT = 100


def targets_of(pupil: Pupil) -> list[Target]:
    """The pupil's targets: open ones first by review date, then the rest, newest first
    (one query; who set each comes with it)."""
    open_first = case((Target.status == TargetStatus.OPEN, 0), else_=1)
    return list(
        db.session.scalars(
            select(Target)
            .where(Target.pupil_id == pupil.id, Target.school_id == pupil.school_id)
            .order_by(open_first, Target.review_on, Target.id.desc())
        )
    )


def target_of_or_none(pupil: Pupil, target_id: int) -> Target | None:
    """``pupil``'s target with this id, or None when it is missing or another pupil's (the
    caller answers 404, never 403: another pupil's target must not be confirmed to exist)."""
    return db.session.scalar(
        select(Target).where(
            Target.id == target_id, Target.pupil_id == pupil.id, Target.school_id == pupil.school_id
        )
    )


@dataclass(frozen=True)
class DueRow:
    """One open target due for review, with what the link to its pupil needs."""

    target_id: int
    text: str
    review_on: date
    pupil_id: int
    group_id: int
    group_name: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class DueList:
    rows: list[DueRow]
    more: bool  # there are more than DUE_LIMIT


def due_for(user: User, today: date) -> DueList:
    """Open targets of the pupils ``user`` may set targets for (their tutor groups; every group
    for the careers leader), reviewed within ``DUE_WITHIN_DAYS`` or already past, oldest review
    first. One query whatever the number of pupils; other roles get an empty list, no query."""
    if user.role not in VERIFIERS:
        return DueList([], False)
    rows = db.session.execute(
        select(
            Target.id, Target.text, Target.review_on, Pupil.id, TutorGroup.id, TutorGroup.name,
            User.first_name, User.last_name,
        )
        .join(Pupil, Pupil.id == Target.pupil_id)
        .join(User, User.id == Pupil.id)
        .join(TutorGroup, TutorGroup.id == Pupil.tutor_group_id)
        .where(
            Target.school_id == user.school_id,
            Target.status == TargetStatus.OPEN,
            Target.review_on <= due_by(today),
            pupil_scope(user),
        )
        .order_by(Target.review_on, User.last_name, User.first_name, Target.id)
        .limit(DUE_LIMIT + 1)
    ).all()
    return DueList([DueRow(*row) for row in rows[:DUE_LIMIT]], len(rows) > DUE_LIMIT)
