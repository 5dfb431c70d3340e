"""Tests for school-year and age arithmetic (passport.domain.dates)."""

from datetime import date
from datetime import timedelta

import pytest
from passport.domain.dates import academic_year
from passport.domain.dates import age_on
from passport.domain.dates import birthday
from passport.domain.dates import deadline_for_age
from passport.domain.dates import school_year_bounds
from passport.domain.dates import school_year_label
from passport.domain.dates import year_group_on


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        pytest.param(date(2025, 8, 31), 2024, id="school-year-31-aug-is-last-day"),
        pytest.param(date(2025, 9, 1), 2025, id="school-year-1-sep-is-first-day"),
        pytest.param(date(2025, 12, 31), 2025, id="school-year-31-dec-mid-year"),
        pytest.param(date(2026, 1, 1), 2025, id="school-year-1-jan-mid-year"),
        pytest.param(date(2024, 2, 29), 2023, id="school-year-leap-day"),
    ],
)
def test_academic_year(d, expected):
    assert academic_year(d) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        pytest.param(2025, (date(2025, 9, 1), date(2026, 8, 31)), id="bounds-2025"),
        pytest.param(2023, (date(2023, 9, 1), date(2024, 8, 31)), id="bounds-leap"),
    ],
)
def test_school_year_bounds(year, expected):
    assert school_year_bounds(year) == expected


def test_bounds_agree_with_academic_year_on_every_day_of_a_leap_year():
    first, last = school_year_bounds(2023)
    days = (last - first).days + 1
    assert days == 366
    for n in range(days):
        assert academic_year(first + timedelta(days=n)) == 2023
    assert academic_year(first - timedelta(days=1)) == 2022
    assert academic_year(last + timedelta(days=1)) == 2024


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        pytest.param(2025, "2025\u201326", id="label-en-dash"),
        pytest.param(2009, "2009\u201310", id="label-decade"),
        pytest.param(1999, "1999\u201300", id="label-century"),
    ],
)
def test_school_year_label(year, expected):
    assert school_year_label(year) == expected


# A pupil in Year 9 on 1 October 2025 (school year 2025–26).
@pytest.mark.parametrize(
    ("d", "today", "year_today", "expected"),
    [
        pytest.param(date(2025, 9, 1), date(2025, 10, 1), 9, 9, id="yg-first-day-now"),
        pytest.param(date(2025, 8, 31), date(2025, 10, 1), 9, 8, id="yg-31-aug-prior"),
        pytest.param(date(2026, 8, 31), date(2025, 10, 1), 9, 9, id="yg-last-day-now"),
        pytest.param(date(2026, 9, 1), date(2025, 10, 1), 9, 10, id="yg-next-1-sep"),
        pytest.param(date(2023, 9, 1), date(2025, 10, 1), 9, 7, id="yg-two-back"),
        pytest.param(date(2022, 12, 1), date(2025, 10, 1), 9, 6, id="yg-primary"),
        pytest.param(date(2025, 9, 1), date(2025, 8, 31), 8, 9, id="yg-today-31-aug"),
    ],
)
def test_year_group_on(d, today, year_today, expected):
    assert year_group_on(d, current_year_group=year_today, today=today) == expected


@pytest.mark.parametrize(
    ("dob", "age", "expected"),
    [
        pytest.param(date(2010, 5, 10), 16, date(2026, 5, 10), id="birthday-plain"),
        pytest.param(date(2010, 5, 10), 0, date(2010, 5, 10), id="birthday-age-0"),
        pytest.param(date(2008, 2, 29), 17, date(2025, 3, 1), id="birthday-29-feb-non-leap-1-mar"),
        pytest.param(date(2008, 2, 29), 16, date(2024, 2, 29), id="birthday-29-feb-leap-year"),
        pytest.param(date(2008, 2, 28), 17, date(2025, 2, 28), id="birthday-28-feb"),
    ],
)
def test_birthday(dob, age, expected):
    assert birthday(dob, age) == expected


def test_birthday_rejects_negative_age():
    with pytest.raises(ValueError, match="negative"):
        birthday(date(2010, 5, 10), -1)


@pytest.mark.parametrize(
    ("dob", "d", "expected"),
    [
        pytest.param(date(2010, 5, 10), date(2026, 5, 9), 15, id="age-day-before-16"),
        pytest.param(date(2010, 5, 10), date(2026, 5, 10), 16, id="age-on-16th"),
        pytest.param(date(2010, 5, 10), date(2010, 5, 10), 0, id="age-born-today"),
        pytest.param(date(2008, 2, 29), date(2025, 2, 28), 16, id="age-29feb-on-28feb"),
        pytest.param(date(2008, 2, 29), date(2025, 3, 1), 17, id="age-29feb-on-1mar"),
        pytest.param(date(2008, 2, 29), date(2024, 2, 28), 15, id="age-29feb-leap-28"),
        pytest.param(date(2008, 2, 29), date(2024, 2, 29), 16, id="age-29feb-leap-29"),
        pytest.param(date(2009, 12, 31), date(2023, 12, 30), 13, id="age-31-dec"),
    ],
)
def test_age_on(dob, d, expected):
    assert age_on(dob, d) == expected


def test_age_on_rejects_a_date_before_birth():
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(date(2010, 5, 10), date(2010, 5, 9))


def test_age_on_and_birthday_agree_for_every_birth_date_over_a_leap_cycle():
    # Every date of birth from 2007 to 2011 (two 29 Februaries) and every age the
    # benchmarks use: a person is n on their nth birthday and n-1 the day before.
    dob = date(2007, 1, 1)
    while dob < date(2012, 1, 1):
        for n in (11, 14, 16, 18):
            day = birthday(dob, n)
            assert age_on(dob, day) == n
            assert age_on(dob, day - timedelta(days=1)) == n - 1
            assert deadline_for_age(dob, n) == day - timedelta(days=1)
        dob += timedelta(days=1)


@pytest.mark.parametrize(
    ("dob", "age", "expected"),
    [
        pytest.param(date(2010, 5, 10), 16, date(2026, 5, 9), id="001¶56-by-16-is-day-before"),
        pytest.param(date(2008, 2, 29), 16, date(2024, 2, 28), id="by-age-29feb-in-leap-year"),
        pytest.param(date(2008, 2, 29), 18, date(2026, 2, 28), id="by-age-29feb-non-leap-year"),
        pytest.param(date(2008, 3, 1), 16, date(2024, 2, 29), id="by-age-1-mar-leap-year"),
        pytest.param(date(2010, 1, 1), 14, date(2023, 12, 31), id="001¶22-by-14-new-year"),
        # 004 §13 "by the time the pupil reaches age 16": a pupil born on 1 September
        # must be done by the end of Year 10, one born on 31 August late in Year 11.
        pytest.param(date(2009, 9, 1), 16, date(2025, 8, 31), id="004§13-sep-born-ends-year-10"),
        pytest.param(date(2010, 8, 31), 16, date(2026, 8, 30), id="004§13-aug-born-in-year-11"),
    ],
)
def test_deadline_for_age(dob, age, expected):
    assert deadline_for_age(dob, age) == expected
