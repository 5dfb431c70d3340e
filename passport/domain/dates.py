"""School-year and age arithmetic for English schools: pure functions of dates."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

# The English school year runs 1 September to 31 August (requirements §1, B5: "each year
# from years 7 to 13" is counted in these years).
_FIRST_MONTH = 9


def academic_year(d: date) -> int:
    """The calendar year in which the school year containing ``d`` began.

    1 September 2025 and 31 August 2026 both give 2025; 31 August 2025 gives 2024.
    """
    return d.year if d.month >= _FIRST_MONTH else d.year - 1


def school_year_bounds(academic_year: int) -> tuple[date, date]:
    """The first and last days (1 September, 31 August) of a school year.

    ``academic_year`` is the calendar year in which it starts.
    """
    return date(academic_year, 9, 1), date(academic_year + 1, 8, 31)


def school_year_label(academic_year: int) -> str:
    """How a school year is written in England: 2025 gives "2025–26" (en dash)."""
    return f"{academic_year}–{(academic_year + 1) % 100:02d}"


def year_group_on(d: date, *, current_year_group: int, today: date) -> int:
    """The year group a pupil was (or will be) in on ``d``, given it on ``today``.

    Assumes the pupil moves up one year group every 1 September and never repeats or
    skips a year. The result is plain arithmetic, so it can fall outside 7–13 (6 for a
    date in the last year of primary school, 0 for reception, below 0 before that).
    """
    return current_year_group + academic_year(d) - academic_year(today)


def birthday(dob: date, age: int) -> date:
    """The date on which someone born on ``dob`` turns ``age`` (``age`` >= 0).

    Someone born on 29 February turns a year older on 1 March in years that are not leap
    years: the usual reading in England, because they have not completed the year until
    28 February has passed. In leap years the birthday is 29 February.

    Raises ValueError for a negative ``age``.
    """
    if age < 0:
        raise ValueError(f"age must not be negative, got {age}")
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        # Only 29 February can fail to exist in the target year.
        return date(dob.year + age, 3, 1)


def age_on(dob: date, d: date) -> int:
    """Age in whole years on ``d``: ``n`` from ``birthday(dob, n)`` inclusive.

    Raises ValueError if ``d`` is before ``dob``.
    """
    if d < dob:
        raise ValueError(f"{d.isoformat()} is before the birth date {dob.isoformat()}")
    age = d.year - dob.year
    # Defer to birthday() so the 29 February rule is decided in one place.
    if d < birthday(dob, age):
        age -= 1
    return age


def deadline_for_age(dob: date, age: int) -> date:
    """The last day that counts as "by the age of ``age``": the day before the birthday.

    "By the age of 16" is read as before the pupil turns 16, as 004 §13 puts it: "by
    the time the pupil reaches age 16". Something done on the 16th birthday is too late.
    """
    return birthday(dob, age) - timedelta(days=1)
