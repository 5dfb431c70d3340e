"""Who an event's evidence may go to: the one rule both a pupil's check-in and an attending
organisation's confirmation apply (issue 7, item 9: a Year 11 event's verifier link confirmed a
Year 8 pupil whom the event's own check-in refused as not invited). Plain values, no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Ineligible(StrEnum):
    """Why an event cannot go on this pupil's record, whoever vouches for it."""

    OTHER_SCHOOL = "other_school"
    CANCELLED = "cancelled"
    NOT_INVITED = "not_invited"


@dataclass(frozen=True)
class EventFacts:
    """What the rule reads about an event."""

    school_id: int
    year_groups: tuple[int, ...] = ()  # empty: every year group
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class PupilFacts:
    """What the rule reads about a pupil."""

    school_id: int
    year_group: int


def ineligible(event: EventFacts, pupil: PupilFacts) -> Ineligible | None:
    """None when the event's evidence may go on the pupil's record; otherwise why not, in the
    order a pupil should hear it: another school's event names nothing about itself, a
    cancelled event is cancelled for everyone, and an event for other year groups is not the
    pupil's (requirements item 16: evidence of an encounter the school ran for the pupil)."""
    if event.school_id != pupil.school_id:
        return Ineligible.OTHER_SCHOOL
    if event.cancelled_at is not None:
        return Ineligible.CANCELLED
    if event.year_groups and pupil.year_group not in event.year_groups:
        return Ineligible.NOT_INVITED
    return None
