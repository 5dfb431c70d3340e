"""Reading a pupil list exported from a school's MIS (SIMS, Arbor, Bromcom...): pure, no Flask.

``parse_pupil_csv`` turns the text into ``PupilRow`` values and a ``RowProblem`` for everything
wrong, each naming the line as a spreadsheet shows it (the header is line 1).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from .pupil_checks import dob_problem
from .pupil_checks import parse_date
from .pupil_checks import upn_problem

MAX_ROWS = 5000
NAME_MAX = 80  # users.first_name / last_name
GROUP_MAX = 20  # tutor_groups.name
TUTOR_MAX = 200  # users.email
FIRST_YEAR = 7
LAST_YEAR = 13

# Each field's accepted headers, normalised (lower case, letters and digits only), best first:
# when a file has several (Preferred Forename and Legal Forename), the first one that is not
# blank on a row is used, so pupils see the name they go by.
COLUMNS: dict[str, tuple[str, ...]] = {
    "upn": ("upn", "uniquepupilnumber"),
    "first_name": ("preferredforename", "forename", "firstname", "legalforename", "givenname"),
    "last_name": ("preferredsurname", "surname", "lastname", "legalsurname", "familyname"),
    "date_of_birth": ("dob", "dateofbirth", "birthdate"),
    "year_group": ("year", "yeargroup", "ncyear", "nationalcurriculumyear", "yr"),
    "tutor_group": (
        "reg", "reggroup", "registrationgroup", "form", "formgroup", "tutorgroup", "regform",
    ),
    "sen": ("sen", "senstatus", "senprovision"),
    "ehc_plan": ("ehcp", "ehcplan"),
    "free_school_meals": ("fsm", "fsmeligible", "freeschoolmeals"),
    "pupil_premium": ("pp", "pupilpremium", "ppeligible", "pupilpremiumeligible"),
    "looked_after": ("lac", "lookedafter", "lookedafterchild", "cla", "incare"),
    # Optional: the local authority's risk of NEET indicator (RONI), yes or no (issue 11;
    # requirements item 40: "vulnerable or NEET-risk pupils with benchmark gaps").
    "neet_risk": ("neetrisk", "atriskofneet", "roni", "riskofneet", "riskofneetindicator"),
    # Optional: for the cohort report's breakdown and sectors by gender (issue 11; items 32, 41).
    "gender": ("gender", "sex", "legalsex", "gendersex"),
    # Optional: the group's tutor, by staff email address or username (issue 8, item 2).
    "tutor": ("tutor", "tutoremail", "tutorusername", "formtutor", "regtutor", "tutoremailaddress"),
}
LABELS = {
    "upn": "UPN",
    "first_name": "Forename",
    "last_name": "Surname",
    "date_of_birth": "Date of birth",
    "year_group": "Year group",
    "tutor_group": "Reg group",
}
REQUIRED = tuple(LABELS)
FLAGS = ("free_school_meals", "pupil_premium", "looked_after", "neet_risk")

_YES = frozenset({"y", "yes", "true", "1"})
_NO = frozenset({"n", "no", "false", "0", ""})
# DfE census SEN provision codes; the words are how some MIS exports spell them.
# A yes/no answer in a SEN column reads as SEN support or none.
_SEN = {
    **{value: "K" for value in _YES},
    **{value: "N" for value in _NO},
    "none": "N",
    "k": "K",
    "sensupport": "K",
    "e": "E",
    "ehcp": "E",
    "ehcplan": "E",
}
_YEAR = re.compile(r"(?:y|yr|year)?\s*(\d{1,2})", re.IGNORECASE)


@dataclass(frozen=True)
class PupilRow:
    """One pupil as the MIS describes them, already checked."""

    upn: str
    first_name: str
    last_name: str
    date_of_birth: date
    year_group: int
    tutor_group: str
    sen_support: bool = False
    ehc_plan: bool = False
    free_school_meals: bool = False
    pupil_premium: bool = False
    looked_after: bool = False
    neet_risk: bool = False
    # The tutor the file names for the pupil's group (email or username as written), or "".
    tutor: str = ""
    # "F", "M", "" (not known), or None when the file has no gender column (keep what is held).
    gender: str | None = None


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with the file. ``line`` is the spreadsheet row (header = 1; 0 means the
    whole file); ``column`` is the header as written in the file, or None for the whole row."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" if self.line else "File"
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _columns(header: list[str]) -> dict[str, list[tuple[int, str]]]:
    """field -> [(cell index, header as written)], best alias first."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for index, name in enumerate(header):
        for field, aliases in COLUMNS.items():
            if _key(name) in aliases:
                found.setdefault(field, []).append((aliases.index(_key(name)), index, name.strip()))
    return {field: [(i, name) for _, i, name in sorted(hits)] for field, hits in found.items()}


