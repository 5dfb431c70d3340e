"""The evidence an event produced, on the staff event page: who checked in at the screen and whom
the attending organisations confirmed, with nothing else about the pupils; who may see it; and the
links to the check-in screen from the events list and the staff home page."""

from __future__ import annotations

import re
import uuid
from datetime import date
from datetime import timedelta

import pytest
from passport.extensions import db
from passport.models import Role
from passport.operations import checkin as checkin_ops
from passport.operations import employer as employer_ops
from passport.operations import events as event_ops

from tests import factories
from tests.checkin_helpers import FAIR_STARTS
from tests.checkin_helpers import make_checkin_event
from tests.checkin_helpers import token_at
from tests.checkin_helpers import typed_at
from tests.page_text import without_random_values
from tests.verifier_helpers import org_named


def text(response) -> str:
    return response.get_data(as_text=True)


def section(page: str) -> str:
    """The attendance section of the event page."""
    match = re.search(r'<section id="attendance".*?</section>', page, re.S)
    assert match, "no attendance section"
    return match.group(0)


def rows(page: str) -> list[str]:
    """Each body row of the attendance table, as plain text with single spaces."""
    body = re.search(r"<tbody>(.*?)</tbody>", section(page), re.S)
    assert body, "no attendance table"
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    ]


def check_in(event, pupil, *, minutes: int, typed: bool = False, arrived_after: timedelta = timedelta(0)):
    """``pupil`` scans (or types) the event's code ``minutes`` into the fair; the claim reaches
    the server ``arrived_after`` later (a phone with no signal)."""
    at = FAIR_STARTS + timedelta(minutes=minutes)
    code = {"typed": typed_at(event, at)} if typed else {"token": token_at(event, at)}
    checkin_ops.claim_attendance(
        pupil, pupil.user, **code, scanned_at=at, received_at=at + arrived_after, op=uuid.uuid4()
    )


def confirm(event, organisation: str, pupil, comment: str = "", *, minutes: int) -> None:
    at = FAIR_STARTS + timedelta(minutes=minutes)
    employer_ops.confirm_pupil(org_named(event, organisation), pupil, comment, uuid.uuid4(), at=at)


@pytest.fixture
def group_9a(school):
    return factories.make_group(school, "9A", 9)


@pytest.fixture
def amy(school, group_9a):
    """A pupil with every flag set and contact details, none of which the page may show."""
    amy = factories.make_pupil(
        school,
        first_name="Amy",
        last_name="Jones",
        group=group_9a,
        password=None,
        dob=date(2011, 11, 23),
        sen_support=True,
        ehc_plan=True,
        free_school_meals=True,
        pupil_premium=True,
        looked_after=True,
    )
    amy.user.email = "amy.jones@home.example.org"
    db.session.commit()
    return amy


@pytest.fixture
def ben(school):
    return factories.make_pupil(school, first_name="Ben", last_name="Adams", password=None)


def test_the_table_lists_check_ins_and_employer_confirmations(client, auth, leader, fair, amy, ben):
    check_in(fair, amy, minutes=30)
    confirm(fair, "Arup", ben, "Asked great questions about bridges", minutes=75)
    confirm(fair, "NHS Leeds", amy, minutes=100)
    auth.login(leader.username)
    page = text(client.get(f"/staff/events/{fair.id}"))
    attendance = section(page)
    assert "1</strong> pupil checked in" in attendance
    assert "2</strong> confirmations by employers" in attendance
    assert "2 pupils checked in or confirmed, by surname" in attendance
    assert "<q>Asked great questions about bridges</q>" in attendance
    # By surname, then time: Adams before Jones, Amy's check-in before her NHS confirmation.
    assert rows(page) == [
        "Adams, Ben Year 9 Confirmed by Arup (verifier link) Asked great questions about bridges 10:15am",
        "Jones, Amy Year 9, 9A Checked in (QR code) 9:30am",
        "Jones, Amy Year 9, 9A Confirmed by NHS Leeds (verifier link) 10:40am",
    ]
    assert '<time datetime="2026-03-10T09:30+00:00">9:30am</time>' in attendance


def test_times_are_in_uk_time_with_the_date_when_another_day(client, auth, school, leader, amy, ben):
    # 15 June is British Summer Time: 09:00 UTC is 10am in England.
    summer = make_checkin_event(school, starts_at=FAIR_STARTS.replace(month=6, day=15))
    start = summer.starts_at
    checkin_ops.claim_attendance(
        amy, amy.user, token=token_at(summer, start), scanned_at=start, received_at=start, op=uuid.uuid4()
    )
    late = start + timedelta(hours=20)  # synced the next morning: 6am on Tuesday 16 June
    checkin_ops.claim_attendance(
        ben,
        ben.user,
        typed=typed_at(summer, start + timedelta(minutes=10)),
        scanned_at=start + timedelta(minutes=10),
        received_at=late,
        op=uuid.uuid4(),
    )
    auth.login(leader.username)
    page = text(client.get(f"/staff/events/{summer.id}"))
    assert rows(page) == [
        "Adams, Ben Year 9 Checked in (typed code) 6am on Tuesday 16 June 2026 "
        "sent later: scanned at 10:10am by the phone's clock",
        "Jones, Amy Year 9, 9A Checked in (QR code) 10am",
    ]


