"""The demo school's pastoral side: a careers adviser, a SENCO and a designated teacher; a pupil
with an EHC plan (from Year 9, so their EHC review careers summary shows) and a looked-after
pupil, each with a guidance interview recorded by the adviser with agreed actions (the first
shared with the tutor by the pupil, the second not) and a target (requirements items 20-25, 38,
39; 001 ¶36, ¶44, ¶71). Everything goes through the real operations; nothing here draws on the
seed, so the rest of the school is what it was without it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from sqlalchemy import case
from sqlalchemy import select

from ..domain import ehc
from ..domain.kinds import ActionOwner
from ..domain.kinds import ActionStatus
from ..extensions import db
from ..models import Entry
from ..models import GuidanceInterview
from ..models import Pupil
from ..models import Reflection
from ..models import Role
from ..models import School
from ..models import User
from ..operations import guidance
from ..operations import people as people_ops
from ..operations import reflections
from ..operations import targets
from .texts import CARE_INTERVIEW
from .texts import CARE_STAFF
from .texts import CARE_TARGET
from .texts import EHC_INTERVIEW
from .texts import EHC_TARGET


@dataclass(frozen=True)
class DemoCare:
    """The pastoral staff, and the two pupils whose records show their pages (None only in a
    school too small to have them)."""

    adviser: User
    senco: User
    designated: User
    ehc_pupil: Pupil | None
    looked_after: Pupil | None


def build_care(school: School, leader: User, today: date, password: str, email_domain: str) -> DemoCare:
    """Add the staff with ``password``, then the two pupils' interviews and targets as of
    ``today``."""
    staff = {}
    for role, (first, last, mailbox) in CARE_STAFF.items():
        staff[role] = people_ops.add_staff(school, leader, role=Role(role), first_name=first, last_name=last,
                                           email=f"{mailbox}@{email_domain}")
    people_ops.set_passwords(list(staff.values()), password, leader)
    adviser = staff["careers_adviser"]
    mine = (Pupil.school_id == school.id,)
    # The Year 10 and Year 11 pupils people.py made sure of come first (their records have gaps).
    ehc_pupil = db.session.scalar(
        select(Pupil).where(*mine, Pupil.ehc_plan, Pupil.year_group >= ehc.FROM_YEAR)
        .order_by(case((Pupil.year_group == 10, 0), else_=1), Pupil.upn).limit(1)
    )
    others = (Pupil.id != ehc_pupil.id,) if ehc_pupil is not None else ()
    looked_after = db.session.scalar(
        select(Pupil).where(*mine, *others, Pupil.looked_after)
        .order_by(case((Pupil.year_group == 11, 0), else_=1), Pupil.upn).limit(1)
    )
    if ehc_pupil is not None:
        interview = _interview(ehc_pupil, adviser, today, EHC_INTERVIEW)
        # The pupil's own choice (item 22): their tutor may read this one.
        guidance.set_tutor_consent(interview, ehc_pupil.user, True)
        text, days = EHC_TARGET
        targets.set_target(ehc_pupil, ehc_pupil.user, text, today + timedelta(days=days))
        _shared_reflection(ehc_pupil)
    if looked_after is not None:
        _interview(looked_after, adviser, today, CARE_INTERVIEW)  # not shared: the tutor sees the date only
        tutor = looked_after.tutor_group.tutor if looked_after.tutor_group else None
        text, days = CARE_TARGET
        targets.set_target(looked_after, tutor or leader, text, today + timedelta(days=days))
    return DemoCare(adviser, staff["senco"], staff["designated_teacher"], ehc_pupil, looked_after)


TUTOR_COMMENT = "Thank you for sharing this. What would you like to find out next time?"
PUPIL_ANSWER = "How people who work with animals got started."


def _shared_reflection(pupil: Pupil) -> None:
    """The pupil shares their newest reflection with their staff; their tutor comments and the
    pupil answers (issue 8 item 3), so the tutor's pupil page and the pupil's entry show a
    thread. Nothing when they have no tutor or no reflection."""
    tutor = pupil.tutor_group.tutor if pupil.tutor_group else None
    entry = db.session.scalar(
        select(Entry).join(Reflection, Reflection.entry_id == Entry.id)
        .where(Entry.pupil_id == pupil.id).order_by(Entry.occurred_on.desc(), Entry.id.desc()).limit(1)
    )
    if tutor is None or entry is None:
        return
    reflections.set_sharing(entry, pupil.user, True)
    reflections.post_comment(entry, tutor, TUTOR_COMMENT)
    reflections.post_comment(entry, pupil.user, PUPIL_ANSWER)


def _interview(pupil: Pupil, adviser: User, today: date, plan) -> GuidanceInterview:
    """The interview of ``plan`` (texts.py), held on the last school day ``plan[0]`` days or more
    before ``today``, with its actions, the ones marked done ticked by the adviser."""
    days, advice, actions = plan
    held_on = _weekday_on_or_before(today - timedelta(days=days))
    interview = guidance.record_interview(pupil, adviser, guidance.InterviewData(
        held_on=held_on, adviser_name=adviser.display_name, adviser_level6=True, advice=advice,
        further_offered=True,
        actions=tuple(
            guidance.ActionData(text, ActionOwner(owner), today + timedelta(days=due) if due else None)
            for text, owner, due, _done in actions
        ),
    ))
    for action, (*_, done) in zip(interview.actions, actions, strict=True):
        if done:
            guidance.tick_action(action, adviser, ActionStatus.DONE)
    return interview


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day
