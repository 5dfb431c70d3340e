"""Event times: typed in UK local time, stored as naive UTC, and the window's limits."""

from datetime import date
from datetime import datetime
from datetime import time

import pytest
from passport.domain import event_times
from passport.domain.event_times import WindowState


@pytest.mark.parametrize(
    ("day", "at", "utc"),
    [
        pytest.param(date(2026, 1, 15), time(9, 0), datetime(2026, 1, 15, 9, 0), id="winter-GMT"),
        pytest.param(date(2026, 6, 15), time(9, 0), datetime(2026, 6, 15, 8, 0), id="summer-BST"),
        pytest.param(date(2026, 3, 29), time(10, 0), datetime(2026, 3, 29, 9, 0), id="clocks-went-forward"),
        pytest.param(date(2026, 10, 25), time(10, 0), datetime(2026, 10, 25, 10, 0), id="clocks-went-back"),
        pytest.param(date(2026, 6, 15), time(0, 30), datetime(2026, 6, 14, 23, 30), id="BST-after-midnight"),
    ],
)
def test_local_times_become_naive_utc_and_back(day, at, utc):
    assert event_times.to_utc(day, at) == utc
    local = event_times.to_local(utc)
    assert (local.date(), local.time()) == (day, at)


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        pytest.param(time(9), time(12), None, id="a-morning"),
        pytest.param(time(8), time(22), None, id="exactly-14-hours"),
        pytest.param(time(9), time(9), "must be after the start", id="ends-as-it-starts"),
        pytest.param(time(12), time(9), "must be after the start", id="ends-before-it-starts"),
        pytest.param(time(7), time(21, 1), "at most 14 hours", id="over-14-hours"),
    ],
)
def test_the_window_must_end_after_it_starts_and_last_at_most_14_hours(start, end, problem):
    day = date(2026, 6, 15)
    found = event_times.window_problem(event_times.to_utc(day, start), event_times.to_utc(day, end))
    if problem is None:
        assert found is None
    else:
        assert problem in found


@pytest.mark.parametrize(
    ("at", "cancelled", "state"),
    [
        pytest.param(datetime(2026, 6, 15, 7, 59, 59), False, WindowState.NOT_YET, id="a-second-early"),
        pytest.param(datetime(2026, 6, 15, 8, 0), False, WindowState.OPEN, id="at-the-start"),
        pytest.param(datetime(2026, 6, 15, 11, 0), False, WindowState.OPEN, id="at-the-end"),
        pytest.param(datetime(2026, 6, 15, 11, 0, 1), False, WindowState.ENDED, id="a-second-late"),
        pytest.param(datetime(2026, 6, 15, 9, 0), True, WindowState.CANCELLED, id="cancelled"),
    ],
)
def test_window_state(at, cancelled, state):
    starts, ends = datetime(2026, 6, 15, 8, 0), datetime(2026, 6, 15, 11, 0)
    assert event_times.window_state(starts, ends, at, cancelled=cancelled) is state


@pytest.mark.parametrize(
    ("at", "text"),
    [
        (time(9), "9am"), (time(12), "midday"), (time(12, 30), "12:30pm"), (time(0, 5), "12:05am"),
        (time(17), "5pm"),
    ],
)
def test_clock_time_is_govuk_style(at, text):
    assert event_times.clock_time(at) == text


def test_describe_moment():
    assert event_times.describe_moment(datetime(2026, 1, 15, 13, 30)) == "1:30pm on Thursday 15 January 2026"


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        pytest.param(datetime(2026, 6, 15, 9, 32), "10:32am", id="same-day-in-bst"),
        pytest.param(datetime(2026, 6, 15, 23, 30), "12:30am on Tuesday 16 June 2026", id="after-midnight"),
        pytest.param(datetime(2026, 6, 16, 15, 5), "4:05pm on Tuesday 16 June 2026", id="next-day"),
    ],
)
def test_time_on_gives_the_date_only_for_another_day(moment, text):
    assert event_times.time_on(moment, date(2026, 6, 15)) == text


def test_describe_says_the_day_and_the_local_times():
    # 08:00-11:30 UTC in June is 9am-12:30pm in England.
    assert (
        event_times.describe(datetime(2026, 6, 15, 8, 0), datetime(2026, 6, 15, 11, 30))
        == "Monday 15 June 2026, 9am to 12:30pm"
    )
