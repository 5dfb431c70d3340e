"""Event times: entered in UK local time, stored as naive UTC, shown in UK local time again.

Pure functions (no Flask, no database). Every timestamp column is naive UTC; the careers
leader types the clock time of the school, which moves between GMT and BST.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import UTC
from enum import StrEnum
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
MAX_HOURS = 14


def to_utc(day: date, at: time) -> datetime:
    """The naive UTC moment of ``at`` o'clock on ``day`` in England."""
    local = datetime.combine(day, at, tzinfo=LONDON)
    return local.astimezone(UTC).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """A naive UTC moment as a time in England (timezone-aware)."""
    return moment.replace(tzinfo=UTC).astimezone(LONDON)


def window_problem(starts_at: datetime, ends_at: datetime) -> str | None:
    """Why a start and end (naive UTC) cannot be an event's window, or None when they can:
    it must end after it starts and last at most ``MAX_HOURS`` (a school day and an evening;
    check-in codes and verifier links work only inside the window, so it must stay short)."""
    if ends_at <= starts_at:
        return "The end time must be after the start time."
    if ends_at - starts_at > timedelta(hours=MAX_HOURS):
        return f"An event can last at most {MAX_HOURS} hours. Make separate events for separate days."
    return None


class WindowState(StrEnum):
    """Where a moment falls against an event's window."""

    NOT_YET = "not_yet"
    OPEN = "open"
    ENDED = "ended"
    CANCELLED = "cancelled"


def window_state(
    starts_at: datetime, ends_at: datetime, at: datetime, *, cancelled: bool = False
) -> WindowState:
    """Whether check-in (and the verifier links) work at ``at``: only from the start to the
    end of the event, inclusive, and never once it is cancelled."""
    if cancelled:
        return WindowState.CANCELLED
    if at < starts_at:
        return WindowState.NOT_YET
    if at > ends_at:
        return WindowState.ENDED
    return WindowState.OPEN


def clock_time(moment: datetime | time) -> str:
    """``9am``, ``2:30pm``, ``midday``: GOV.UK style."""
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def describe_moment(moment: datetime) -> str:
    """``9am on Monday 15 June 2026`` (in England's time) for a naive UTC moment."""
    local = to_local(moment)
    return f"{clock_time(local)} on {local:%A} {local.day} {local:%B %Y}"


def time_on(moment: datetime, day: date) -> str:
    """``10:32am`` (in England's time) for a naive UTC moment on ``day`` in England; with the
    date, ``4:05pm on Wednesday 11 March 2026``, when it falls on another day."""
    local = to_local(moment)
    return clock_time(local) if local.date() == day else describe_moment(moment)


def describe(starts_at: datetime, ends_at: datetime) -> str:
    """``Thursday 12 March 2026, 9am to 12:30pm`` (in England's time) for naive UTC times."""
    start, end = to_local(starts_at), to_local(ends_at)
    day = f"{start:%A} {start.day} {start:%B %Y}"
    if end.date() != start.date():
        return f"{day}, {clock_time(start)} to {end:%A} {end.day} {end:%B} {clock_time(end)}"
    return f"{day}, {clock_time(start)} to {clock_time(end)}"
