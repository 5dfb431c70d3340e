"""The EHC annual-review careers summary: which pupils it is for, and which part of the record
it covers (requirements item 39; 001 ¶44; 000 ¶99)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from .dates import academic_year
from .dates import school_year_bounds
from .kinds import EntryKind

# "Where pupils have EHC plans, their annual reviews must, from year 9 at the latest, include a
# focus on adulthood, including employment" [001 ¶44; 000 ¶99]. Statutory, not a school setting.
FROM_YEAR = 9

# The entries that say what the pupil knows of work: meeting employers, experiences of
# workplaces, and the jobs and volunteering they do themselves (the "employment" outcome).
WORK_KINDS = (
    EntryKind.EMPLOYER_ENCOUNTER,
    EntryKind.WORKPLACE_EXPERIENCE,
    EntryKind.PART_TIME_JOB,
    EntryKind.VOLUNTEERING,
)


class Refusal(StrEnum):
    """Why a pupil has no summary."""

    NO_PLAN = "no_plan"
    TOO_YOUNG = "too_young"


def refusal(*, ehc_plan: bool, year_group: int) -> Refusal | None:
    """Why there is no summary for this pupil, or None when there is one: only a pupil with an
    EHC plan has annual reviews, and the careers focus starts in Year 9 [001 ¶44]."""
    if not ehc_plan:
        return Refusal.NO_PLAN
    if year_group < FROM_YEAR:
        return Refusal.TOO_YOUNG
    return None


def covers_from(year_group: int, today: date) -> date:
    """The first day the summary covers: 1 September of the school year in which the pupil was
    in Year 9, counted back from their year group on ``today`` (no repeated or skipped years,
    as ``dates.year_group_on``)."""
    return school_year_bounds(academic_year(today) - (year_group - FROM_YEAR))[0]
