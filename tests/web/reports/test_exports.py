"""The exports (issue 11 item 6; requirements item 34): read back with csv and openpyxl, the
same figures as the page, one row per pupil per activity, formula injection neutralised in
every text cell (OWASP "CSV Injection"), never a pupil's own words, audited, for the careers
leader only."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from passport.documents import tabular
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Role
from passport.models import User
from sqlalchemy import select

from tests import factories
from tests.web.reports.test_cohort import HAND_COUNTED

NASTY = ['=HYPERLINK("http://evil.example","Click")', "+44 113 496 0000", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.fixture(autouse=True)
def _pinned_day(app):
    app.config["FIXED_TODAY"] = "2026-03-10"


def _bytes(response) -> bytes:
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    data = response.data
    response.close()  # the server closes the temporary file when the download ends
    return data


def _csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith(tabular.BOM)
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_the_cohort_export_has_the_pages_figures_in_csv_and_xlsx(client, auth, leader, year9):
    auth.login(leader.username)
    response = client.get("/staff/reports/cohort.csv")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert 'filename="cohort-report-2026-03-10.csv"' in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == ["Year group", "Benchmark", "Criterion", "Group of pupils", "Met", "Of", "Per cent"]
    labels = {"all": "All pupils", "female": "Girls", "male": "Boys", "looked_after": "Looked after"}
    title = next(r[2] for r in rows[1:] if r[0] == "9" and r[3] == "All pupils" and r[4:6] == ["2", "4"])
    mine = {r[3]: f"{r[4]} of {r[5]}" for r in rows[1:] if r[0] == "9" and r[2] == title}
    for key, label in labels.items():
        assert mine[label] == HAND_COUNTED[key]
    book = load_workbook(
        io.BytesIO(_bytes(client.get("/staff/reports/cohort.xlsx?verified=1"))), read_only=True
    )
    sheet = book["Cohort report"]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Year group"
    verified = {r[3]: (r[4], r[5]) for r in values[1:] if r[0] == 9 and r[2] == title}
    assert verified["All pupils"] == (1, 4) and verified["Boys"] == (0, 1)


def test_the_activity_export_is_one_row_per_pupil_per_activity_and_neutralises_formulas(
    client,
    auth,
    school,
    leader,
    year9,
):
    amy = db.session.scalar(select(User).where(User.first_name == "Amy")).pupil
    for n, name in enumerate(NASTY):
        factories.make_entry(
            amy, organisation=name, occurred_on=date(2026, 1, 1 + n), description="MY OWN WORDS"
        )
    db.session.commit()
    auth.login(leader.username)
    rows = _csv(client.get("/staff/reports/activities.csv"))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["UPN", "Surname", "Forename", "Year group", "Tutor group"]
    assert len(body) == 2 + len(NASTY)  # Amy's and Bob's encounters and these; not the leaver's or Elm's
    organisations = [r[header.index("Organisation")] for r in body]
    for name in NASTY:
        assert "'" + name in organisations
    assert not any(cell.startswith(tabular.FORMULA_STARTS) for row in body for cell in row)
    assert "MY OWN WORDS" not in client.get("/staff/reports/activities.csv").get_data(as_text=True)
    arup = next(r for r in body if r[header.index("Organisation")] == "Arup")
    assert arup[header.index("Confirmed by school")] == "Yes" and arup[header.index("Surname")] == "Adams"

    book = load_workbook(io.BytesIO(_bytes(client.get("/staff/reports/activities.xlsx"))))
    sheet = book["Activities"]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)  # no formula anywhere
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + NASTY[0] in texts
    assert len(list(sheet.iter_rows(min_row=2))) == 2 + len(NASTY)
    logged = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action == "activities_exported")
    ).all()
    assert len(logged) == 3


def test_only_the_careers_leader_exports_activities(client, auth, school, year9):
    senior = factories.make_staff(school, Role.SENIOR_LEADER)
    auth.login(senior.username)
    assert client.get("/staff/reports/cohort.csv").status_code == 200
    assert client.get("/staff/reports/activities.csv").status_code == 403
    assert client.get("/staff/reports/activities.xlsx").status_code == 403
    auth.logout()
    for role in (Role.TUTOR, Role.GOVERNOR, Role.CAREERS_ADVISER):
        auth.login(factories.make_staff(school, role).username)
        assert client.get("/staff/reports/cohort.csv").status_code == 403
        assert client.get("/staff/reports/activities.csv").status_code == 403
        auth.logout()


def test_safe_keeps_numbers_and_dates_and_neutralises_text():
    assert tabular.safe(-3) == -3 and tabular.safe(date(2026, 1, 2)) == date(2026, 1, 2)
    assert tabular.safe("=1+1") == "'=1+1" and tabular.safe("Arup") == "Arup"
    assert tabular.safe(None) == "" and tabular.safe(True) == "Yes"


@pytest.mark.parametrize(
    ("path", "sheets"),
    [
        (
            "/staff/reports/actions",
            [
                "No employer this year",
                "No STEM yet",
                "Targeted support",
                "Overdue actions",
                "Follow-ups overdue",
            ],
        ),
        ("/staff/reports/provider-access", ["Year groups", "Provider statement"]),
        ("/staff/reports/sectors", ["Year 9 areas of work", "Year 9 sector breadth"]),
        ("/staff/reports/destinations", ["Destinations"]),
    ],
)
def test_every_report_downloads_as_csv_and_excel(client, auth, leader, year9, path, sheets):
    """Issue 11 item 6: "every report as CSV (and XLSX)"; read back with csv and openpyxl."""
    auth.login(leader.username)
    book = load_workbook(io.BytesIO(_bytes(client.get(f"{path}.xlsx?year=9"))), read_only=True)
    assert book.sheetnames == sheets
    rows = _csv(client.get(f"{path}.csv?year=9"))
    assert rows and rows[0]
    if path.endswith("actions"):
        listed = [r for r in rows[1:] if r[0] == "No employer this year"]
        # Amy and Bob met employers in October and November (test_cohort's hand count).
        assert sorted(r[1] for r in listed) == ["Clark, Cat", "Davis, Dan"]
