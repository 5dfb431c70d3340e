"""Leavers' destinations (issue 11 item 4; requirements items 31 and 37; 001 ¶29, ¶38; 002 B3;
004 §6). Pure.

- Each leaver's destination is one of the DfE destination measures' groups: continuing in
  education or training (sixth form, further education college, university, apprenticeship,
  other training), employment, NEET (not in education, employment or training), or not known.
- Kept, and updated, for at least three years after leaving (002 B3: "for at least three
  years"), then deleted: RETAIN_YEARS after the day they left.
- A 16- or 17-year-old who leaves an education or training programme before completing it must
  be notified to the local authority "at the earliest possible opportunity" (001 ¶38): saving
  such a leaver creates a notification for the careers leader to send and tick off.
- The published summary gives each destination's share of one year's leavers, with groups of
  fewer than SUPPRESS_BELOW leavers not shown (as the governors' figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .dates import birthday

RETAIN_YEARS = 3
SUPPRESS_BELOW = 5


class DestinationKind(StrEnum):
    SIXTH_FORM = "sixth_form"
    FE_COLLEGE = "fe_college"
    UNIVERSITY = "university"
    APPRENTICESHIP = "apprenticeship"
    TRAINING = "training"
    EMPLOYMENT = "employment"
    NEET = "neet"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def group(self) -> str:
        """The DfE destination measure's group."""
        if self in (DestinationKind.EMPLOYMENT, DestinationKind.NEET, DestinationKind.UNKNOWN):
            return {"employment": "Employment", "neet": "Not in education, employment or training",
                    "unknown": "Not known"}[self.value]
        return "Education or training (including apprenticeships)"


LABELS = {
    DestinationKind.SIXTH_FORM: "Sixth form",
    DestinationKind.FE_COLLEGE: "Further education college",
    DestinationKind.UNIVERSITY: "University",
    DestinationKind.APPRENTICESHIP: "Apprenticeship",
    DestinationKind.TRAINING: "Other training",
    DestinationKind.EMPLOYMENT: "Employment",
    DestinationKind.NEET: "Not in education, employment or training (NEET)",
    DestinationKind.UNKNOWN: "Not known",
}


def deletion_due(left_on: date, today: date) -> bool:
    """Whether a destination is past the retention rule (kept RETAIN_YEARS after leaving)."""
    try:
        until = left_on.replace(year=left_on.year + RETAIN_YEARS)
    except ValueError:  # 29 February
        until = date(left_on.year + RETAIN_YEARS, 3, 1)
    return today > until


def must_notify(*, left_early: bool, date_of_birth: date, left_on: date) -> bool:
    """001 ¶38: a 16 or 17 year old who left a programme before completing it."""
    return left_early and birthday(date_of_birth, 16) <= left_on < birthday(date_of_birth, 18)


@dataclass(frozen=True)
class Share:
    kind: DestinationKind
    leavers: int
    percent: int | None  # None when not shown (fewer than SUPPRESS_BELOW leavers in all)


def summary(kinds: list[DestinationKind]) -> tuple[int, list[Share]]:
    """(leavers, each destination's share, most first). Nothing is shown for fewer than
    SUPPRESS_BELOW leavers in all; a destination with 1 to 4 leavers shows as "fewer than 5"
    (percent None), so no leaver can be picked out."""
    total = len(kinds)
    shares = []
    for kind in DestinationKind:
        n = kinds.count(kind)
        if not n:
            continue
        shown = total >= SUPPRESS_BELOW and n >= SUPPRESS_BELOW
        shares.append(Share(kind, n, round(100 * n / total) if shown else None))
    shares.sort(key=lambda s: (-s.leavers, s.kind.label))
    return total, shares