class _Row:
    """The cells of one data row, read field by field, collecting problems."""

    def __init__(self, cells: list[str], columns: dict[str, list[tuple[int, str]]], line: int):
        self.cells, self.columns, self.line = cells, columns, line
        self.problems: list[RowProblem] = []

    def get(self, field: str) -> tuple[str, str] | None:
        """(value, header) from the best column not blank on this row; None if no such column."""
        if field not in self.columns:
            return None
        for index, name in self.columns[field]:
            value = self.cells[index].strip() if index < len(self.cells) else ""
            if value:
                return value, name
        return "", self.columns[field][0][1]

    def problem(self, column: str | None, message: str) -> None:
        self.problems.append(RowProblem(self.line, column, message))

    def text(self, field: str, most: int) -> str:
        value, name = self.get(field)
        if not value:
            self.problem(name, "is blank")
        elif len(value) > most:
            self.problem(name, f"is {len(value)} characters long; the most allowed is {most}")
        return value

    def flag(self, field: str) -> bool:
        got = self.get(field)
        if got is None:
            return False
        value, name = got
        if value.lower() not in _YES | _NO:
            self.problem(name, f"'{value}' is not yes or no (use Y or N, or leave it blank)")
        return value.lower() in _YES


def _read_upn(row: _Row) -> str:
    value, name = row.get("upn")
    upn = value.upper().replace(" ", "")
    if not upn:
        row.problem(name, "is blank")
    elif why := upn_problem(upn):
        row.problem(name, f"'{value}' {why}")
    return upn


def _read_dob(row: _Row) -> date | None:
    value, name = row.get("date_of_birth")
    dob = parse_date(value)
    if not value:
        row.problem(name, "is blank")
    elif dob is None:
        row.problem(name, f"'{value}' is not a date (use {'YYYY-MM-DD' if '-' in value else 'DD/MM/YYYY'})")
    return dob


def _read_year(row: _Row) -> int | None:
    value, name = row.get("year_group")
    m = _YEAR.fullmatch(value)
    if not value:
        row.problem(name, "is blank")
    elif m is None or not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
        row.problem(name, f"'{value}' is not a secondary year group (use a number from 7 to 13)")
    else:
        return int(m.group(1))
    return None


def _read_send(row: _Row) -> tuple[bool, bool]:
    """(SEN support, EHC plan) from a SEN status column, an EHCP column, or both (which must
    then agree)."""
    sen_cell = row.get("sen")
    sen = "N"
    if sen_cell is not None:
        sen = _SEN.get(_key(sen_cell[0]))
        if sen is None:
            row.problem(sen_cell[1], f"'{sen_cell[0]}' is not a SEN status "
                        "(use N for none, K for SEN support, E for an EHC plan)")
            return False, False
    ehcp_cell = row.get("ehc_plan")
    if ehcp_cell is None or not ehcp_cell[0]:
        return sen == "K", sen == "E"
    ehc_plan = row.flag("ehc_plan")
    if sen_cell is not None and ehcp_cell[0].lower() in _YES | _NO and ehc_plan != (sen == "E"):
        row.problem(ehcp_cell[1], f"'{ehcp_cell[0]}' disagrees with the SEN status "
                    f"'{sen_cell[0] or 'blank'}' (E there means an EHC plan)")
    return sen == "K", ehc_plan


_GENDER = {"f": "F", "female": "F", "girl": "F", "m": "M", "male": "M", "boy": "M",
           "u": "", "x": "", "unknown": "", "notknown": "", "other": "", "": ""}


def _read_gender(row: _Row) -> str | None:
    """F or M as the DfE census records legal sex; U, X, unknown or blank read as not known."""
    got = row.get("gender")
    if got is None:
        return None
    value = _GENDER.get(_key(got[0]))
    if value is None:
        row.problem(got[1], f"'{got[0]}' is not F or M (leave it blank if it is not known)")
    return value


def _read_tutor(row: _Row) -> str:
    """The optional tutor cell; blank (or no such column) means the file says nothing."""
    got = row.get("tutor")
    if got is None or not got[0]:
        return ""
    if len(got[0]) > TUTOR_MAX:
        row.problem(got[1], f"is {len(got[0])} characters long; the most allowed is {TUTOR_MAX}")
    return got[0]


