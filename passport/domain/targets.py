"""Pupil targets after events: their statuses and when one is due for review (requirements
item 25; 002 B2, B7). Pure: plain values in, plain values out."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from enum import StrEnum

# The tutor's list shows targets whose review date is this close, or past.
DUE_WITHIN_DAYS = 14
TEXT_MAX = 300
# A review further away than this is not a next step any more (and keeps typos like 2062 out).
LATEST_REVIEW_DAYS = 2 * 366


class TargetStatus(StrEnum):
    """Where a target stands. Only an open target is due for review."""

    OPEN = "open"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


# The words pupils and staff see for each status.
STATUS_LABELS = {
    TargetStatus.OPEN: "Still working on it",
    TargetStatus.ACHIEVED: "Done",
    TargetStatus.DROPPED: "Not doing it any more",
}


def due_by(today: date) -> date:
    """The last review date the tutor's "due for review" list includes on ``today``."""
    return today + timedelta(days=DUE_WITHIN_DAYS)


def is_due(status: TargetStatus, review_on: date, today: date) -> bool:
    """An open target is due when its review date is within ``DUE_WITHIN_DAYS`` or past."""
    return status is TargetStatus.OPEN and review_on <= due_by(today)


def is_overdue(status: TargetStatus, review_on: date, today: date) -> bool:
    """An open target whose review date has passed."""
    return status is TargetStatus.OPEN and review_on < today


def review_problem(review_on: date, today: date) -> str | None:
    """Why ``review_on`` cannot be a new target's review date, in plain words, or None."""
    if review_on < today:
        return "The review date cannot be in the past. Choose today or a later date."
    if review_on > today + timedelta(days=LATEST_REVIEW_DAYS):
        return "Choose a review date in the next two years."
    return None
