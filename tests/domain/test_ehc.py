"""Which pupils have an EHC annual-review careers summary, and from when it lists their record
(requirements item 39; 001 ¶44 "from year 9 at the latest"; 000 ¶99)."""

from datetime import date

import pytest
from passport.domain import ehc
from passport.domain.ehc import Refusal


@pytest.mark.parametrize(
    ("ehc_plan", "year_group", "expected"),
    [
        pytest.param(True, 9, None, id="req39-001¶44-plan-in-year-9-has-one"),
        pytest.param(True, 13, None, id="req39-plan-in-year-13-has-one"),
        pytest.param(True, 8, Refusal.TOO_YOUNG, id="req39-001¶44-plan-in-year-8-not-yet"),
        pytest.param(True, 7, Refusal.TOO_YOUNG, id="req39-plan-in-year-7-not-yet"),
        pytest.param(False, 10, Refusal.NO_PLAN, id="req39-no-plan-no-review-to-summarise"),
        pytest.param(False, 8, Refusal.NO_PLAN, id="req39-no-plan-is-the-reason-before-the-year"),
    ],
)
def test_a_summary_is_for_a_pupil_with_an_ehc_plan_from_year_9(ehc_plan, year_group, expected):
    assert ehc.refusal(ehc_plan=ehc_plan, year_group=year_group) is expected


@pytest.mark.parametrize(
    ("year_group", "today", "expected"),
    [
        pytest.param(9, date(2026, 3, 10), date(2025, 9, 1), id="year-9-this-school-year"),
        pytest.param(11, date(2026, 3, 10), date(2023, 9, 1), id="year-11-two-years-back"),
        pytest.param(10, date(2025, 9, 1), date(2024, 9, 1), id="first-day-of-a-school-year"),
        pytest.param(10, date(2025, 8, 31), date(2023, 9, 1), id="last-day-of-a-school-year"),
    ],
)
def test_the_summary_covers_the_record_from_the_start_of_year_9(year_group, today, expected):
    """001 ¶44: the review's focus on adulthood starts in Year 9, so the summary lists what
    happened from 1 September of the pupil's Year 9."""
    assert ehc.covers_from(year_group, today) == expected
