"""Builders for the check-in tests: events with attending organisations, and the codes the event's
screen would show at a given moment."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from datetime import UTC

from flask import current_app
from passport.domain import tokens
from passport.domain.events import EventKind
from passport.models import Event
from passport.models import Role
from passport.operations import events as event_ops
from passport.queries.events import checkin_key

from tests import factories

# A Tuesday morning in March (GMT), when the fair runs 09:00-12:00.
FAIR_STARTS = datetime(2026, 3, 10, 9, 0)


def make_checkin_event(
    school,
    *,
    starts_at: datetime = FAIR_STARTS,
    hours: float = 3,
    title: str = "Year 9 careers fair",
    organisations: tuple[str, ...] = ("Arup", "NHS Leeds"),
    year_groups: tuple[int, ...] = (),
    **fields,
) -> Event:
    """An event made by the real operations (``factories.make_event``), STEM, in engineering and
    health, with ``organisations`` attending; by default a fair open to every year group."""
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    values = {
        "kind": EventKind.CAREERS_FAIR,
        "is_stem": True,
        "sectors": ("engineering_manufacturing", "health_care"),
        **fields,
    }
    event = factories.make_event(
        school, actor=leader, title=title, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours),
        year_groups=year_groups, **values,
    )
    for name in organisations:
        event_ops.add_organisation(event, leader, name)
    return event


def slot_of(event: Event, at: datetime) -> int:
    seconds = current_app.config["CHECKIN_SLOT_SECONDS"]
    return tokens.slot_at(at.replace(tzinfo=UTC).timestamp(), seconds)


def token_at(event: Event, at: datetime) -> str:
    """The token the event's QR carries at ``at`` (naive UTC)."""
    return tokens.checkin_token(checkin_key(event), event.public_code, slot_of(event, at))


def url_at(event: Event, at: datetime, base: str = "https://passport.example.sch.uk") -> str:
    return f"{base}/c/{token_at(event, at)}"


def typed_at(event: Event, at: datetime) -> str:
    """The short code shown under the QR at ``at``."""
    return tokens.typed_code(checkin_key(event), slot_of(event, at))


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
