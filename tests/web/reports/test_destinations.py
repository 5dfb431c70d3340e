"""Leavers' destinations (issue 11 item 4; requirements items 31, 36 and 37; 001 ¶29, ¶38; 002
B3): recorded and updated by the careers leader, kept three years then deleted, early leavers
of 16 or 17 notified to the local authority, the published summary with small numbers
suppressed, and the export honouring the local-authority opt-out."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from passport.domain import destinations as rules
from passport.domain.destinations import DestinationKind
from passport.extensions import db
from passport.models import Destination
from passport.models import Role
from passport.operations import destinations as ops
from sqlalchemy import func
from sqlalchemy import select

from tests import factories

TODAY = "2026-09-20"


@pytest.fixture(autouse=True)
def _pinned_day(app):
    app.config["FIXED_TODAY"] = TODAY



@pytest.fixture
def year11(school):
    group = factories.make_group(school, "11A", 11)
    return [
        factories.make_pupil(
            school,
            first_name=f"P{n}",
            last_name=f"Leaver{n}",
            year_group=11,
            group=group,
            dob=date(2010, 3, 1),
        )
        for n in range(7)
    ]


def _form(kind: str, left_on: str = "2026-07-20", **more) -> dict:
    return {"p{id}-kind": kind, "p{id}-left_on": left_on, "p{id}-detail": "", **more}


def _post(client, pupil, data: dict):
    return client.post(
        f"/staff/reports/destinations/{pupil.id}", data={k.format(id=pupil.id): v for k, v in data.items()}
    )


def test_the_careers_leader_records_and_updates_a_leavers_destination(client, auth, leader, year11):
    auth.login(leader.username)
    page = client.get("/staff/reports/destinations").get_data(as_text=True)
    assert "Leaver0, P0" in page and "Year 11" in page
    bad = _post(client, year11[0], _form("sixth_form", left_on="2027-01-01", **{"p{id}-detail": "Oak Sixth"}))
    assert bad.status_code == 422 and "cannot be in the future" in bad.get_data(as_text=True)
    assert "Oak Sixth" in bad.get_data(as_text=True)  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(Destination)) == 0
    assert _post(client, year11[0], _form("sixth_form", **{"p{id}-detail": "Oak Sixth"})).status_code == 303
    assert _post(client, year11[0], _form("apprenticeship", **{"p{id}-detail": "BAE"})).status_code == 303
    row = db.session.get(Destination, year11[0].id)
    assert (row.kind, row.detail) == (DestinationKind.APPRENTICESHIP, "BAE")


def test_a_16_or_17_year_old_who_left_a_programme_early_is_a_notice_until_sent(client, auth, leader, year11):
    """001 ¶38: "notify local authorities whenever a 16 or 17 year old leaves an education or
    training programme before completion"."""
    auth.login(leader.username)
    _post(client, year11[1], _form("neet", left_on="2026-09-01", **{"p{id}-left_early": "y"}))
    page = client.get("/staff/reports/destinations").get_data(as_text=True)
    assert "Tell the local authority (1)" in page and "Leaver1, P1" in page
    assert client.post(f"/staff/reports/destinations/{year11[1].id}/notified").status_code == 303
    assert "Tell the local authority" not in client.get("/staff/reports/destinations").get_data(as_text=True)
    assert rules.must_notify(left_early=True, date_of_birth=date(2010, 3, 1), left_on=date(2026, 3, 1))
    assert not rules.must_notify(
        left_early=True, date_of_birth=date(2010, 3, 1), left_on=date(2026, 2, 28)
    )  # 15
    assert not rules.must_notify(
        left_early=True, date_of_birth=date(2008, 3, 1), left_on=date(2026, 3, 1)
    )  # 18
    assert not rules.must_notify(left_early=False, date_of_birth=date(2010, 3, 1), left_on=date(2026, 3, 1))


