"""The cohort report (issue 11 item 1; requirements item 32: "% meeting each criterion by year
group, broken down by SEN, FSM, PP, LAC and gender", 001 ¶29, 002 B3), checked against a
hand-counted fixture, with the verified-only switch (item 16) and the pupils behind a figure."""

from __future__ import annotations

import re
from datetime import date

import pytest
from passport.domain import reports as rules
from passport.extensions import db
from passport.models import Role
from passport.models import User
from passport.operations import verification

from tests import factories
from tests.querycount import count_queries

TODAY = "2026-03-10"  # Year 9 for pupils born 2012-05-01
KEY = "b5_year_9"  # an encounter with an employer in Year 9


@pytest.fixture(autouse=True)
def _pinned_day(app):
    app.config["FIXED_TODAY"] = TODAY



def _figures(html: str) -> dict[str, str]:
    """{group key: "met of N"} for KEY's row, read from the figures' links."""
    found = re.findall(rf'/staff/reports/years/9/{KEY}\?group=(\w+)[^"]*">(\d+ of \d+)<', html)
    return dict(found)


HAND_COUNTED = {
    "all": "2 of 4",
    "sen_support": "1 of 1",
    "ehc_plan": "0 of 1",
    "free_school_meals": "1 of 1",
    "pupil_premium": "0 of 1",
    "looked_after": "0 of 1",
    "female": "1 of 2",
    "male": "1 of 1",
    "gender_unknown": "0 of 1",
}


def test_each_figure_matches_the_hand_count_and_the_verified_switch(client, auth, leader, year9):
    auth.login(leader.username)
    page = client.get("/staff/reports?year=9")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert _figures(html) == HAND_COUNTED
    assert "Year 9: 4 pupils" in html and '<svg viewBox="0 0 320' in html
    verified = client.get("/staff/reports?year=9&verified=1").get_data(as_text=True)
    assert _figures(verified) == {**HAND_COUNTED, "all": "1 of 4", "male": "0 of 1"}
    assert "Only entries school has confirmed count." in verified


def test_the_pupils_behind_a_figure_come_not_met_first(client, auth, leader, year9):
    auth.login(leader.username)
    page = client.get(f"/staff/reports/years/9/{KEY}?group=all").get_data(as_text=True)
    names = re.findall(r'<th scope="row">(?:<a [^>]*>)?([A-Z][a-z]+, [A-Z][a-z]+)<', page)
    assert names == ["Clark, Cat", "Davis, Dan", "Adams, Amy", "Brown, Bob"]
    assert "<strong>2 of 4</strong> have met it (50%)" in page
    girls = client.get(f"/staff/reports/years/9/{KEY}?group=female&verified=1").get_data(as_text=True)
    assert re.findall(r">([A-Z][a-z]+, [A-Z][a-z]+)<", girls) == ["Clark, Cat", "Adams, Amy"]
    assert client.get(f"/staff/reports/years/9/{KEY}?group=nobody").status_code == 404
    assert client.get("/staff/reports/years/9/no_such_criterion").status_code == 404
    assert client.get(f"/staff/reports/years/12/{KEY}").status_code == 404


def test_senior_leaders_see_the_figures_not_the_pupils_and_others_see_nothing(client, auth, school, year9):
    senior = factories.make_staff(school, Role.SENIOR_LEADER)
    auth.login(senior.username)
    html = client.get("/staff/reports?year=9").get_data(as_text=True)
    assert "2 of 4" in html and "/staff/reports/years/" not in html
    assert "Adams" not in html and "Clark" not in html
    assert client.get(f"/staff/reports/years/9/{KEY}").status_code == 403
    auth.logout()
    tutor = factories.make_staff(school, Role.TUTOR)
    auth.login(tutor.username)
    assert client.get("/staff/reports").status_code == 403
    auth.logout()
    elsewhere = factories.make_staff(factories.make_school("Ash School", "ash"), Role.CAREERS_LEADER)
    auth.login(elsewhere.username)
    assert "No pupils yet." in client.get("/staff/reports?year=9").get_data(as_text=True)
    assert client.get(f"/staff/reports/years/9/{KEY}").status_code == 404