def test_no_flags_or_contact_details_of_a_pupil_appear(client, auth, leader, fair, amy):
    check_in(fair, amy, minutes=5)
    confirm(fair, "Arup", amy, "Keen", minutes=10)
    auth.login(leader.username)
    page = text(client.get(f"/staff/events/{fair.id}"))
    assert "Jones, Amy" in section(page)
    for private in (
        amy.upn,
        amy.user.email,
        amy.user.username,
        "2011-11-23",
        "23 November 2011",
        amy.pass_id,
    ):
        assert private not in page
    words = without_random_values(page)
    for acronym in ("SEN", "EHC", "FSM"):
        assert acronym not in words, acronym
    phrases = ("special educational", "education, health and care", "school meals", "premium", "looked after")
    for flag in phrases:
        assert flag not in words.lower(), flag


def test_only_this_events_evidence_is_listed(client, auth, school, leader, fair, amy, ben):
    other = make_checkin_event(school, title="Year 9 taster day")
    check_in(other, amy, minutes=20)
    confirm(other, "Arup", amy, "Other day", minutes=30)
    check_in(fair, ben, minutes=20, typed=True)
    auth.login(leader.username)
    page = text(client.get(f"/staff/events/{fair.id}"))
    assert rows(page) == ["Adams, Ben Year 9 Checked in (typed code) 9:20am"]
    assert "Other day" not in page


def test_an_event_with_no_evidence_says_so(client, auth, leader, fair):
    auth.login(leader.username)
    attendance = section(text(client.get(f"/staff/events/{fair.id}")))
    assert "0</strong> pupils checked in" in attendance
    assert "No pupils have checked in or been confirmed yet." in attendance
    assert "<table" not in attendance


def test_the_table_is_a_labelled_scrollable_region_with_headers(client, auth, leader, fair, amy):
    check_in(fair, amy, minutes=5)
    auth.login(leader.username)
    attendance = section(text(client.get(f"/staff/events/{fair.id}")))
    assert 'aria-labelledby="attendance-heading"' in attendance
    region = re.search(r'<div class="table-scroll"([^>]*)>', attendance).group(1)
    assert 'role="region"' in region and 'tabindex="0"' in region
    assert 'aria-labelledby="attendance-caption"' in region
    assert '<caption id="attendance-caption">' in attendance
    assert attendance.count('<th scope="col">') == 4
    assert '<th scope="row">Jones, Amy</th>' in attendance


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param("tutor", 403, id="tutor-of-the-pupils-group"),
        pytest.param("senco", 403, id="senco"),
        pytest.param("pupil", 403, id="the-pupil-themselves"),
        pytest.param("other-leader", 404, id="careers-leader-of-another-school"),
    ],
)
def test_only_the_schools_careers_leader_sees_the_evidence(
    client, auth, school, fair, group_9a, amy, who, status
):
    check_in(fair, amy, minutes=5)
    confirm(fair, "Arup", amy, "Keen", minutes=10)
    tutor = factories.make_staff(school, Role.TUTOR)
    group_9a.tutor_id = tutor.id
    db.session.commit()
    user = {
        "tutor": lambda: tutor,
        "senco": lambda: factories.make_staff(school, Role.SENCO),
        "pupil": lambda: factories.make_pupil(school, first_name="Cat").user,
        "other-leader": lambda: factories.make_staff(
            factories.make_school("Elm", "elm"), Role.CAREERS_LEADER
        ),
    }[who]()
    auth.login(user.username)
    response = client.get(f"/staff/events/{fair.id}")
    assert response.status_code == status
    words = without_random_values(text(response))
    assert "Jones" not in words and "Keen" not in words


def test_the_events_list_links_to_the_check_in_screens_of_events_not_yet_over(client, auth, school, leader):
    on_now = factories.make_event(school, actor=leader, title="Spring fair")
    cancelled = factories.make_event(school, actor=leader, title="Called off")
    event_ops.cancel_event(cancelled, leader)
    past = factories.make_event(
        school,
        actor=leader,
        title="Autumn fair",
        starts_at=on_now.starts_at - timedelta(days=30),
        ends_at=on_now.ends_at - timedelta(days=30),
    )
    auth.login(leader.username)
    listing = text(client.get("/staff/events"))
    assert f'href="/staff/events/{on_now.id}/checkin"' in listing
    assert '<span class="visually-hidden"> for Spring fair</span>' in listing
    assert f"/staff/events/{cancelled.id}/checkin" not in listing
    assert f"/staff/events/{past.id}/checkin" not in listing
    page = text(client.get(f"/staff/events/{on_now.id}"))
    assert f'href="/staff/events/{on_now.id}/checkin"' in page


def test_a_tutor_finds_todays_check_in_screens_on_the_staff_home(client, auth, school, leader):
    today = factories.make_event(school, actor=leader, title="Spring fair")
    cancelled = factories.make_event(school, actor=leader, title="Called off")
    event_ops.cancel_event(cancelled, leader)
    next_week = factories.make_event(
        school,
        actor=leader,
        title="Summer fair",
        starts_at=today.starts_at + timedelta(days=7),
        ends_at=today.ends_at + timedelta(days=7),
    )
    theirs = factories.make_event(factories.make_school("Elm", "elm"), title="Elm fair")
    tutor = factories.make_staff(school, Role.TUTOR)
    auth.login(tutor.username)
    home = text(client.get("/staff/"))
    assert "Check-in screens today" in home
    assert f'href="/staff/events/{today.id}/checkin"' in home and "Spring fair" in home
    for absent in (cancelled, next_week, theirs):
        assert f"/staff/events/{absent.id}/checkin" not in home
    assert client.get(f"/staff/events/{today.id}/checkin").status_code == 200
    assert 'href="/staff/events"' not in home  # the programme itself stays the careers leader's


def test_a_staff_home_without_events_today_says_nothing_about_them(client, auth, school):
    auth.login(factories.make_staff(school, Role.TUTOR).username)
    assert "Check-in screens today" not in text(client.get("/staff/"))