def _read(row: _Row, today: date) -> PupilRow | None:
    upn = _read_upn(row)
    first_name = row.text("first_name", NAME_MAX)
    last_name = row.text("last_name", NAME_MAX)
    dob = _read_dob(row)
    year = _read_year(row)
    if dob is not None and year is not None and (why := dob_problem(dob, year, today)):
        value, name = row.get("date_of_birth")
        row.problem(name, f"'{value}' {why}")
    tutor_group = row.text("tutor_group", GROUP_MAX)
    sen_support, ehc_plan = _read_send(row)
    flags = {field: row.flag(field) for field in FLAGS}
    tutor = _read_tutor(row)
    gender = _read_gender(row)
    if row.problems:
        return None
    return PupilRow(
        upn=upn, first_name=first_name, last_name=last_name, date_of_birth=dob, year_group=year,
        tutor_group=tutor_group, sen_support=sen_support, ehc_plan=ehc_plan, tutor=tutor, gender=gender,
        **flags,
    )


EMPTY = "The file is empty. Export the pupil list from your MIS as CSV, with a header row."
TOO_MANY = f"The file has more than {MAX_ROWS} pupils, the most one import takes. Split it by year group."
NO_PUPILS = "The file has a header row but no pupils."
SAVE_AS = "In Excel choose File, Save As, and the type CSV UTF-8."


def _missing(columns: dict) -> RowProblem | None:
    missing = [LABELS[field] for field in REQUIRED if field not in columns]
    if not missing:
        return None
    plural = "s" if len(missing) > 1 else ""
    return RowProblem(1, None, (
        f"The header row has no {', '.join(missing)} column{plural}. Check the export includes "
        f"{'them' if plural else 'it'} (the import help lists the column names accepted)."
    ))


def _too_wide(cells: list[str], header: list[str], line: int) -> RowProblem | None:
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
        return RowProblem(line, None, (
            f"this row has {len(cells)} values but the header has {len(header)} columns "
            "(is there a comma inside a name without quote marks around it?)"
        ))
    return None


def parse_pupil_csv(text: str, *, today: date) -> tuple[list[PupilRow], list[RowProblem]]:
    """Every pupil in ``text`` (CSV with a header row) and every problem found in it.

    Headers are matched case- and space-insensitively against ``COLUMNS``; other columns are
    ignored, and so are blank rows. The caller must not import anything if there is any
    problem: the rows returned are only the ones that were fine on their own.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], [RowProblem(1, None, EMPTY)]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[PupilRow] = []
    problems: list[RowProblem] = []
    first_line: dict[str, int] = {}
    line = count = 0
    try:
        header = next(reader)
        columns = _columns(header)
        if missing := _missing(columns):
            return [], [missing]
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                problems.append(RowProblem(line, None, TOO_MANY))
                break
            if too_wide := _too_wide(cells, header, line):
                problems.append(too_wide)
                continue
            row = _Row(cells, columns, line)
            pupil = _read(row, today)
            problems.extend(row.problems)
            if pupil is not None and pupil.upn in first_line:
                problems.append(RowProblem(line, row.get("upn")[1], (
                    f"'{pupil.upn}' is also on line {first_line[pupil.upn]}: "
                    "each pupil can appear only once"
                )))
            elif pupil is not None:
                first_line[pupil.upn] = line
                rows.append(pupil)
    except csv.Error as error:
        problems.append(RowProblem(
            line + 1, None, f"the file cannot be read as CSV from here ({error}); look for a stray quote mark"
        ))
    if count == 0 and not problems:
        problems.append(RowProblem(2, None, NO_PUPILS))
    return rows, problems


def decode_csv(data: bytes) -> str:
    """The text of an uploaded CSV file: UTF-8 (with or without Excel's byte-order mark),
    UTF-16 with a byte-order mark (Excel's "Unicode text"), else Windows-1252 (Excel's plain
    "CSV" on Windows). Raises ValueError, with a message for the user, if it is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValueError(f"This is an Excel workbook, not a CSV file. {SAVE_AS}")
    if b"\x00" in data:
        raise ValueError("This is not a text file. Export the pupil list from your MIS as CSV.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError(f"The file's characters cannot be read. {SAVE_AS}") from None


def parse_pupil_csv_bytes(data: bytes, *, today: date) -> tuple[list[PupilRow], list[RowProblem]]:
    """``parse_pupil_csv`` for the bytes of an uploaded file (see ``decode_csv``)."""
    try:
        text = decode_csv(data)
    except ValueError as error:
        return [], [RowProblem(0, None, str(error))]
    return parse_pupil_csv(text, today=today)
