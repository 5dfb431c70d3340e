"""Giving feedback after an event (issue 10 item 6; requirements items 19, 42; 001 ¶18).

Only someone who was there gives it: a pupil with the event on their record (not rejected), a
linked parent or carer of such a pupil, or an organisation at the event through its link; only
while ``domain.feedback.window`` is open. Giving it again changes it. A pupil's feedback saved on
their phone offline replays once (``op``, as every outbox write)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..domain import feedback as rules
from ..domain.feedback import FeedbackFrom
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import Event
from ..models import EventFeedback
from ..models import EventOrganisation
from ..models import ParentLink
from ..models import Pupil
from ..models import Role
from ..models import User
from .entries import _add_receipt
from .entries import _check_receipt
from .entries import _once

WINDOW_WORDS = {
    rules.Window.NOT_YET: "Feedback opens when the event starts.",
    rules.Window.CLOSED: f"Feedback closed {rules.FEEDBACK_DAYS} days after the event.",
}


class FeedbackRefused(ValueError):
    """This feedback cannot be given; the message says why, in words for the giver."""


def went(pupil: Pupil, event: Event) -> bool:
    """Whether the event is on the pupil's record and school has not rejected it."""
    return db.session.scalar(
        select(Entry.id).where(
            Entry.pupil_id == pupil.id, Entry.school_id == pupil.school_id, Entry.event_id == event.id,
            Entry.verification != Verification.REJECTED,
        ).limit(1)
    ) is not None


def _check_window(event: Event) -> None:
    if event.cancelled_at is not None:
        raise FeedbackRefused("This event was cancelled.")
    state = rules.window(event.starts_at, event.ends_at, clock.utcnow())
    if state is not rules.Window.OPEN:
        raise FeedbackRefused(WINDOW_WORDS[state])


def _check(rating: int, comment: str) -> str:
    if not 1 <= rating <= 5:
        raise FeedbackRefused("Choose a rating from 1 to 5.")
    comment = comment.strip()
    if len(comment) > rules.COMMENT_MAX:
        raise FeedbackRefused(f"Keep it to {rules.COMMENT_MAX} characters or fewer.")
    return comment


class StaleFeedback(FeedbackRefused):
    """The feedback was changed after this form was made (an older copy replayed from a phone):
    the newer one is kept, and the older copy stays on the phone with this message."""


STALE = "You changed this feedback after saving this copy on your phone, so the newer one is kept."


def _save(
    event: Event, source: FeedbackFrom, giver: str, rating: int, comment: str, *,
    op: uuid.UUID | None = None, actor: User | None = None, expected_version: int | None = None, **who,
) -> EventFeedback:
    """Insert or change the giver's feedback and commit (with ``op``'s receipt, once). Two first
    saves at the same moment (an organisation's people share its link) meet the unique
    constraint: the second is tried again as a change. ``expected_version``: the version the
    form started from (0: none yet), or None not to check."""
    for last_try in (False, True):
        row = db.session.scalar(
            select(EventFeedback).where(EventFeedback.event_id == event.id, EventFeedback.giver == giver)
        )
        if expected_version is not None and (row.version if row else 0) != expected_version:
            raise StaleFeedback(STALE)
        now = clock.utcnow()
        if row is None:
            row = EventFeedback(school_id=event.school_id, event_id=event.id, source=source, giver=giver,
                                created_at=now, version=0, **who)
            db.session.add(row)
        row.rating, row.comment, row.updated_at, row.version = rating, comment, now, row.version + 1
        try:
            with _once(op):  # commits; AlreadyApplied when a concurrent request applied ``op``
                if op is not None:
                    _add_receipt(op, actor, "feedback.save", None)
            return row
        except IntegrityError:
            if last_try:
                raise
    raise AssertionError("unreachable")


def by_pupil(actor: User, pupil: Pupil, event: Event, rating: int, comment: str,
             op: uuid.UUID | None = None, expected_version: int | None = None) -> EventFeedback:
    """The pupil's own feedback on an event they went to. Raises FeedbackRefused (StaleFeedback
    when ``expected_version`` moved), AlreadyApplied (``operations.entries``) for a repeated
    ``op``, NotYours for someone else's ``op``."""
    if actor.role is not Role.PUPIL or actor.id != pupil.id or event.school_id != pupil.school_id:
        raise FeedbackRefused("Only the pupil who went gives this feedback.")
    comment = _check(rating, comment)
    _check_receipt(op, actor)
    _check_window(event)
    if not went(pupil, event):
        raise FeedbackRefused("This event is not on your passport.")
    giver = rules.key_of(FeedbackFrom.PUPIL, pupil_id=pupil.id)
    return _save(
        event, FeedbackFrom.PUPIL, giver, rating, comment, op=op, actor=actor,
        expected_version=expected_version, author_id=actor.id, pupil_id=pupil.id,
    )


def by_parent(link: ParentLink, event: Event, rating: int, comment: str) -> EventFeedback:
    """A linked parent's or carer's feedback on an event their child went to."""
    pupil = link.pupil
    if event.school_id != pupil.school_id:
        raise FeedbackRefused("This event is not at your child's school.")
    comment = _check(rating, comment)
    _check_window(event)
    if not went(pupil, event):
        raise FeedbackRefused(f"This event is not on {pupil.user.first_name}'s passport.")
    giver = rules.key_of(FeedbackFrom.PARENT, author_id=link.parent_id, pupil_id=pupil.id)
    return _save(
        event, FeedbackFrom.PARENT, giver, rating, comment, author_id=link.parent_id, pupil_id=pupil.id
    )


def by_organisation(org: EventOrganisation, rating: int, comment: str) -> EventFeedback:
    """An organisation's feedback on the event it came to, through its link."""
    if org.revoked_at is not None:
        raise FeedbackRefused("The school has turned this link off.")
    comment = _check(rating, comment)
    _check_window(org.event)
    giver = rules.key_of(FeedbackFrom.EMPLOYER, organisation_id=org.id)
    return _save(org.event, FeedbackFrom.EMPLOYER, giver, rating, comment, organisation_id=org.id)
