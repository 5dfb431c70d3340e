"""Provider access (issue 11 item 3; requirements items 12–14; 001 ¶63, 004 §15), against a
hand-counted fixture on 10 March 2026, just after phase 1 and 2's 28 February."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from datetime import datetime

import pytest
from passport.domain import provider_access as rules
from passport.domain.events import EventKind
from passport.domain.kinds import ProviderType
from passport.models import Role
from passport.operations import employer as employer_ops
from passport.operations import events as event_ops

from tests import factories

TODAY = "2026-03-10"


@pytest.fixture(autouse=True)
def _pinned_day(app):
    app.config["FIXED_TODAY"] = TODAY



def _session(school, leader, on: date, title: str, *, years=(9,), qualifying=True):
    event = factories.make_event(
        school,
        actor=leader,
        kind=EventKind.PROVIDER_ACCESS,
        title=title,
        year_groups=years,
        starts_at=datetime(on.year, on.month, on.day, 10),
        ends_at=datetime(on.year, on.month, on.day, 12),
        provider_type=ProviderType.APPRENTICESHIP_PROVIDER,
        whole_year_invited=qualifying,
        in_school_hours=True,
    )
    event_ops.add_organisation(event, leader, f"{title} College", None)
    return event


def _met(event, pupil):
    org = event.organisations[0]
    employer_ops.confirm_pupil(org, pupil, "", uuid.uuid4(), at=event.starts_at)


@pytest.fixture
def world(school, leader):
    """Year 9 (phase 1, closed on 28 February): Amy met two qualifying sessions (1 October, 28
    February); Bob one, and one session only some of the year were invited to (not counted);
    Cat one in the window and one on 1 March (after it). Year 10: Dan none (phase 2 runs to
    February 2027). Year 12: Eve none (phase 3, optional). Year 7: Fay (no phase yet)."""
    g9 = factories.make_group(school, "9A", 9)
    amy = factories.make_pupil(school, first_name="Amy", last_name="Adams", group=g9)
    bob = factories.make_pupil(school, first_name="Bob", last_name="Brown", group=g9)
    cat = factories.make_pupil(school, first_name="Cat", last_name="Clark", group=g9)
    factories.make_pupil(school, first_name="Dan", last_name="Davis", year_group=10, dob=date(2011, 5, 1))
    factories.make_pupil(school, first_name="Eve", last_name="Evans", year_group=12, dob=date(2009, 5, 1))
    factories.make_pupil(school, first_name="Fay", last_name="Fox", year_group=7, dob=date(2014, 5, 1))
    october = _session(school, leader, date(2025, 10, 1), "October")
    february = _session(school, leader, date(2026, 2, 28), "February")
    march = _session(school, leader, date(2026, 3, 1), "March")
    some = _session(school, leader, date(2025, 11, 5), "Selected", qualifying=False)
    for event, pupils in ((october, [amy, bob, cat]), (february, [amy]), (march, [cat]), (some, [bob])):
        for p in pupils:
            _met(event, p)


def test_each_year_groups_phase_matches_the_hand_count(client, auth, leader, world):
    auth.login(leader.username)
    html = client.get("/staff/reports/provider-access").get_data(as_text=True)
    import re

    rows = {
        m[0]: re.findall(r"<td>(\d+)</td>", m[1])
        for m in re.findall(r'<tr><th scope="row">(Year \d+)</th>(.*?)</tr>', html, re.S)
    }
    # Phase, then Done, Still to come, Missed, Not started.
    assert rows["Year 9"] == ["1", "1", "0", "2", "0"]
    assert rows["Year 10"] == ["2", "0", "1", "0", "0"]
    assert rows["Year 12"] == ["3", "0", "1", "0", "0"]
    assert "Year 7" not in rows
    behind = html[html.index('id="behind-9-heading"') :]
    assert behind.index("Brown, Bob") < behind.index("Clark, Cat") and "Adams" not in behind[:2000]
    # October 3, February 1, March 1; not the session only some of the year were invited to.
    assert "Phase 1: 3 sessions, 5 pupil encounters" in html
    assert "Selected College" not in html


def test_the_provider_statement_reads_back_as_csv(client, auth, leader, world):
    auth.login(leader.username)
    response = client.get("/staff/reports/provider-statement.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Date", "Session", "Provider type", "Providers"]
    assert [r[1] for r in rows[1:]] == ["October", "February", "March"]
    assert rows[1][2] == "Apprenticeship provider" and rows[1][3] == "October College" and rows[1][6] == "3"


def test_the_phase_rules():
    """Item 12: Year 8, or Year 9 to 28 February; phase 3 is optional, never missed."""
    p1, _p2, p3 = rules.PHASES
    assert rules.window(p1, 9, date(2026, 3, 10)) == (date(2024, 9, 1), date(2026, 2, 28))
    assert rules.window(p1, 8, date(2026, 3, 10)) == (date(2025, 9, 1), date(2027, 2, 28))
    assert rules.status(p1, 9, 1, date(2026, 2, 28)) is rules.PhaseStatus.TO_COME
    assert rules.status(p1, 9, 1, date(2026, 3, 1)) is rules.PhaseStatus.MISSED
    assert rules.status(p1, 9, 2, date(2026, 3, 1)) is rules.PhaseStatus.DONE
    assert rules.status(p3, 13, 0, date(2026, 7, 1)) is rules.PhaseStatus.TO_COME
    assert rules.current_phase(7) is None and rules.current_phase(11).number == 2


def test_senior_leaders_see_the_counts_not_the_names(client, auth, school, world):
    auth.login(factories.make_staff(school, Role.SENIOR_LEADER).username)
    html = client.get("/staff/reports/provider-access").get_data(as_text=True)
    assert "Phase 1: 3 sessions" in html and "Brown" not in html
    auth.logout()
    auth.login(factories.make_staff(school, Role.TUTOR).username)
    assert client.get("/staff/reports/provider-access").status_code == 403
