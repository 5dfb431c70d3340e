"""When an attending organisation's verifier link works: the rule, as plain values.

A link opens pupils' passes only while its event is on (with a margin for setting up and
packing away), until the school revokes it. Confirmations an employer saved on their phone
with no signal may still arrive for a while after the event ends (docs/verification.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from enum import StrEnum

MARGIN = timedelta(minutes=30)


class LinkState(StrEnum):
    """Where a verifier link stands at one moment."""

    OPEN = "open"
    NOT_YET = "not_yet"
    ENDED = "ended"
    REVOKED = "revoked"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class LinkFacts:
    """What the rule reads about a link and its event (naive UTC, like every timestamp)."""

    starts_at: datetime
    ends_at: datetime
    revoked_at: datetime | None = None
    cancelled_at: datetime | None = None


def link_state(link: LinkFacts, now: datetime, margin: timedelta = MARGIN) -> LinkState:
    """OPEN from ``margin`` before the event starts until ``margin`` after it ends; a revoked
    link or a cancelled event never opens, whatever the time."""
    if link.revoked_at is not None and link.revoked_at <= now:
        return LinkState.REVOKED
    if link.cancelled_at is not None:
        return LinkState.CANCELLED
    if now < link.starts_at - margin:
        return LinkState.NOT_YET
    if now > link.ends_at + margin:
        return LinkState.ENDED
    return LinkState.OPEN


def accepts_late_sync(
    link: LinkFacts, now: datetime, max_delay: timedelta, margin: timedelta = MARGIN
) -> bool:
    """Whether confirmations saved offline during the event may still be sent now: while the
    link is open, and for ``max_delay`` after it closes, unless it was revoked or cancelled."""
    state = link_state(link, now, margin)
    if state is LinkState.OPEN:
        return True
    return state is LinkState.ENDED and now <= link.ends_at + margin + max_delay
