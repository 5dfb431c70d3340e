"""Provider access, counted (issue 11 item 3; requirements items 12–14; 001 ¶63, 004 §15): the
encounters with technical-education and apprenticeship providers each pupil must be given.

- Phase 1: two encounters in Year 8, or between 1 September and 28 February of Year 9; phase 2
  the same in Year 10 or up to 28 February of Year 11 (both "mandatory", item 12).
- Phase 3: Year 12, or up to 28 February of Year 13, where the school has a sixth form: the
  school must offer it, attending is optional (DfE 2023, item 12, configurable; here counted and
  shown, never "missed").
- Only qualifying sessions count: a provider-access event to which the whole year group was
  invited, in school hours (001 ¶63; ``domain.events.counts_for_provider_duty``), and that school
  has not rejected on the pupil's record.
- "28 February" is read as written, also in a leap year (the guidance's words; 29 February is
  after the window).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .dates import academic_year

NEEDED = 2


@dataclass(frozen=True)
class Phase:
    number: int
    first_year: int  # the window runs from 1 September of this year group
    optional: bool  # phase 3: offered by the school, attendance optional

    @property
    def label(self) -> str:
        return f"Phase {self.number}: Year {self.first_year} or Year {self.first_year + 1} to 28 February"


PHASES = (Phase(1, 8, False), Phase(2, 10, False), Phase(3, 12, True))


class PhaseStatus(StrEnum):
    DONE = "Done"
    TO_COME = "Still to come"
    MISSED = "Missed"
    NOT_YET = "Not started"


def window(phase: Phase, year_group: int, today: date) -> tuple[date, date]:
    """The phase's first and last days for a pupil in ``year_group`` on ``today``."""
    start_year = academic_year(today) - (year_group - phase.first_year)
    return date(start_year, 9, 1), date(start_year + 2, 2, 28)


def status(phase: Phase, year_group: int, encounters: int, today: date) -> PhaseStatus:
    start, end = window(phase, year_group, today)
    if encounters >= NEEDED:
        return PhaseStatus.DONE
    if today < start:
        return PhaseStatus.NOT_YET
    if today <= end or phase.optional:
        return PhaseStatus.TO_COME
    return PhaseStatus.MISSED


def current_phase(year_group: int) -> Phase | None:
    """The phase a pupil of ``year_group`` is in or has just finished (Years 8–13), else None."""
    return next((p for p in reversed(PHASES) if year_group >= p.first_year), None)


def encounters_in(phase: Phase, year_group: int, dates_met: list[date], today: date) -> int:
    start, end = window(phase, year_group, today)
    return sum(1 for d in dates_met if start <= d <= end)
