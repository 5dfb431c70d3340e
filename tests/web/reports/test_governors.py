"""Governors see anonymised aggregates only (issue 11 item 7; requirements item 33: "anonymised
aggregates only, built from existing data with no extra staff input", 003 §6–8): never a
pupil's name (checked over the demo school), small groups and small counts suppressed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from passport import demo
from passport.extensions import db
from passport.models import Pupil
from passport.models import Role
from passport.models import User
from sqlalchemy import select

from tests import factories
from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def _pinned_day(app):
    app.config["FIXED_TODAY"] = TODAY.isoformat()


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_governors_page_of_the_demo_school_names_no_pupil(app, client, auth, ctx):
    built = demo.build_demo(today=TODAY, pupils_per_group=3)
    governor = next(user for label, user in built.picks if label == "governor")
    response = auth.login(governor.username, demo.PASSWORD)
    assert response.headers["Location"].endswith("/governors/")
    page = client.get("/governors/")
    assert page.status_code == 200
    text = _text(page)
    assert "Year 7" in text and "%" in text
    pupils = db.session.execute(
        select(User.first_name, User.last_name, Pupil.upn).join(Pupil, Pupil.id == User.id)
    ).all()
    assert pupils
    for first, last, upn in pupils:
        assert f"{first} {last}" not in text and f"{last}, {first}" not in text and upn not in text
    for endpoint in ("/staff/", "/staff/reports", "/staff/reports/cohort.csv", "/staff/school"):
        assert client.get(endpoint).status_code == 403


def test_small_groups_and_small_counts_are_not_shown(client, auth, school):
    """Year 9 has 6 pupils, two on free school meals, one looked after; Year 10 has 3."""
    group = factories.make_group(school, "9A", 9)
    for n in range(6):
        factories.make_pupil(
            school,
            first_name=f"Nine{n}",
            group=group,
            gender="F" if n < 3 else "M",
            free_school_meals=n < 2,
            looked_after=n == 5,
        )
        factories.make_entry(
            db.session.scalars(select(Pupil).order_by(Pupil.id.desc())).first(), occurred_on=date(2025, 10, 1)
        )
    for n in range(3):
        factories.make_pupil(school, first_name=f"Ten{n}", year_group=10, dob=date(2011, 5, 1))
    governor = factories.make_staff(school, Role.GOVERNOR)
    auth.login(governor.username)
    html = client.get("/governors/").get_data(as_text=True)
    year10 = html[html.index('id="year-10-heading"') :]
    assert "Fewer than 5 pupils: not shown." in year10[:300]
    year9 = html[html.index('id="year-9-heading"') : html.index('id="year-10-heading"')]
    header = re.findall(r'<th scope="col">([^<]+)</th>', year9)
    rows = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", year9, re.S)]
    # Every Year 9 pupil met an employer this year: that row is 100% for all pupils.
    met = next(cells for cells in rows if cells and cells[0] == "100%")
    by_group = dict(zip(header[1:], met, strict=True))
    for group_name in ("Free school meals", "Looked after", "Girls", "Boys", "SEN support"):
        assert "not shown" in by_group[group_name], group_name
    assert "Nine0" not in html and "Ten0" not in html


def test_only_governors_and_those_who_answer_to_them_see_it(client, auth, school):
    for role, status in (
        (Role.CAREERS_LEADER, 200),
        (Role.SENIOR_LEADER, 200),
        (Role.TUTOR, 403),
        (Role.SENCO, 403),
        (Role.CAREERS_ADVISER, 403),
    ):
        auth.login(factories.make_staff(school, role).username)
        assert client.get("/governors/").status_code == status, role
        auth.logout()
    pupil = factories.make_pupil(school)
    auth.login(pupil.user.username)
    assert client.get("/governors/").status_code == 403
