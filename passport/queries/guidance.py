"""What the guidance pages read: a pupil's interviews and actions, what their tutor may see,
and the tutor's follow-up tasks (requirements items 20, 22, 23)."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import GuidanceInterview
from ..models import InterviewAction
from ..models import Pupil
from ..models import TutorGroup
from ..models import User

_NEWEST = (GuidanceInterview.held_on.desc(), GuidanceInterview.id.desc())


def interviews_of(pupil: Pupil, *, shared_only: bool = False) -> list[GuidanceInterview]:
    """The pupil's interviews, newest first, with their actions (2 queries). ``shared_only``:
    only those the pupil shares with their tutor, read now, so an unshare hides at once."""
    query = select(GuidanceInterview).where(
        GuidanceInterview.pupil_id == pupil.id, GuidanceInterview.school_id == pupil.school_id
    )
    if shared_only:
        query = query.where(GuidanceInterview.shared_with_tutor.is_(True))
    return list(db.session.scalars(query.order_by(*_NEWEST)))


def interview_of_or_none(pupil: Pupil, interview_id: int) -> GuidanceInterview | None:
    """The pupil's interview with this id, or None when it is missing or another pupil's."""
    return db.session.scalar(
        select(GuidanceInterview).where(
            GuidanceInterview.id == interview_id,
            GuidanceInterview.pupil_id == pupil.id,
            GuidanceInterview.school_id == pupil.school_id,
        )
    )


def action_of_or_none(pupil: Pupil, action_id: int) -> InterviewAction | None:
    """The action with this id if it belongs to one of the pupil's interviews, else None."""
    return db.session.scalar(
        select(InterviewAction)
        .join(GuidanceInterview, GuidanceInterview.id == InterviewAction.interview_id)
        .where(
            InterviewAction.id == action_id,
            GuidanceInterview.pupil_id == pupil.id,
            GuidanceInterview.school_id == pupil.school_id,
        )
    )


def follow_ups_for(tutor: User) -> list[GuidanceInterview]:
    """Interviews of the pupils in ``tutor``'s groups not yet followed up, oldest first (one
    query; the pupil and group come joined). Only the date and the pupil are for every tutor:
    the summary stays behind the pupil's consent."""
    mine = (TutorGroup.tutor_id == tutor.id, TutorGroup.school_id == tutor.school_id)
    groups = select(TutorGroup.id).where(*mine)
    return list(
        db.session.scalars(
            select(GuidanceInterview)
            .join(Pupil, Pupil.id == GuidanceInterview.pupil_id)
            .where(
                Pupil.tutor_group_id.in_(groups),
                GuidanceInterview.school_id == tutor.school_id,
                GuidanceInterview.followed_up_at.is_(None),
            )
            .order_by(GuidanceInterview.held_on, GuidanceInterview.id)
        )
    )


def interview_rows(pupil_ids) -> list:
    """Plain rows (pupil_id, held_on, adviser_level6) of the pupils' interviews, for the
    benchmark rules: one query whatever the number of pupils."""
    ids = list(pupil_ids)
    if not ids:
        return []
    return db.session.execute(
        select(GuidanceInterview.pupil_id, GuidanceInterview.held_on, GuidanceInterview.adviser_level6)
        .where(GuidanceInterview.pupil_id.in_(ids))
    ).all()
