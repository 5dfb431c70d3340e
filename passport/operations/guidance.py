"""Guidance interviews: an adviser records one with its agreed actions, the pupil ticks theirs
off and chooses whether their tutor sees it, the tutor follows it up (requirements items 10,
20, 22, 23; 001 ¶70; 002 B8). Each function makes one change, audits it and commits once.
Which pupil a view may reach is the view's business; these refuse what no one may do."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date

from sqlalchemy import select

from .. import clock
from ..access import GUIDANCE_RECORDERS
from ..access import pupil_scope
from ..extensions import db
from ..models import ActionOwner
from ..models import ActionStatus
from ..models import GuidanceInterview
from ..models import InterviewAction
from ..models import Pupil
from ..models import Role
from ..models import User
from ..models.guidance import ACTION_MAX
from ..models.guidance import ADVICE_MAX
from ..models.guidance import ADVISER_NAME_MAX
from . import audit

# Who records interviews: careers advisers, and the careers leader (who may also be trained).
RECORDERS = GUIDANCE_RECORDERS


class GuidanceRefused(Exception):
    """The actor may not make this change, or it makes no sense (already done)."""


@dataclass(frozen=True)
class ActionData:
    text: str
    owner: ActionOwner
    due_on: date | None = None


@dataclass(frozen=True)
class InterviewData:
    """What an adviser records; the form has checked it, these are checked again."""

    held_on: date
    adviser_name: str
    adviser_level6: bool
    advice: str
    further_offered: bool = False
    considering_university: bool = False
    actions: tuple[ActionData, ...] = field(default_factory=tuple)


def _may_record(pupil: Pupil, actor: User) -> bool:
    if actor.role not in RECORDERS or actor.school_id != pupil.school_id:
        return False
    return db.session.scalar(select(Pupil.id).where(Pupil.id == pupil.id, pupil_scope(actor))) is not None


def _check(data: InterviewData) -> None:
    if not data.adviser_name.strip() or len(data.adviser_name) > ADVISER_NAME_MAX:
        raise ValueError("The adviser's name is missing or too long.")
    if not data.advice.strip() or len(data.advice) > ADVICE_MAX:
        raise ValueError("The advice is missing or too long.")
    if any(not a.text.strip() or len(a.text) > ACTION_MAX for a in data.actions):
        raise ValueError("An action is missing its words or is too long.")


def _keep_pupil_in_step(pupil: Pupil, interview: GuidanceInterview) -> None:
    """``Pupil.further_interview_offered_on`` is the first recorded offer; ``Pupil.
    considering_university`` follows the latest interview (B7's university criterion)."""
    offered = pupil.further_interview_offered_on
    if interview.further_offered and (offered is None or interview.held_on < offered):
        pupil.further_interview_offered_on = interview.held_on
    later = db.session.scalar(
        select(GuidanceInterview.id).where(
            GuidanceInterview.pupil_id == pupil.id,
            GuidanceInterview.id != interview.id,
            GuidanceInterview.held_on > interview.held_on,
        ).limit(1)
    )
    if later is None:
        pupil.considering_university = interview.considering_university


def record_interview(pupil: Pupil, actor: User, data: InterviewData) -> GuidanceInterview:
    """Record a guidance interview with its agreed actions, by a careers adviser or the careers
    leader of the pupil's school. Not shared with the tutor until the pupil says so (item 22);
    the tutor's follow-up task opens with it (item 23). Raises GuidanceRefused or ValueError."""
    if not _may_record(pupil, actor):
        raise GuidanceRefused("Only a careers adviser or the careers leader of the school can record this.")
    _check(data)
    interview = GuidanceInterview(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        held_on=data.held_on,
        adviser_name=data.adviser_name.strip(),
        adviser_id=actor.id if actor.role == Role.CAREERS_ADVISER else None,
        adviser_level6=data.adviser_level6,
        advice=data.advice.strip(),
        further_offered=data.further_offered,
        considering_university=data.considering_university,
        created_by_id=actor.id,
        actions=[InterviewAction(text=a.text.strip(), owner=a.owner, due_on=a.due_on) for a in data.actions],
    )
    db.session.add(interview)
    db.session.flush()
    _keep_pupil_in_step(pupil, interview)
    audit.log(
        actor, pupil.school_id, "guidance_interview_recorded", interview,
        pupil_id=pupil.id, held_on=data.held_on.isoformat(), actions=len(data.actions),
        adviser_level6=data.adviser_level6, further_offered=data.further_offered,
    )
    db.session.commit()
    return interview


def tick_action(action: InterviewAction, actor: User, status: ActionStatus) -> InterviewAction:
    """Set an action open or done. The pupil may change only their own pupil-owned actions;
    a careers adviser or the careers leader of the school any. Raises GuidanceRefused."""
    interview = action.interview
    if actor.role == Role.PUPIL:
        if actor.id != interview.pupil_id or action.owner != ActionOwner.PUPIL:
            raise GuidanceRefused("You can only tick off your own actions.")
    elif actor.role not in RECORDERS or actor.school_id != interview.school_id:
        raise GuidanceRefused("Only a careers adviser or the careers leader can change this action.")
    if action.status == status:
        return action
    action.status = status
    audit.log(actor, interview.school_id, "guidance_action_set", action,
              pupil_id=interview.pupil_id, interview_id=interview.id, status=status.value)
    db.session.commit()
    return action


def set_tutor_consent(interview: GuidanceInterview, actor: User, shared: bool) -> GuidanceInterview:
    """The pupil shares the interview's summary and action plan with their tutor, or stops
    sharing it; the tutor's pages read the flag on every request, so stopping hides it at once
    (item 22; 002 B8 "with individual agreement"). Every share and unshare is audited, even a
    repeat. Raises GuidanceRefused for anyone but the pupil."""
    return _set_consent(interview, actor, "tutor", shared)


def set_parent_consent(interview: GuidanceInterview, actor: User, shared: bool) -> GuidanceInterview:
    """As ``set_tutor_consent``, for the pupil's linked parents and carers (requirements item 24;
    002 B8 "shared with parents"); the parent's page reads the flag on every request."""
    return _set_consent(interview, actor, "parents", shared)


def _set_consent(interview: GuidanceInterview, actor: User, who: str, shared: bool) -> GuidanceInterview:
    if actor.role != Role.PUPIL or actor.id != interview.pupil_id:
        raise GuidanceRefused("Only the pupil can choose who sees their interview.")
    setattr(interview, f"shared_with_{who}", shared)
    action = f"guidance_shared_with_{who}" if shared else f"guidance_unshared_with_{who}"
    audit.log(actor, interview.school_id, action, interview, pupil_id=interview.pupil_id)
    db.session.commit()
    return interview


def is_tutor_of(actor: User, pupil: Pupil) -> bool:
    """Whether ``actor`` is the tutor of ``pupil``'s group, in the same school."""
    group = pupil.tutor_group
    return (
        actor.role == Role.TUTOR
        and actor.school_id == pupil.school_id
        and group is not None
        and group.tutor_id == actor.id
    )


def mark_follow_up_done(interview: GuidanceInterview, actor: User) -> GuidanceInterview:
    """The pupil's tutor says they have followed the interview up (001 ¶70: "followed up by the
    form tutors"). Raises GuidanceRefused for anyone else, or when it is already done."""
    if not is_tutor_of(actor, interview.pupil):
        raise GuidanceRefused("Only the pupil's tutor can mark this done.")
    if interview.followed_up_at is not None:
        raise GuidanceRefused("This follow-up is already done.")
    interview.followed_up_at = clock.utcnow()
    interview.followed_up_by_id = actor.id
    audit.log(actor, interview.school_id, "guidance_followed_up", interview, pupil_id=interview.pupil_id)
    db.session.commit()
    return interview
