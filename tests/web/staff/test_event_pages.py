"""The careers leader's event pages: create and change events, the provider-access duty,
attending organisations and their verifier links; full pages and htmx fragments; who may."""

import re
from datetime import datetime

import pytest
from passport.domain.events import EventKind
from passport.domain.kinds import EntryKind
from passport.extensions import db
from passport.models import Event
from passport.models import EventOrganisation
from passport.models import Role
from passport.operations import events as ops
from sqlalchemy import func
from sqlalchemy import select

from tests import factories

GOOD = {
    "kind": "careers_fair",
    "title": "Year 10 careers fair",
    "day": "2026-06-15",
    "starts": "09:00",
    "ends": "12:30",
    "place": "Sports hall",
    "year_groups": ["10", "11"],
    "sectors": ["construction"],
    "is_stem": "y",
}


@pytest.fixture
def leader(school):
    return factories.make_staff(school, Role.CAREERS_LEADER, first_name="Cal", last_name="Leader")


@pytest.fixture
def signed_in(client, auth, leader):
    auth.login(leader.username)
    return client


@pytest.fixture
def event(school, leader):
    return factories.make_event(school, actor=leader, title="Spring fair")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def text(response) -> str:
    return response.get_data(as_text=True)


def test_creating_an_event_stores_uk_time_as_utc_and_shows_it_back(signed_in):
    response = signed_in.post("/staff/events/new", data=GOOD)
    assert response.status_code == 303
    event = db.session.scalar(select(Event))
    assert response.headers["Location"] == f"/staff/events/{event.id}"
    # 15 June is British Summer Time: 9am in England is 08:00 UTC.
    assert (event.starts_at, event.ends_at) == (datetime(2026, 6, 15, 8, 0), datetime(2026, 6, 15, 11, 30))
    assert (event.kind, event.entry_kind, event.entry_subtype) == (
        EventKind.CAREERS_FAIR, EntryKind.EMPLOYER_ENCOUNTER, "fair"
    )
    assert event.year_group_list == [10, 11] and event.sector_list == ["construction"] and event.is_stem
    page = text(signed_in.get(response.headers["Location"]))
    assert "Monday 15 June 2026, 9am to 12:30pm" in page
    assert "Year 10, Year 11" in page
    assert "Year 10 careers fair" in text(signed_in.get("/staff/events"))


def test_a_winter_event_is_stored_in_gmt(signed_in):
    signed_in.post("/staff/events/new", data={**GOOD, "day": "2026-01-15"})
    event = db.session.scalar(select(Event))
    assert event.starts_at == datetime(2026, 1, 15, 9, 0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"kind": ""}, "Choose what kind of event it is.", id="no-kind"),
        pytest.param({"title": "   "}, "Enter a title", id="blank-title"),
        pytest.param({"title": "x" * 121}, "under 120 characters", id="long-title"),
        pytest.param({"day": ""}, "Enter the date of the event.", id="no-date"),
        pytest.param({"day": "2026-02-30"}, "Enter a real date", id="impossible-date"),
        pytest.param({"starts": "9 o'clock"}, "Enter the time it starts", id="bad-time"),
        pytest.param({"ends": "08:00"}, "The end time must be after the start time.", id="ends-first"),
        pytest.param({"starts": "07:00", "ends": "21:30"}, "at most 14 hours", id="too-long"),
        pytest.param({"year_groups": []}, "Choose at least one year group.", id="no-year-groups"),
        pytest.param({"year_groups": ["6"]}, "Choose year groups from the list.", id="year-6"),
        pytest.param({"sectors": ["piracy"]}, "Choose areas of work from the list.", id="bad-sector"),
        pytest.param({"kind": "provider_access"}, "Choose what kind of provider", id="provider-no-type"),
        pytest.param({"kind": "other"}, "Choose what attending the event counts as.", id="other-no-kind"),
        pytest.param(
            {"kind": "other", "other_kind": "employer_encounter", "other_subtype": "shadowing"},
            "Choose what kind of activity it is",
            id="other-subtype-of-another-kind",
        ),
    ],
)
def test_problems_come_back_with_422_a_clear_message_and_what_was_typed(signed_in, change, message):
    typed = {**GOOD, "place": "The old gym", **change}
    response = signed_in.post("/staff/events/new", data=typed)
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert "There is a problem" in page
    assert 'value="The old gym"' in page
    assert count(Event) == 0


def test_htmx_gets_the_form_fragment_on_a_problem_and_a_redirect_on_success(signed_in):
    bad = signed_in.post("/staff/events/new", data={**GOOD, "ends": "08:00"}, headers={"HX-Request": "true"})
    assert bad.status_code == 422
    assert "<html" not in text(bad) and 'id="event-form"' in text(bad)
    assert "The end time must be after the start time." in text(bad)
    good = signed_in.post("/staff/events/new", data=GOOD, headers={"HX-Request": "true"})
    assert good.status_code == 204
    assert good.headers["HX-Redirect"] == f"/staff/events/{db.session.scalar(select(Event.id))}"


