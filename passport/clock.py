"""Today's date at the school (England), overridable for tests and demos."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """The date in England now, or the app's ``FIXED_TODAY`` (an ISO date) when set."""
    fixed = current_app.config.get("FIXED_TODAY")
    if fixed:
        return date.fromisoformat(str(fixed))
    return datetime.now(LONDON).date()
