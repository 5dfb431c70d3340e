"""Checks of one pupil's identifiers and dates, from the DfE's rules: the UPN and its check
letter, dates as schools type them, and which birth dates fit a year group. Pure, no Flask;
``mis_csv`` uses them on each row of an import, the demo to make realistic pupils."""

from __future__ import annotations

import re
from datetime import date

from .dates import academic_year
from .dates import school_year_label

# The check letters: A-Z without I, O and S, which look like 1, 0 and 5.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_SHAPE = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def upn_check_letter(digits: str) -> str:
    """The check letter of a UPN whose characters 2-13 are ``digits`` (DfE UPN guidance: the
    characters weighted 2 to 13, a final letter counting as its place in ``UPN_LETTERS``,
    summed modulo 23)."""
    total = sum(
        weight * (int(ch) if ch.isdigit() else UPN_LETTERS.index(ch))
        for weight, ch in enumerate(digits, start=2)
    )
    return UPN_LETTERS[total % 23]


def upn_problem(upn: str) -> str | None:
    """Why ``upn`` (upper case, no spaces) is not a UPN, or None if it is one.

    Accepted: the DfE's 13 characters, a check letter then 12 digits (``Annnnnnnnnnnn``), or a
    temporary UPN whose last character is a letter (``AnnnnnnnnnnnA``); neither letter may be
    I, O or S, and the check letter must match. The local authority and school numbers inside
    are not checked against lists (they change, and test data uses made-up ones).
    """
    if not _UPN_SHAPE.fullmatch(upn) or upn[-1] in "IOS":
        return (
            "is not a UPN (13 characters: a letter then 12 digits, "
            "or 11 digits and a letter for a temporary UPN)"
        )
    expected = upn_check_letter(upn[1:])
    if upn[0] != expected:
        return f"has the wrong check letter (it should start {expected}): copy it again from the MIS"
    return None


def parse_date(value: str) -> date | None:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY`` (a one-digit day or month is fine), else None."""
    if m := _ISO.fullmatch(value):
        y, mo, d = m.groups()
    elif m := _UK.fullmatch(value):
        d, mo, y = m.groups()
    else:
        return None
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def birth_range(year_group: int, today: date) -> tuple[date, date]:
    """Who is normally in ``year_group`` in the school year containing ``today``: aged
    ``year_group + 4`` on the 31 August before it starts, so born in the twelve months
    from 1 September to 31 August."""
    born_from = academic_year(today) - year_group - 5
    return date(born_from, 9, 1), date(born_from + 1, 8, 31)


def dob_problem(dob: date, year_group: int, today: date) -> str | None:
    """Why ``dob`` is implausible for ``year_group``, or None. One year either side of the
    usual cohort is accepted (pupils taught out of their year group), not more."""
    first, last = birth_range(year_group, today)
    if date(first.year - 1, 9, 1) <= dob <= date(last.year + 1, 8, 31):
        return None
    return (
        f"does not fit Year {year_group}: in {school_year_label(academic_year(today))} Year "
        f"{year_group} pupils were born {first.day} {first:%B %Y} to {last.day} {last:%B %Y}, "
        "and one year either side is accepted. Check the date and the year group"
    )
