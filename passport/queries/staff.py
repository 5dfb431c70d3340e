"""What staff pages read: tutor groups, their pupils, and each pupil's progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..access import pupil_scope
from ..domain import benchmarks
from ..domain import review
from ..extensions import db
from ..models import Pupil
from ..models import Role
from ..models import School
from ..models import TutorGroup
from ..models import User
from .progress import progress_by_pupil


def visible_groups(user: User) -> list[TutorGroup]:
    """The careers leader sees every group of their school; a tutor sees their own; other
    roles none (a SENCO's or designated teacher's pupils cut across groups)."""
    query = select(TutorGroup).where(TutorGroup.school_id == user.school_id)
    if user.role == Role.TUTOR:
        query = query.where(TutorGroup.tutor_id == user.id)
    elif user.role != Role.CAREERS_LEADER:
        return []
    return list(db.session.scalars(query.order_by(TutorGroup.year_group, TutorGroup.name, TutorGroup.id)))


def group_or_none(user: User, group_id: int) -> TutorGroup | None:
    """The group if ``user`` may see it (same school; a tutor only their own)."""
    return next((g for g in visible_groups(user) if g.id == group_id), None)


def pupil_or_none(user: User, group_id: int, pupil_id: int) -> Pupil | None:
    """The pupil in group ``group_id`` if ``user`` may read their record
    (``access.pupil_scope``: same school, and one of the user's own pupils)."""
    return db.session.scalar(
        select(Pupil).where(Pupil.id == pupil_id, Pupil.tutor_group_id == group_id, pupil_scope(user))
    )


@dataclass(frozen=True)
class PupilRow:
    """One pupil in a review: their progress, each criterion as a review cell, and their need."""

    pupil: Pupil
    progress: benchmarks.Progress
    cells: dict[str, review.Cell]
    need: review.Need
    has_password: bool


def group_rows(group: TutorGroup, today: date, *, verified_only: bool = False) -> list[PupilRow]:
    """Each pupil of ``group`` with their progress, who needs help most first."""
    where = (Pupil.tutor_group_id == group.id, Pupil.school_id == group.school_id)
    return _rows(group.school_id, where, today, verified_only)


def scoped_rows(user: User, today: date) -> list[PupilRow]:
    """The pupils ``user`` looks after across groups (a SENCO's pupils with SEND, a designated
    teacher's looked-after pupils: ``access.pupil_scope``), who needs help most first."""
    return _rows(user.school_id, (pupil_scope(user),), today, False)


def _rows(school_id: int, where: tuple, today: date, verified_only: bool) -> list[PupilRow]:
    """The pupils matching ``where`` with their progress, in two queries whatever their number
    and their records' size when the cache is fresh (pupils with their users and groups, the
    cached progress; queries/progress.py), two more and an upsert for those that are stale."""
    query = select(Pupil).join(User, User.id == Pupil.id).where(*where)
    pupils = list(db.session.scalars(query.order_by(User.last_name, User.first_name, User.id)))
    # The school is already in the session's identity map (the signed-in user's), so no query.
    settings = db.session.get(School, school_id).settings
    by_pupil = progress_by_pupil(pupils, settings, today, verified_only=verified_only)
    result = []
    for p in pupils:
        progress = by_pupil[p.id]
        result.append(
            PupilRow(
                pupil=p,
                progress=progress,
                cells={c.key: review.cell(c, today) for c in progress.criteria},
                need=review.need(progress, today),
                has_password=p.user.password_hash is not None,
            )
        )
    # Stable: pupils of equal need stay in name order.
    return sorted(result, key=lambda row: row.need.sort_key())


def group_users(group: TutorGroup, *, without_password: bool = False) -> list[User]:
    """The pupil accounts in ``group``; only those with no password yet when asked."""
    query = (
        select(User)
        .join(Pupil, Pupil.id == User.id)
        .where(Pupil.tutor_group_id == group.id, User.school_id == group.school_id)
        .order_by(User.last_name, User.first_name, User.id)
    )
    if without_password:
        query = query.where(User.password_hash.is_(None))
    return list(db.session.scalars(query))


def group_pupils(group: TutorGroup) -> list[Pupil]:
    """The active pupils of ``group``, by name (one query, the account joined)."""
    return list(db.session.scalars(
        select(Pupil).join(User, User.id == Pupil.id)
        .where(Pupil.tutor_group_id == group.id, Pupil.school_id == group.school_id, User.is_active.is_(True))
        .order_by(User.last_name, User.first_name, User.id)
    ))


def year_pupils(school_id: int, year_group: int) -> list[Pupil]:
    """The active pupils of a year group of the school, by name (one query)."""
    return list(db.session.scalars(
        select(Pupil).join(User, User.id == Pupil.id)
        .where(Pupil.school_id == school_id, Pupil.year_group == year_group, User.is_active.is_(True))
        .order_by(User.last_name, User.first_name, User.id)
    ))