def test_the_summary_suppresses_small_numbers_and_the_public_page_shows_it(
    app, client, auth, school, leader, year11
):
    for pupil in year11[:5]:
        ops.record(leader, pupil, ops.DestinationData(DestinationKind.SIXTH_FORM, date(2026, 7, 20)))
    ops.record(leader, year11[5], ops.DestinationData(DestinationKind.FE_COLLEGE, date(2026, 7, 20)))
    total, shares = rules.summary([DestinationKind.SIXTH_FORM] * 5 + [DestinationKind.FE_COLLEGE])
    assert total == 6 and [(s.kind, s.percent) for s in shares] == [
        (DestinationKind.SIXTH_FORM, 83),
        (DestinationKind.FE_COLLEGE, None),
    ]
    auth.login(leader.username)
    page = client.get("/staff/reports/destinations").get_data(as_text=True)
    assert "Where 2025–26 leavers went (6)" in page and "Sixth form: 83%" in page
    assert "Further education college: fewer than 5 leavers" in page
    client.post(
        "/staff/reports/website",
        data={
            "leader_name": "Sam",
            "leader_email": "sam@oak.sch.uk",
            "summary": "S",
            "impact": "I",
            "next_review": "2027-01-01",
        },
    )
    public = app.test_client().get(f"/schools/{school.code}/careers").get_data(as_text=True)
    assert "Sixth form: 83%" in public and "Further education college" not in public


def test_the_export_honours_the_local_authority_opt_out(client, auth, leader, year11):
    """Item 36; 001 ¶37: only basic information for a pupil (or parent) who opted out."""
    year11[2].la_basic_only = True
    db.session.commit()
    for pupil in year11[2:4]:
        ops.record(leader, pupil, ops.DestinationData(DestinationKind.EMPLOYMENT, date(2026, 7, 20), "Arup"))
    auth.login(leader.username)
    text = client.get("/staff/reports/destinations.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = {r[1]: r for r in csv.reader(io.StringIO(text))}
    assert rows["Leaver2"][5:8] == ["", "", ""] and rows["Leaver2"][-1] == "No: basic information only"
    assert rows["Leaver3"][5] == "Employment" and rows["Leaver3"][7] == "Arup"


def test_destinations_are_kept_three_years_then_deleted(app, runner, ctx, leader, year11):
    """002 B3: "for at least three years"; then the retention rule deletes them."""
    ops.record(leader, year11[0], ops.DestinationData(DestinationKind.UNIVERSITY, date(2024, 7, 20)))
    assert not rules.deletion_due(date(2023, 7, 20), date(2026, 7, 20))
    assert rules.deletion_due(date(2023, 7, 20), date(2026, 7, 21))
    app.config["FIXED_TODAY"] = "2027-07-21"
    result = runner.invoke(args=["passport", "purge-destinations"])
    assert "Deleted 1 destination" in result.output
    assert db.session.scalar(select(func.count()).select_from(Destination)) == 0
    with pytest.raises(ops.DestinationRefused, match="kept 3 years"):
        ops.record(leader, year11[1], ops.DestinationData(DestinationKind.UNKNOWN, date(2024, 7, 20)))


def test_only_the_careers_leader_sees_destinations(client, auth, school, year11):
    for role in (Role.TUTOR, Role.SENIOR_LEADER, Role.GOVERNOR, Role.CAREERS_ADVISER):
        auth.login(factories.make_staff(school, role).username)
        assert client.get("/staff/reports/destinations").status_code == 403
        assert client.get("/staff/reports/destinations.csv").status_code == 403
        auth.logout()
    other = factories.make_staff(factories.make_school("Elm", "elm"), Role.CAREERS_LEADER)
    auth.login(other.username)
    assert "Leaver0" not in client.get("/staff/reports/destinations").get_data(as_text=True)
    assert client.post(f"/staff/reports/destinations/{year11[0].id}", data={}).status_code == 404