def test_the_report_costs_the_same_for_4_and_40_pupils(client, auth, school, leader, year9):
    auth.login(leader.username)
    counts = []
    for more in (0, 36):
        for n in range(more):
            p = factories.make_pupil(school, first_name=f"Extra{n}", group=year9)
            factories.make_entry(p, organisation=f"Org {n}", occurred_on=date(2025, 10, 2))
        db.session.commit()
        client.get("/staff/reports?year=9")  # fills the progress cache
        with count_queries(db.engine) as statements:
            assert client.get("/staff/reports?year=9").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_counting_rules():
    """Item 32: a criterion that does not apply to a pupil counts neither way; the governors'
    suppression (item 33: anonymised): groups under 5, and small met or missed counts in the
    groups that say something about a pupil's circumstances."""
    from passport.domain.benchmarks import CriterionStatus
    from passport.domain.benchmarks import Progress
    from passport.domain.benchmarks import Status

    def progress(status):
        return Progress((CriterionStatus("k", 1, "A criterion", status, None, "", 0),))

    pupils = [
        rules.PupilFacts(i, 9, False, False, False, False, i == 3, "F" if i < 2 else None) for i in range(4)
    ]
    statuses = {0: Status.MET, 1: Status.NOT_APPLICABLE, 2: Status.OVERDUE, 3: Status.MET}
    (year,) = rules.report(pupils, {i: progress(s) for i, s in statuses.items()})
    figures = year.rows[0].figures
    assert (figures["all"].met, figures["all"].of, figures["all"].percent) == (2, 3, 67)
    assert (figures["female"].met, figures["female"].of) == (1, 1)
    assert (figures["looked_after"].met, figures["looked_after"].of) == (1, 1)
    groups = rules.GROUP_KEYS
    assert not rules.shown_to_governors(groups["all"], rules.Figure(4, 4))
    assert rules.shown_to_governors(groups["all"], rules.Figure(1, 30))
    assert not rules.shown_to_governors(groups["free_school_meals"], rules.Figure(3, 30))
    assert not rules.shown_to_governors(groups["free_school_meals"], rules.Figure(27, 30))
    assert rules.shown_to_governors(groups["free_school_meals"], rules.Figure(30, 30))
    assert rules.shown_to_governors(groups["free_school_meals"], rules.Figure(10, 30))


def test_sectors_by_gender_and_breadth_match_the_hand_count(client, auth, school, leader, year9):
    """Item 41 (002 B3; 003 §8): sectors met by gender, and sector breadth per pupil. Amy (girl)
    met engineering twice and health once; Bob (boy) met engineering; Cat (girl) health, but
    school rejected it; Dan (not recorded) nothing."""
    by_name = {u.first_name: u.pupil for u in db.session.scalars(db.select(User))}
    factories.make_entry(
        by_name["Amy"], organisation="Arup", sector="engineering_manufacturing", occurred_on=date(2025, 10, 2)
    )
    factories.make_entry(
        by_name["Amy"], organisation="BAE", sector="engineering_manufacturing", occurred_on=date(2025, 10, 3)
    )
    factories.make_entry(
        by_name["Amy"], organisation="NHS", sector="health_care", occurred_on=date(2025, 10, 4)
    )
    factories.make_entry(
        by_name["Bob"],
        organisation="Siemens",
        sector="engineering_manufacturing",
        occurred_on=date(2025, 10, 5),
    )
    cats = factories.make_entry(
        by_name["Cat"], organisation="NHS", sector="health_care", occurred_on=date(2025, 10, 6)
    )
    verification.reject_entry(cats, leader, "Not seen there")
    auth.login(leader.username)
    html = client.get("/staff/reports?year=9").get_data(as_text=True)
    section = html[html.index('id="sectors-heading"') : html.index('id="exports-heading"')]

    def row(label):
        cells = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', section, re.S).group(1)
        return [re.sub(r"<[^>]+>", "", c).split()[0] for c in re.findall(r"<td>(.*?)</td>", cells, re.S)]

    assert row("Engineering and manufacturing") == ["1", "1", "0"]  # girls, boys, not recorded
    assert row("Health and social care") == ["1", "0", "0"]
    assert row("0") == ["1", "0", "1"] and row("1") == ["0", "1", "0"] and row("2") == ["1", "0", "0"]