@pytest.mark.parametrize(
    ("flags", "counts"),
    [
        pytest.param({"whole_year_invited": "y", "in_school_hours": "y"}, True, id="whole-year-in-hours"),
        pytest.param({"in_school_hours": "y"}, False, id="selected-pupils"),
        pytest.param({"whole_year_invited": "y"}, False, id="after-school"),
        pytest.param({}, False, id="neither"),
    ],
)
def test_a_provider_access_session_says_whether_it_counts_towards_the_duty(signed_in, flags, counts):
    data = {**GOOD, "kind": "provider_access", "provider_type": "fe_college", **flags}
    response = signed_in.post("/staff/events/new", data=data)
    assert response.status_code == 303
    page = text(signed_in.get(response.headers["Location"]))
    listing = text(signed_in.get("/staff/events"))
    if counts:
        assert "Counts towards the provider-access duty" in page
        assert "Counts towards the provider-access duty" in listing
        assert "does not count" not in page.lower()
    else:
        assert "Does not count towards the provider-access duty" in page
        assert "Does not count towards the provider-access duty" in listing
    if "whole_year_invited" not in flags:
        assert "not every pupil in the year group is invited" in page
    if "in_school_hours" not in flags:
        assert "outside school hours" in page


def test_other_kinds_of_event_say_nothing_about_the_duty(signed_in, event):
    assert "provider-access duty" not in text(signed_in.get(f"/staff/events/{event.id}"))


def test_the_form_flags_a_non_qualifying_session_before_saving(signed_in):
    data = {**GOOD, "kind": "provider_access", "ends": "08:00"}
    page = text(signed_in.post("/staff/events/new", data=data))
    warning = re.search(r'<p class="duty-warning"([^>]*)>', page)
    assert warning and "hidden" not in warning.group(1)
    assert "does not count towards the provider-access duty" in page


def test_changing_an_event_shows_its_uk_times_and_saves(signed_in, school, leader):
    signed_in.post("/staff/events/new", data=GOOD)
    event = db.session.scalar(select(Event))
    form = text(signed_in.get(f"/staff/events/{event.id}/edit"))
    assert 'value="09:00"' in form and 'value="12:30"' in form and 'value="2026-06-15"' in form
    changed = {**GOOD, "title": "Renamed", "ends": "13:00"}
    response = signed_in.post(f"/staff/events/{event.id}/edit", data=changed)
    assert response.status_code == 303
    db.session.expire_all()
    assert event.title == "Renamed" and event.ends_at == datetime(2026, 6, 15, 12, 0)


def test_organisations_get_a_verifier_link_as_text_and_qr(signed_in, event):
    response = signed_in.post(
        f"/staff/events/{event.id}/organisations", data={"name": "Acme Builders", "sector": "construction"}
    )
    assert response.status_code == 303
    organisation = db.session.scalar(select(EventOrganisation))
    page = signed_in.get(f"/staff/events/{event.id}")
    body = text(page)
    assert page.headers["Cache-Control"] == "no-store"
    assert f"http://localhost/v/{organisation.verifier_secret}" in body
    assert 'aria-label="Verifier link QR code for Acme Builders"' in body
    assert "Construction and trades" in body


def test_adding_an_organisation_through_htmx_returns_the_list_or_the_problem(signed_in, event):
    url = f"/staff/events/{event.id}/organisations"
    bad = signed_in.post(url, data={"name": "  "}, headers={"HX-Request": "true"})
    assert bad.status_code == 422
    assert "<html" not in text(bad) and "Enter the name of the employer or provider." in text(bad)
    good = signed_in.post(url, data={"name": "Acme"}, headers={"HX-Request": "true"})
    assert good.status_code == 201
    assert 'id="organisations"' in text(good) and "Acme" in text(good) and "<html" not in text(good)
    assert good.headers["Cache-Control"] == "no-store"
    assert count(EventOrganisation) == 1


def test_the_public_url_setting_is_used_for_verifier_links(app, signed_in, event):
    app.config["PUBLIC_URL"] = "https://passport.oak.example"
    signed_in.post(f"/staff/events/{event.id}/organisations", data={"name": "Acme"})
    secret = db.session.scalar(select(EventOrganisation.verifier_secret))
    assert f"https://passport.oak.example/v/{secret}" in text(signed_in.get(f"/staff/events/{event.id}"))


