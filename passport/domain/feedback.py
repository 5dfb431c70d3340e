"""Feedback after an event (issue 10 item 6; requirements items 19 and 42; 001 ¶18: the
programme is "regularly evaluated with feedback from pupils, parents, teachers and employers").

A pupil who went, a parent or carer of a pupil who went, and each organisation at the event give
a rating from 1 to 5 and a sentence. Feedback opens when the event starts (the end of a fair is
a good moment) and closes ``FEEDBACK_DAYS`` after it ends, while people still remember it. One
feedback per pupil, per parent and child, and per organisation: giving it again changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from enum import StrEnum

COMMENT_MAX = 280
FEEDBACK_DAYS = 28
RATINGS = {5: "Excellent", 4: "Good", 3: "All right", 2: "Not very good", 1: "Poor"}


class FeedbackFrom(StrEnum):
    PUPIL = "pupil"
    PARENT = "parent"
    EMPLOYER = "employer"

    @property
    def label(self) -> str:
        return {"pupil": "Pupils", "parent": "Parents and carers", "employer": "Employers"}[self.value]


class Window(StrEnum):
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


def window(starts_at: datetime, ends_at: datetime, now: datetime, days: int = FEEDBACK_DAYS) -> Window:
    """Whether feedback on an event that runs ``starts_at``–``ends_at`` can be given ``now``."""
    if now < starts_at:
        return Window.NOT_YET
    if now > ends_at + timedelta(days=days):
        return Window.CLOSED
    return Window.OPEN


def closes_at(ends_at: datetime, days: int = FEEDBACK_DAYS) -> datetime:
    return ends_at + timedelta(days=days)


def key_of(source: FeedbackFrom, *, author_id: int | None = None, pupil_id: int | None = None,
           organisation_id: int | None = None) -> str:
    """Who a feedback is from, as one value that is unique per event: a pupil, a parent about
    one child (a parent of twins at the event gives one each), an organisation."""
    if source is FeedbackFrom.PUPIL:
        return f"pupil:{pupil_id}"
    if source is FeedbackFrom.PARENT:
        return f"parent:{author_id}:{pupil_id}"
    return f"org:{organisation_id}"


@dataclass(frozen=True)
class Summary:
    source: FeedbackFrom
    count: int
    average: float | None  # to one decimal place; None when nobody gave any


def summarise(ratings: list[tuple[FeedbackFrom, int]]) -> list[Summary]:
    """Count and average rating for each kind of giver, pupils first."""
    result = []
    for source in FeedbackFrom:
        given = [r for s, r in ratings if s is source]
        result.append(Summary(source, len(given), round(sum(given) / len(given), 1) if given else None))
    return result
