"""Today's date at the school (England), overridable for tests and demos."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import UTC
from zoneinfo import ZoneInfo

from flask import current_app

LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """The date in England now, or the app's ``FIXED_TODAY`` (an ISO date) when set."""
    fixed = current_app.config.get("FIXED_TODAY")
    if fixed:
        return date.fromisoformat(str(fixed))
    return datetime.now(LONDON).date()


def utcnow() -> datetime:
    """Now in UTC, naive like every timestamp column, or the app's ``FIXED_NOW`` (an ISO
    date-time in UTC) when set: sessions and sign-in throttling pin it in tests."""
    fixed = current_app.config.get("FIXED_NOW")
    if fixed:
        return datetime.fromisoformat(str(fixed)).replace(tzinfo=None)
    return datetime.now(UTC).replace(tzinfo=None)
