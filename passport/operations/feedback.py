"""Giving feedback after an event (issue 10 item 6; requirements items 19, 42; 001 ¶18).

Only someone who was there gives it: a pupil with the event on their record (not rejected), a
linked parent or carer of such a pupil, or an organisation at the event through its link; only
while ``domain.feedback.window`` is open. Giving it again changes it. A pupil's feedback saved on
their phone offline replays once (``op``, as every outbox write)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

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
        raise FeedbackRefused(f"Keep it under {rules.COMMENT_MAX} characters.")
    return comment


def _save(event: Event, source: FeedbackFrom, giver: str, rating: int, comment: str, **who) -> EventFeedback:
    row = db.session.scalar(
        select(EventFeedback).where(EventFeedback.event_id == event.id, EventFeedback.giver == giver)
    )
    now = clock.utcnow()
    if row is None:
        row = EventFeedback(school_id=event.school_id, event_id=event.id, source=source, giver=giver,
                            created_at=now, **who)
        db.session.add(row)
    row.rating, row.comment, row.updated_at = rating, comment, now
    return row


def by_pupil(actor: User, pupil: Pupil, event: Event, rating: int, comment: str,
             op: uuid.UUID | None = None) -> EventFeedback:
    """The pupil's own feedback on an event they went to. Raises FeedbackRefused, or
    AlreadyApplied (``operations.entries``) for a repeated ``op``."""
    if actor.role is not Role.PUPIL or actor.id != pupil.id or event.school_id != pupil.school_id:
        raise FeedbackRefused("Only the pupil who went gives this feedback.")
    comment = _check(rating, comment)
    _check_receipt(op, actor)
    _check_window(event)
    if not went(pupil, event):
        raise FeedbackRefused("This event is not on your passport.")
    giver = rules.key_of(FeedbackFrom.PUPIL, pupil_id=pupil.id)
    with _once(op):
        row = _save(event, FeedbackFrom.PUPIL, giver, rating, comment, author_id=actor.id, pupil_id=pupil.id)
        _add_receipt(op, actor, "feedback.save", None)
    return row


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
    row = _save(
        event, FeedbackFrom.PARENT, giver, rating, comment, author_id=link.parent_id, pupil_id=pupil.id
    )
    db.session.commit()
    return row


def by_organisation(org: EventOrganisation, rating: int, comment: str) -> EventFeedback:
    """An organisation's feedback on the event it came to, through its link."""
    if org.revoked_at is not None:
        raise FeedbackRefused("The school has turned this link off.")
    comment = _check(rating, comment)
    _check_window(org.event)
    giver = rules.key_of(FeedbackFrom.EMPLOYER, organisation_id=org.id)
    row = _save(org.event, FeedbackFrom.EMPLOYER, giver, rating, comment, organisation_id=org.id)
    db.session.commit()
    return row