def test_revoking_and_reissuing_a_verifier_link(signed_in, event):
    signed_in.post(f"/staff/events/{event.id}/organisations", data={"name": "Acme"})
    organisation = db.session.scalar(select(EventOrganisation))
    old = organisation.verifier_secret
    base = f"/staff/events/{event.id}/organisations/{organisation.id}"

    revoked = signed_in.post(f"{base}/revoke")
    assert revoked.status_code == 303
    page = text(signed_in.get(f"/staff/events/{event.id}"))
    assert "Revoked" in page and f"/v/{old}" not in page
    db.session.expire_all()
    assert organisation.revoked_at is not None

    reissued = signed_in.post(f"{base}/reissue", headers={"HX-Request": "true"})
    assert reissued.status_code == 200
    db.session.expire_all()
    assert organisation.revoked_at is None and organisation.verifier_secret != old
    fragment = text(reissued)
    assert fragment.lstrip().startswith("<li") and f"/v/{organisation.verifier_secret}" in fragment
    assert "has a new verifier link" in fragment

    again = signed_in.post(f"{base}/revoke", headers={"HX-Request": "true"})
    assert "no longer works" in text(again) and f"/v/{organisation.verifier_secret}" not in text(again)


def test_rotating_the_checkin_codes_and_cancelling(signed_in, event):
    secret = event.checkin_secret
    assert signed_in.post(f"/staff/events/{event.id}/checkin-secret").status_code == 303
    db.session.expire_all()
    assert event.checkin_secret != secret
    assert signed_in.post(f"/staff/events/{event.id}/cancel").status_code == 303
    db.session.expire_all()
    assert event.cancelled_at is not None
    page = text(signed_in.get(f"/staff/events/{event.id}"))
    assert "Cancelled" in page and "Open the check-in screen" not in page
    late = signed_in.post(f"/staff/events/{event.id}/organisations", data={"name": "Late Ltd"})
    assert late.status_code == 422
    edit = signed_in.post(f"/staff/events/{event.id}/edit", data=GOOD)
    assert edit.status_code == 422 and "cancelled" in text(edit)


def _management_requests(event_id: int, organisation_id: int):
    org = f"/staff/events/{event_id}/organisations/{organisation_id}"
    return [
        ("get", "/staff/events", None),
        ("get", "/staff/events/new", None),
        ("post", "/staff/events/new", GOOD),
        ("get", f"/staff/events/{event_id}", None),
        ("get", f"/staff/events/{event_id}/edit", None),
        ("post", f"/staff/events/{event_id}/edit", GOOD),
        ("post", f"/staff/events/{event_id}/organisations", {"name": "Intruder"}),
        ("post", f"{org}/revoke", None),
        ("post", f"{org}/reissue", None),
        ("post", f"/staff/events/{event_id}/checkin-secret", None),
        ("post", f"/staff/events/{event_id}/cancel", None),
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param("tutor", 403, id="tutor-same-school"),
        pytest.param("pupil", 403, id="pupil"),
        pytest.param("other-leader", 404, id="careers-leader-of-another-school"),
    ],
)
def test_only_the_schools_careers_leader_manages_events(client, auth, school, leader, who, status):
    event = factories.make_event(school, actor=leader)
    organisation = ops.add_organisation(event, leader, "Acme")
    secret, checkin_secret = organisation.verifier_secret, event.checkin_secret
    user = {
        "tutor": lambda: factories.make_staff(school, Role.TUTOR),
        "pupil": lambda: factories.make_pupil(school).user,
        "other-leader": lambda: factories.make_staff(
            factories.make_school("Elm", "elm"), Role.CAREERS_LEADER
        ),
    }[who]()
    auth.login(user.username)
    for method, url, data in _management_requests(event.id, organisation.id):
        if who == "other-leader" and url in ("/staff/events", "/staff/events/new"):
            continue  # their own (empty) programme
        response = getattr(client, method)(url, data=data)
        assert response.status_code == status, (method, url)
        assert secret not in text(response)
    db.session.expire_all()
    assert count(Event) == 1 and count(EventOrganisation) == 1
    assert (organisation.verifier_secret, organisation.revoked_at) == (secret, None)
    assert (event.checkin_secret, event.cancelled_at, event.title) == (checkin_secret, None, "Careers fair")


def test_another_schools_leader_sees_none_of_our_events(client, auth, school, event):
    elm_leader = factories.make_staff(factories.make_school("Elm", "elm"), Role.CAREERS_LEADER)
    auth.login(elm_leader.username)
    assert "Spring fair" not in text(client.get("/staff/events"))


def test_anonymous_users_go_to_sign_in(client, event):
    response = client.get(f"/staff/events/{event.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_careers_leader_finds_events_from_the_staff_home(signed_in, client, auth, school):
    assert "/staff/events" in text(signed_in.get("/staff/"))
    auth.logout()
    auth.login(factories.make_staff(school, Role.TUTOR).username)
    assert "/staff/events" not in text(client.get("/staff/"))
