"""How a tutor's review reads a pupil's progress: each criterion as one of a few plain states,
and pupils ordered by who needs help most (issue 8, item 3). Pure: plain values in and out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from enum import StrEnum

from .benchmarks import CriterionStatus
from .benchmarks import Progress
from .benchmarks import Status

# "Due soon": the deadline falls within this many days (a half term and a bit), so a tutor
# has time to act before it passes.
DUE_SOON_DAYS = 60


class Cell(StrEnum):
    """What one criterion looks like in the review, in words as well as colour."""

    MET = "Met"
    OVERDUE = "Missed"
    DUE_SOON = "Due soon"
    LATER = "Later"
    NOT_APPLICABLE = "Not needed"


def cell(criterion: CriterionStatus, today: date) -> Cell:
    """The state of ``criterion`` on ``today``: due soon when open with a deadline in
    ``DUE_SOON_DAYS`` days; open criteria with a later deadline, and windows not yet open, are later."""
    match criterion.status:
        case Status.MET:
            return Cell.MET
        case Status.OVERDUE:
            return Cell.OVERDUE
        case Status.NOT_APPLICABLE:
            return Cell.NOT_APPLICABLE
        case Status.DUE if criterion.due is not None and criterion.due <= today + timedelta(DUE_SOON_DAYS):
            return Cell.DUE_SOON
    return Cell.LATER


@dataclass(frozen=True)
class Need:
    """How much help a pupil needs: missed criteria first, then those due soon."""

    missed: int
    due_soon: int

    def sort_key(self) -> tuple[int, int]:
        return (-self.missed, -self.due_soon)


def need(progress: Progress, today: date) -> Need:
    cells = [cell(c, today) for c in progress.criteria]
    return Need(missed=cells.count(Cell.OVERDUE), due_soon=cells.count(Cell.DUE_SOON))


def columns(progresses: Iterable[Progress]) -> list[CriterionStatus]:
    """One column per criterion key across the pupils, in benchmark order (the first pupil's
    criterion stands for the column: same key, same title)."""
    seen: dict[str, CriterionStatus] = {}
    for progress in progresses:
        for criterion in progress.criteria:
            seen.setdefault(criterion.key, criterion)
    return sorted(seen.values(), key=lambda c: c.benchmark)
