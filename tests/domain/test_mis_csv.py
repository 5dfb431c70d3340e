"""Tests for reading an MIS pupil export (passport.domain.mis_csv), a row per rule.

Today is 10 March 2026, in the 2025–26 school year: Year 9 pupils were normally born from
1 September 2011 to 31 August 2012, and one year either side is accepted.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from passport.domain import mis_csv
from passport.domain.mis_csv import decode_csv
from passport.domain.mis_csv import parse_pupil_csv
from passport.domain.mis_csv import parse_pupil_csv_bytes
from passport.domain.mis_csv import PupilRow
from passport.domain.mis_csv import RowProblem
from passport.domain.pupil_checks import upn_check_letter
from passport.domain.pupil_checks import upn_problem

TODAY = date(2026, 3, 10)
HEADER = "UPN,Forename,Surname,DOB,Year,Reg"
# Made-up UPNs with valid check letters (LA 999 does not exist).
UPN_1 = "R999432125001"
UPN_2 = "F999432125002"
UPN_3 = "V999432125003"
TEMP_UPN = "Q99943212501A"
AMY = f"{UPN_1},Amy,Jones,01/05/2012,9,9B"


def parse(*lines: str, header: str = HEADER):
    return parse_pupil_csv("\n".join([header, *lines]) + "\n", today=TODAY)


def problems_of(*lines: str, header: str = HEADER) -> list[str]:
    return [str(p) for p in parse(*lines, header=header)[1]]


def test_a_good_row_becomes_a_pupil_row():
    rows, problems = parse(AMY)
    assert problems == []
    assert rows == [PupilRow(UPN_1, "Amy", "Jones", date(2012, 5, 1), 9, "9B")]


def test_upn_check_letter_matches_the_dfe_worked_example():
    # The example UPN of the python-stdnum docs, checked by hand: weights 2..13 give 93 = 4*23 + 1.
    assert upn_check_letter("801200005001") == "B"
    assert upn_problem("B801200005001") is None


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("UPN,Forename,Surname,DOB,Year,Reg", id="sims-short"),
        pytest.param("upn,legal forename,legal surname,date of birth,year group,reg group", id="legal-lower"),
        pytest.param(" UPN , First name , Last name , Date of Birth , NC Year , Tutor Group ", id="spaces"),
        pytest.param("UPN,FIRST_NAME,LAST_NAME,D.O.B.,YEAR-GROUP,FORM", id="caps-punctuation"),
        pytest.param("Reg,Year,DOB,Surname,Forename,UPN", id="reordered"),
        pytest.param(
            "Unique Pupil Number,Forename,Surname,DOB,National Curriculum Year,Registration Group",
            id="long-names",
        ),
    ],
)
def test_header_aliases(header):
    values = {"upn": UPN_1, "fore": "Amy", "sur": "Jones", "dob": "01/05/2012", "year": "9", "reg": "9B"}
    order = ["upn", "fore", "sur", "dob", "year", "reg"]
    if header.startswith("Reg"):
        order.reverse()
    rows, problems = parse(",".join(values[k] for k in order), header=header)
    assert problems == []
    assert rows == [PupilRow(UPN_1, "Amy", "Jones", date(2012, 5, 1), 9, "9B")]


def test_preferred_forename_wins_and_a_blank_one_falls_back_to_the_legal_name():
    header = "UPN,Legal Forename,Preferred Forename,Legal Surname,DOB,Year,Reg"
    rows, problems = parse(
        f"{UPN_1},Robert,Bobby,Smith,01/05/2012,9,9B", f"{UPN_2},Amelia,,Jones,01/05/2012,9,9B", header=header
    )
    assert problems == []
    assert [r.first_name for r in rows] == ["Bobby", "Amelia"]


def test_excel_bom_windows_line_endings_and_quoted_cells():
    text = f'\ufeff{HEADER}\r\n{UPN_1},"Amy, Jr",Jones,01/05/2012,9,9B\r\n{UPN_2},Ben,Ng,2012-01-02,9,9C\r\n'
    rows, problems = parse_pupil_csv(text, today=TODAY)
    assert problems == []
    assert [(r.upn, r.first_name) for r in rows] == [(UPN_1, "Amy, Jr"), (UPN_2, "Ben")]


@pytest.mark.parametrize("separator", [pytest.param(";", id="semicolon"), pytest.param("\t", id="tab")])
def test_other_separators(separator):
    text = f"{HEADER}\n{AMY}\n".replace(",", separator)
    rows, problems = parse_pupil_csv(text, today=TODAY)
    assert problems == []
    assert rows[0].tutor_group == "9B"


@pytest.mark.parametrize(
    "value, expected",
    [
        pytest.param("01/05/2012", date(2012, 5, 1), id="dd/mm/yyyy"),
        pytest.param("1/5/2012", date(2012, 5, 1), id="d/m/yyyy"),
        pytest.param("2012-05-01", date(2012, 5, 1), id="iso"),
        pytest.param("29/02/2012", date(2012, 2, 29), id="leap-day"),
    ],
)
def test_dates_accepted(value, expected):
    rows, problems = parse(f"{UPN_1},Amy,Jones,{value},9,9B")
    assert problems == []
    assert rows[0].date_of_birth == expected


@pytest.mark.parametrize(
    "value, message",
    [
        pytest.param(
            "31/02/2012", "Line 2, DOB: '31/02/2012' is not a date (use DD/MM/YYYY)", id="no-31-feb"
        ),
        pytest.param("05/31/2012", "Line 2, DOB: '05/31/2012' is not a date (use DD/MM/YYYY)", id="american"),
        pytest.param(
            "2012-13-01", "Line 2, DOB: '2012-13-01' is not a date (use YYYY-MM-DD)", id="iso-month-13"
        ),
        pytest.param("1 May 2012", "Line 2, DOB: '1 May 2012' is not a date (use DD/MM/YYYY)", id="words"),
        pytest.param(
            "01/05/12", "Line 2, DOB: '01/05/12' is not a date (use DD/MM/YYYY)", id="two-digit-year"
        ),
        pytest.param("", "Line 2, DOB: is blank", id="blank"),
    ],
)
def test_dates_refused(value, message):
    assert problems_of(f"{UPN_1},Amy,Jones,{value},9,9B") == [message]


@pytest.mark.parametrize(
    "value, expected",
    [
        pytest.param(UPN_1, UPN_1, id="permanent"),
        pytest.param(TEMP_UPN, TEMP_UPN, id="temporary"),
        pytest.param(UPN_1.lower(), UPN_1, id="lower-case"),
        pytest.param(" R999 4321 25001 ", UPN_1, id="spaces"),
        pytest.param("B801200005001", "B801200005001", id="stdnum-example"),
    ],
)
def test_upns_accepted(value, expected):
    rows, problems = parse(f"{value},Amy,Jones,01/05/2012,9,9B")
    assert problems == []
    assert rows[0].upn == expected


SHAPE = "is not a UPN (13 characters: a letter then 12 digits, or 11 digits and a letter for a temporary UPN)"


@pytest.mark.parametrize(
    "value, message",
    [
        pytest.param(
            "A999432125001",
            "'A999432125001' has the wrong check letter (it should start R)",
            id="check-letter",
        ),
        pytest.param("R99943212500", f"'R99943212500' {SHAPE}", id="12-chars"),
        pytest.param("R9994321250011", f"'R9994321250011' {SHAPE}", id="14-chars"),
        pytest.param("R99943X125001", f"'R99943X125001' {SHAPE}", id="letter-inside"),
        pytest.param("999943212500", f"'999943212500' {SHAPE}", id="no-letter"),
        pytest.param("Q99943212501O", f"'Q99943212501O' {SHAPE}", id="temporary-ending-O"),
        pytest.param("", "is blank", id="blank"),
    ],
)
def test_upns_refused(value, message):
    [problem] = problems_of(f"{value},Amy,Jones,01/05/2012,9,9B")
    assert problem.startswith(f"Line 2, UPN: {message}")


@pytest.mark.parametrize(
    "value, expected",
    [
        pytest.param("9", 9, id="digit"),
        pytest.param("09", 9, id="zero-padded"),
        pytest.param("Y9", 9, id="Y9"),
        pytest.param("Year 9", 9, id="Year 9"),
        pytest.param("yr9", 9, id="yr9"),
    ],
)
def test_year_groups_accepted(value, expected):
    rows, problems = parse(f"{UPN_1},Amy,Jones,01/05/2012,{value},9B")
    assert problems == []
    assert rows[0].year_group == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("6", id="primary"),
        pytest.param("14", id="too-high"),
        pytest.param("R", id="reception"),
        pytest.param("L6", id="lower-sixth"),
    ],
)
def test_year_groups_refused(value):
    assert problems_of(f"{UPN_1},Amy,Jones,01/05/2012,{value},9B") == [
        f"Line 2, Year: '{value}' is not a secondary year group (use a number from 7 to 13)"
    ]


@pytest.mark.parametrize(
    "dob, year, fits",
    [
        pytest.param("01/09/2011", 9, True, id="oldest-of-year-9"),
        pytest.param("31/08/2012", 9, True, id="youngest-of-year-9"),
        pytest.param("01/09/2010", 9, True, id="a-year-old-for-year-9"),
        pytest.param("31/08/2013", 9, True, id="a-year-young-for-year-9"),
        pytest.param("31/08/2010", 9, False, id="two-years-old-for-year-9"),
        pytest.param("01/09/2013", 9, False, id="two-years-young-for-year-9"),
        pytest.param("15/03/2008", 13, True, id="year-13"),
        pytest.param("15/03/2014", 7, True, id="year-7"),
        pytest.param("15/03/2025", 7, False, id="a-baby"),
    ],
)
def test_date_of_birth_must_fit_the_year_group(dob, year, fits):
    problems = problems_of(f"{UPN_1},Amy,Jones,{dob},{year},G")
    assert (problems == []) is fits
    if not fits:
        assert problems == [
            f"Line 2, DOB: '{dob}' does not fit Year {year}: in 2025–26 Year {year} pupils were born "
            f"1 September {2025 - year - 5} to 31 August {2025 - year - 4}, and one year either side is "
            "accepted. Check the date and the year group"
        ]


@pytest.mark.parametrize(
    "cells, message",
    [
        pytest.param(f"{UPN_1},,Jones,01/05/2012,9,9B", "Line 2, Forename: is blank", id="no-forename"),
        pytest.param(f"{UPN_1},Amy,  ,01/05/2012,9,9B", "Line 2, Surname: is blank", id="blank-surname"),
        pytest.param(
            f"{UPN_1},{'A' * 81},Jones,01/05/2012,9,9B",
            "Line 2, Forename: is 81 characters long; the most allowed is 80",
            id="long-name",
        ),
        pytest.param(f"{UPN_1},Amy,Jones,01/05/2012,9,", "Line 2, Reg: is blank", id="no-group"),
        pytest.param(
            f"{UPN_1},Amy,Jones,01/05/2012,9,{'G' * 21}",
            "Line 2, Reg: is 21 characters long; the most allowed is 20",
            id="long-group",
        ),
        pytest.param(f"{UPN_1},Amy,Jones", "Line 2, DOB: is blank", id="short-row"),
        pytest.param(
            f"{UPN_1},Amy,Jones,01/05/2012,9,9B,extra",
            "Line 2: this row has 7 values but the header has 6 columns (is there a comma inside "
            "a name without quote marks around it?)",
            id="too-wide",
        ),
    ],
)
def test_row_shape_and_text_fields(cells, message):
    assert message in problems_of(cells)


def test_empty_trailing_cells_and_blank_rows_are_ignored_but_keep_line_numbers():
    rows, problems = parse(f"{AMY},,", ",,,,,", "", f"{UPN_2},Ben,Ng,01/05/2012,9,")
    assert [r.upn for r in rows] == [UPN_1]
    assert [str(p) for p in problems] == ["Line 5, Reg: is blank"]


FLAG_HEADER = f"{HEADER},FSM,Pupil Premium,Looked After"


@pytest.mark.parametrize(
    "value, expected",
    [pytest.param(v, True, id=f"yes-{v}") for v in ("Y", "yes", "TRUE", "1", "y")]
    + [pytest.param(v, False, id=f"no-{v or 'blank'}") for v in ("N", "No", "false", "0", "")],
)
def test_yes_no_flags(value, expected):
    rows, problems = parse(f"{AMY},{value},{value},{value}", header=FLAG_HEADER)
    assert problems == []
    assert (rows[0].free_school_meals, rows[0].pupil_premium, rows[0].looked_after) == (expected,) * 3


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(f"{HEADER},Free School Meals,PP,CLA", id="fsm-pp-cla"),
        pytest.param(f"{HEADER},FSM Eligible,PP Eligible,LAC", id="eligible-lac"),
    ],
)
def test_flag_aliases(header):
    rows, problems = parse(f"{AMY},Y,N,Y", header=header)
    assert problems == []
    assert (rows[0].free_school_meals, rows[0].pupil_premium, rows[0].looked_after) == (True, False, True)


def test_unknown_flag_values_are_named():
    assert problems_of(f"{AMY},maybe,N,x", header=FLAG_HEADER) == [
        "Line 2, FSM: 'maybe' is not yes or no (use Y or N, or leave it blank)",
        "Line 2, Looked After: 'x' is not yes or no (use Y or N, or leave it blank)",
    ]


@pytest.mark.parametrize(
    "header, cells, sen_support, ehc_plan",
    [
        pytest.param("SEN", "N", False, False, id="N-none"),
        pytest.param("SEN Status", "K", True, False, id="K-support"),
        pytest.param("SEN Status", "e", False, True, id="E-ehc-plan"),
        pytest.param("SEN", "", False, False, id="blank"),
        pytest.param("SEN Provision", "SEN Support", True, False, id="words"),
        pytest.param("EHCP", "Y", False, True, id="ehcp-column"),
        pytest.param("SEN,EHCP", "E,Y", False, True, id="both-agree"),
        pytest.param("SEN,EHCP", "K,", True, False, id="ehcp-blank"),
    ],
)
def test_send(header, cells, sen_support, ehc_plan):
    rows, problems = parse(f"{AMY},{cells}", header=f"{HEADER},{header}")
    assert problems == []
    assert (rows[0].sen_support, rows[0].ehc_plan) == (sen_support, ehc_plan)


@pytest.mark.parametrize(
    "header, cells, message",
    [
        pytest.param(
            "SEN",
            "S",
            "Line 2, SEN: 'S' is not a SEN status (use N for none, K for SEN support, E for an EHC plan)",
            id="old-statement-code",
        ),
        pytest.param(
            "SEN,EHCP",
            "K,Y",
            "Line 2, EHCP: 'Y' disagrees with the SEN status 'K' (E there means an EHC plan)",
            id="disagree",
        ),
    ],
)
def test_send_refused(header, cells, message):
    assert problems_of(f"{AMY},{cells}", header=f"{HEADER},{header}") == [message]


def test_a_duplicate_upn_names_both_lines():
    rows, problems = parse(
        AMY, f"{UPN_2},Ben,Ng,01/05/2012,9,9B", f"{UPN_1.lower()},Amy,Jones,01/05/2012,9,9B"
    )
    assert [str(p) for p in problems] == [
        f"Line 4, UPN: '{UPN_1}' is also on line 2: each pupil can appear only once"
    ]
    assert len(rows) == 2


def test_every_problem_of_every_row_is_reported_in_order():
    problems = parse("bad,Amy,Jones,01/05/2012,9,9B", AMY, f"{UPN_3},,Ng,31/02/2012,9,9B")[1]
    assert [(p.line, p.column) for p in problems] == [(2, "UPN"), (4, "Forename"), (4, "DOB")]


@pytest.mark.parametrize(
    "header, missing",
    [
        pytest.param("UPN,Forename,Surname,DOB,Year", "Reg group column", id="one"),
        pytest.param(
            "Name,Class,Gender",
            "UPN, Forename, Surname, Date of birth, Year group, Reg group columns",
            id="all",
        ),
    ],
)
def test_missing_columns_are_one_problem_naming_them(header, missing):
    rows, problems = parse("x,y,z", header=header)
    assert rows == []
    [problem] = problems
    assert (problem.line, problem.column) == (1, None)
    assert problem.message.startswith(f"The header row has no {missing}.")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("\ufeff", id="bom-only"),
        pytest.param(" \r\n\r\n", id="blank-lines"),
    ],
)
def test_empty_file(text):
    assert parse_pupil_csv(text, today=TODAY) == ([], [RowProblem(1, None, mis_csv.EMPTY)])


def test_a_header_and_no_pupils():
    assert parse_pupil_csv(f"{HEADER}\r\n,,,,,\r\n", today=TODAY) == (
        [],
        [RowProblem(2, None, mis_csv.NO_PUPILS)],
    )


def test_too_many_rows():
    lines = [
        f"{upn_check_letter(f'99943212{n:04d}')}99943212{n:04d},A,B,01/05/2012,9,9B" for n in range(5001)
    ]
    rows, problems = parse(*lines)
    assert problems == [RowProblem(5002, None, mis_csv.TOO_MANY)]
    assert "more than 5000 pupils" in mis_csv.TOO_MANY


def test_an_unclosed_quote_is_reported_not_swallowed():
    rows, problems = parse(AMY, f'{UPN_2},"Ben,Ng,01/05/2012,9,9B')
    assert [(p.line, p.column) for p in problems] == [(3, None)]
    assert "cannot be read as CSV" in problems[0].message


def test_problems_read_as_sentences():
    assert str(RowProblem(14, "Date of birth", "'31/02/2012' is not a date (use DD/MM/YYYY)")) == (
        "Line 14, Date of birth: '31/02/2012' is not a date (use DD/MM/YYYY)"
    )
    assert str(RowProblem(3, None, "too wide")) == "Line 3: too wide"
    assert str(RowProblem(0, None, "not text")) == "File: not text"


@pytest.mark.parametrize(
    "data, text",
    [
        pytest.param("Zoë".encode(), "Zoë", id="utf-8"),
        pytest.param("\ufeffZoë".encode(), "Zoë", id="utf-8-bom"),
        pytest.param("Zoë".encode("cp1252"), "Zoë", id="excel-windows-csv"),
        pytest.param("Zoë".encode("utf-16"), "Zoë", id="utf-16-bom"),
    ],
)
def test_decode(data, text):
    assert decode_csv(data) == text


@pytest.mark.parametrize(
    "data, message",
    [
        pytest.param(b"PK\x03\x04rest", "This is an Excel workbook", id="xlsx"),
        pytest.param(b"UPN\x00,x", "This is not a text file", id="binary"),
        pytest.param(b"\x81\x8d", "cannot be read", id="undecodable"),
    ],
)
def test_bytes_that_are_not_csv(data, message):
    rows, [problem] = parse_pupil_csv_bytes(data, today=TODAY)
    assert rows == []
    assert (problem.line, problem.column) == (0, None)
    assert message in problem.message


def test_bytes_from_excel_on_windows():
    data = f"{HEADER}\r\n{UPN_1},Zoë,Brontë,01/05/2012,9,9B\r\n".encode("cp1252")
    rows, problems = parse_pupil_csv_bytes(data, today=TODAY)
    assert problems == []
    assert (rows[0].first_name, rows[0].last_name) == ("Zoë", "Brontë")


DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_example_file_imports_cleanly():
    text = (DOCS / "examples" / "pupils.csv").read_text(encoding="utf-8")
    rows, problems = parse_pupil_csv(text, today=TODAY)
    assert problems == []
    assert len(rows) == 5
    assert {r.year_group for r in rows} == {7, 9, 11, 12}
    assert any(r.upn[-1].isalpha() for r in rows)  # a temporary UPN


@pytest.mark.parametrize("field", list(mis_csv.COLUMNS))
def test_every_accepted_column_name_is_documented(field):
    table = [line for line in (DOCS / "import.md").read_text().splitlines() if line.startswith("| `")]
    documented = {mis_csv._key(name) for line in table for name in re.findall(r"`([^`]+)`", line)}
    missing = set(mis_csv.COLUMNS[field]) - documented
    assert not missing, f"docs/import.md does not list {missing} for {field}"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("F", "F"), ("Female", "F"), ("m", "M"), ("Male", "M"), ("U", ""), ("X", ""), ("", ""), ("Unknown", "")],
)
def test_gender_is_read_as_the_census_records_it(cell, expected):
    """Issue 11: the cohort report's breakdown by gender (requirements items 32, 41)."""
    rows, problems = parse(f"{AMY},{cell}", header=HEADER + ",Gender")
    assert problems == [] and rows[0].gender == expected


def test_no_gender_column_keeps_what_is_held_and_a_strange_value_says_why():
    rows, _ = parse(AMY)
    assert rows[0].gender is None  # the import leaves the pupil's gender as it is
    assert problems_of(f"{AMY},Q", header=HEADER + ",Sex") == [
        "Line 2, Sex: 'Q' is not F or M (leave it blank if it is not known)"
    ]


def test_the_neet_risk_flag_is_read_when_the_file_has_it():
    """Issue 11: the targeted-support list (requirements item 40: "vulnerable or NEET-risk")."""
    rows, problems = parse(f"{AMY},Y", header=HEADER + ",RONI")
    assert problems == [] and rows[0].neet_risk is True
    assert parse(AMY)[0][0].neet_risk is False
