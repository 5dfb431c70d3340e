"""What the event pages read, and the one place check-in tokens and the links in QR codes
are built (the check-in screen, the pupil's check-in and the verifier pages all call these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import UTC

from flask import current_app
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..documents import links
from ..domain import event_times
from ..domain import tokens
from ..domain.events import content_coverage
from ..domain.events import ContentCoverage
from ..domain.events import counts_for_provider_duty
from ..domain.events import EventKind
from ..extensions import db
from ..models import CheckinClaim
from ..models import Event
from ..models import EventOrganisation


def checkin_key(event) -> bytes:
    return tokens.derive_key(current_app.config["SECRET_KEY"], "checkin", event.checkin_secret)


def _unix(at: datetime | float) -> float:
    """Unix seconds of ``at``: a naive UTC datetime (as the columns store), an aware one, or
    already a number."""
    if isinstance(at, datetime):
        return (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp()
    return float(at)


def public_base() -> str:
    """The address pupils' and employers' phones reach the app on (passport/documents/links.py:
    ``PUBLIC_URL``, never a Host header an attacker chose). No trailing slash."""
    return links.public_base()


def checkin_url(event: Event, at: datetime | float) -> tuple[str, str, str]:
    """``(url, token, typed_code)`` of ``event``'s check-in code for the slot ``at`` falls in
    (``CHECKIN_SLOT_SECONDS`` long): the URL ``<base>/c/<token>`` is what the QR carries, so a
    phone's own camera app lands in the app; the typed code is the fallback for no camera."""
    key = checkin_key(event)
    slot = tokens.slot_at(_unix(at), current_app.config["CHECKIN_SLOT_SECONDS"])
    token = tokens.checkin_token(key, event.public_code, slot)
    return f"{public_base()}/c/{token}", token, tokens.typed_code(key, slot)


def verifier_url(organisation: EventOrganisation) -> str:
    """The attending organisation's verifier link, ``<base>/v/<verifier secret>``."""
    return f"{public_base()}/v/{organisation.verifier_secret}"


def active_events(school_id: int, at: datetime) -> list[Event]:
    """The school's events whose window contains ``at`` (naive UTC), not cancelled, soonest
    ending first."""
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.school_id == school_id,
                Event.cancelled_at.is_(None),
                Event.starts_at <= at,
                Event.ends_at >= at,
            )
            .order_by(Event.ends_at, Event.id)
        )
    )


def todays_events(school_id: int, at: datetime) -> list[Event]:
    """The school's events on ``at``'s day in England (naive UTC) that are not over at ``at``
    and not cancelled, soonest first: the check-in screens staff may open today."""
    day = event_times.to_local(at).date()
    midnight = event_times.to_utc(day + timedelta(days=1), time(0))
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.school_id == school_id,
                Event.cancelled_at.is_(None),
                Event.ends_at >= at,
                Event.starts_at < midnight,
            )
            .order_by(Event.starts_at, Event.id)
        )
    )


@dataclass(frozen=True)
class EventLists:
    """A school's events: ``upcoming`` (not yet ended, soonest first) and ``past`` (newest
    first)."""

    upcoming: list[Event]
    past: list[Event]


def events_of(school_id: int, at: datetime) -> EventLists:
    """Every event of the school, split at ``at`` (naive UTC), in one query."""
    events = list(
        db.session.scalars(
            select(Event).where(Event.school_id == school_id).order_by(Event.starts_at, Event.id)
        )
    )
    return EventLists(
        upcoming=[e for e in events if e.ends_at >= at],
        past=[e for e in reversed(events) if e.ends_at < at],
    )


def event_or_none(school_id: int, event_id: int) -> Event | None:
    """The event with its organisations, if it belongs to the school."""
    return db.session.scalar(
        select(Event)
        .where(Event.id == event_id, Event.school_id == school_id)
        .options(selectinload(Event.organisations))
    )


def organisation_or_none(event: Event, organisation_id: int) -> EventOrganisation | None:
    """One of the event's attending organisations."""
    return next((o for o in event.organisations if o.id == organisation_id), None)


def checkin_count(event: Event) -> int:
    """How many pupils have checked in to the event (claims received by the server)."""
    return db.session.scalar(
        select(func.count()).select_from(CheckinClaim).where(
            CheckinClaim.event_id == event.id, CheckinClaim.school_id == event.school_id
        )
    )


def window_state(event: Event, at: datetime) -> event_times.WindowState:
    """Whether the event's check-in is open at ``at`` (naive UTC)."""
    return event_times.window_state(
        event.starts_at, event.ends_at, at, cancelled=event.cancelled_at is not None
    )


@dataclass(frozen=True)
class ProviderDuty:
    """Whether a provider-access session counts towards the provider-access duty, and if not,
    why not (requirements items 12-13)."""

    counts: bool
    reasons: tuple[str, ...]


def provider_duty(event: Event) -> ProviderDuty | None:
    """The duty status of a provider-access session; None for other kinds of event (they are
    not provider-access sessions, so the duty does not apply)."""
    if event.kind is not EventKind.PROVIDER_ACCESS:
        return None
    reasons = []
    if not event.whole_year_invited:
        reasons.append("not every pupil in the year group is invited")
    if not event.in_school_hours:
        reasons.append("it is outside school hours")
    counts = counts_for_provider_duty(
        event.kind, whole_year_invited=event.whole_year_invited, in_school_hours=event.in_school_hours
    )
    return ProviderDuty(counts=counts, reasons=tuple(reasons))


def provider_content(event: Event) -> ContentCoverage | None:
    """Which of the four content items a provider-access session covers, and which it does
    not [004 §15; item 13]; None for other kinds of event. It never changes ``provider_duty``."""
    if event.kind is not EventKind.PROVIDER_ACCESS:
        return None
    return content_coverage(event.content_item_list)
