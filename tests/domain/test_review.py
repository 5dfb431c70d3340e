"""The tutor's review states and need order (issue 8, item 3): every criterion reads as met,
missed, due soon, later or not needed; pupils with most missed, then most due soon, come first."""

from datetime import date

import pytest
from passport.domain import review
from passport.domain.benchmarks import CriterionStatus
from passport.domain.benchmarks import Progress
from passport.domain.benchmarks import Status

TODAY = date(2026, 3, 10)


def criterion(status: Status, due: date | None, key: str = "b5_year_9") -> CriterionStatus:
    return CriterionStatus(key, 5, "Meet an employer in Year 9", status, due, "001 ¶52", 0)


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        (Status.MET, date(2026, 7, 31), review.Cell.MET),
        (Status.OVERDUE, date(2025, 7, 31), review.Cell.OVERDUE),
        (Status.DUE, TODAY, review.Cell.DUE_SOON),
        (Status.DUE, date(2026, 5, 9), review.Cell.DUE_SOON),  # 60 days on: still soon
        (Status.DUE, date(2026, 5, 10), review.Cell.LATER),  # 61 days on
        (Status.UPCOMING, date(2026, 4, 1), review.Cell.LATER),  # its window has not opened
        (Status.NOT_APPLICABLE, None, review.Cell.NOT_APPLICABLE),
    ],
)
def test_each_criterion_reads_as_one_plain_state(status, due, expected):
    assert review.cell(criterion(status, due), TODAY) is expected


def test_need_counts_missed_then_due_soon_and_orders_most_first():
    behind = Progress((criterion(Status.OVERDUE, date(2025, 7, 31), "a"), criterion(Status.DUE, TODAY, "b")))
    soon = Progress((criterion(Status.DUE, TODAY, "a"), criterion(Status.DUE, TODAY, "b")))
    fine = Progress((criterion(Status.MET, TODAY, "a"),))
    pupils = {"behind": behind, "soon": soon, "fine": fine}
    needs = {name: review.need(p, TODAY) for name, p in pupils.items()}
    assert needs["behind"] == review.Need(missed=1, due_soon=1)
    assert sorted(needs, key=lambda name: needs[name].sort_key()) == ["behind", "soon", "fine"]


def test_columns_are_every_criterion_once_in_benchmark_order():
    b2 = CriterionStatus("b2_lmi", 2, "Jobs and pay", Status.DUE, TODAY, "001 B2", 0)
    b5 = criterion(Status.MET, TODAY)
    assert [c.key for c in review.columns([Progress((b5,)), Progress((b2, b5))])] == ["b2_lmi", "b5_year_9"]
