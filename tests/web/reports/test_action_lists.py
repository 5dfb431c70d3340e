"""Lists that need action (issue 11 item 2; domain/action_lists.py), against a hand-counted
fixture: no employer encounter this school year (B5), no STEM encounter before Year 11 (B4),
targeted support (requirements item 40: vulnerable pupils with gaps), overdue actions (item 20)
and follow-ups (item 23; 001 ¶70)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from passport.domain.kinds import ActionOwner
from passport.domain.kinds import ActionStatus
from passport.models import Role
from passport.operations import guidance
from passport.operations import verification

from tests import factories

TODAY = "2026-03-10"  # the school year began on 1 September 2025


@pytest.fixture(autouse=True)
def _pinned_day(app):
    app.config["FIXED_TODAY"] = TODAY


@pytest.fixture
def pupils(school, leader):
    """Amy (Y9): an employer this year, nothing STEM; an interview on 1 February not followed up,
    one action overdue, one not yet due, one done. Bob (Y9): a STEM employer encounter last school
    year only; an interview on 5 March. Cat (Y11): nothing. Dan (Y9, free school meals): an
    employer encounter this year that school rejected; criteria missed. Eve (Y9): at risk of NEET
    (the MIS's RONI flag), nothing recorded."""
    g9 = factories.make_group(school, "9A", 9)
    g11 = factories.make_group(school, "11A", 11)
    amy = factories.make_pupil(school, first_name="Amy", last_name="Adams", group=g9)
    bob = factories.make_pupil(school, first_name="Bob", last_name="Brown", group=g9)
    factories.make_pupil(
        school, first_name="Cat", last_name="Clark", group=g11, year_group=11, dob=date(2010, 5, 1)
    )
    dan = factories.make_pupil(school, first_name="Dan", last_name="Davis", group=g9, free_school_meals=True)
    factories.make_pupil(school, first_name="Eve", last_name="Evans", group=g9, neet_risk=True)
    factories.make_entry(amy, organisation="Arup", occurred_on=date(2025, 10, 1))
    factories.make_entry(bob, organisation="BAE", occurred_on=date(2025, 6, 1), is_stem=True)
    rejected = factories.make_entry(dan, organisation="Nowhere", occurred_on=date(2025, 11, 1))
    verification.reject_entry(rejected, leader, "Not at this event")
    interview = guidance.record_interview(
        amy,
        leader,
        guidance.InterviewData(
            held_on=date(2026, 2, 1),
            adviser_name="Jo Adviser",
            adviser_level6=True,
            advice="Advice",
            actions=(
                guidance.ActionData("Visit the open evening", ActionOwner.PUPIL, date(2026, 3, 1)),
                guidance.ActionData("Book a taster day", ActionOwner.PUPIL, date(2026, 4, 1)),
                guidance.ActionData("Read the prospectus", ActionOwner.PUPIL, date(2026, 2, 15)),
            ),
        ),
    )
    guidance.tick_action(interview.actions[2], amy.user, ActionStatus.DONE)
    guidance.record_interview(
        bob,
        leader,
        guidance.InterviewData(
            held_on=date(2026, 3, 5),
            adviser_name="Jo Adviser",
            adviser_level6=True,
            advice="Advice",
        ),
    )


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else None]


def _names(section: str) -> list[str]:
    return re.findall(r'<th scope="row">(?:<a [^>]*>)?([A-Z][a-z]+, [A-Z][a-z]+)<', section)


def test_each_list_matches_the_hand_count(client, auth, leader, pupils):
    auth.login(leader.username)
    page = client.get("/staff/reports/actions")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert _names(_section(html, "employer-heading")) == [
        "Brown, Bob",
        "Davis, Dan",
        "Evans, Eve",
        "Clark, Cat",
    ]
    assert _names(_section(html, "stem-heading")) == ["Adams, Amy", "Davis, Dan", "Evans, Eve"]
    targeted = _section(html, "targeted-heading")
    assert _names(targeted) == ["Davis, Dan", "Evans, Eve"] and "missed: " in targeted  # not Bob: no flag
    actions = _section(html, "actions-heading")
    assert _names(actions) == ["Adams, Amy"] and "Visit the open evening" in actions
    assert "Book a taster day" not in actions and "Read the prospectus" not in actions
    assert _names(_section(html, "follow-heading")) == ["Adams, Amy"]


def test_only_the_careers_leader_opens_the_lists(client, auth, school, pupils):
    for role in (Role.SENIOR_LEADER, Role.TUTOR, Role.GOVERNOR, Role.SENCO):
        auth.login(factories.make_staff(school, role).username)
        assert client.get("/staff/reports/actions").status_code == 403, role
        auth.logout()
    elsewhere = factories.make_staff(factories.make_school("Elm School", "elm"), Role.CAREERS_LEADER)
    auth.login(elsewhere.username)
    html = client.get("/staff/reports/actions").get_data(as_text=True)
    assert "Adams" not in html and "Davis" not in html
