"""Feedback after events, read (issue 10 item 6): what each giver said before (to change it), the
events a pupil went to that are open for feedback, and an event's feedback for the careers
leader. Each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..domain import feedback as rules
from ..domain.feedback import FeedbackFrom
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import Event
from ..models import EventFeedback
from ..models import EventOrganisation
from ..models import Pupil
from ..models import User


def given(event: Event, giver: str) -> EventFeedback | None:
    return db.session.scalar(
        select(EventFeedback).where(EventFeedback.event_id == event.id, EventFeedback.giver == giver)
    )


@dataclass(frozen=True)
class ToRate:
    event: Event
    entry_uuid: object
    rating: int | None  # what this giver said before, if anything


def open_events_of(pupil: Pupil, now: datetime, giver: str) -> list[ToRate]:
    """The events on the pupil's record (not rejected, not cancelled) whose feedback is open
    ``now`` (``domain.feedback.window``), newest first, each with the rating ``giver``
    (``domain.feedback.key_of``) gave it, if any. Two queries."""
    rows = db.session.execute(
        select(Event, Entry.client_uuid)
        .join(Entry, Entry.event_id == Event.id)
        .where(
            Entry.pupil_id == pupil.id, Entry.school_id == pupil.school_id,
            Entry.verification != Verification.REJECTED, Event.cancelled_at.is_(None),
            Event.starts_at <= now, Event.ends_at >= now - timedelta(days=rules.FEEDBACK_DAYS),
        )
        .order_by(Event.starts_at.desc(), Event.id)
    ).all()
    events = {}
    for event, entry_uuid in rows:
        events.setdefault(event.id, (event, entry_uuid))
    ratings = dict(db.session.execute(
        select(EventFeedback.event_id, EventFeedback.rating).where(
            EventFeedback.event_id.in_(events), EventFeedback.giver == giver
        )
    ).all()) if events else {}
    return [ToRate(e, u, ratings.get(e.id)) for e, u in events.values()]


@dataclass(frozen=True)
class Given:
    source: FeedbackFrom
    rating: int
    comment: str
    updated_at: datetime
    who: str  # the pupil's name and year, the parent's name and child's, or the organisation


def of_event(event: Event) -> tuple[list[rules.Summary], list[Given]]:
    """An event's feedback for the careers leader: the count and average for each kind of
    giver, and each one newest first, with who gave it (one query). The careers leader sees a
    pupil's name so that anything worrying a pupil writes can be followed up."""
    pupil_user = aliased(User)
    author = aliased(User)
    rows = db.session.execute(
        select(
            EventFeedback.source, EventFeedback.rating, EventFeedback.comment, EventFeedback.updated_at,
            pupil_user.first_name, pupil_user.last_name, Pupil.year_group,
            author.first_name.label("author_first"), author.last_name.label("author_last"),
            EventOrganisation.name,
        )
        .outerjoin(Pupil, Pupil.id == EventFeedback.pupil_id)
        .outerjoin(pupil_user, pupil_user.id == EventFeedback.pupil_id)
        .outerjoin(author, author.id == EventFeedback.author_id)
        .outerjoin(EventOrganisation, EventOrganisation.id == EventFeedback.organisation_id)
        .where(EventFeedback.event_id == event.id, EventFeedback.school_id == event.school_id)
        .order_by(EventFeedback.updated_at.desc(), EventFeedback.id.desc())
    ).all()
    given_list = []
    for r in rows:
        if r.source is FeedbackFrom.EMPLOYER:
            who = r.name or "An organisation"
        elif r.source is FeedbackFrom.PUPIL:
            who = f"{r.first_name} {r.last_name}, Year {r.year_group}"
        else:
            who = f"{r.author_first} {r.author_last}, parent or carer of {r.first_name} {r.last_name}"
        given_list.append(Given(r.source, r.rating, r.comment, r.updated_at, who))
    return rules.summarise([(g.source, g.rating) for g in given_list]), given_list
