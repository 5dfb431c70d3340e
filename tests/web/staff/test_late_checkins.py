"""Late check-ins on the staff event page (issue 7, item 1): listed with how late they arrived,
accepted or rejected by the careers leader (bad input: 422, the message and the typed reason),
never reachable from another school; and the event form's per-event late window."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import CheckinClaim
from passport.models import Entry
from passport.models import Event
from passport.models import Role
from passport.operations import checkin as checkin_ops
from sqlalchemy import select

from tests import factories
from tests.checkin_helpers import FAIR_STARTS
from tests.checkin_helpers import make_checkin_event
from tests.checkin_helpers import token_at

AT = FAIR_STARTS + timedelta(minutes=30)


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def late(school, fair):
    """Amy's check-in sent 5 h 3 min after she scanned; Ben's on time."""
    amy = factories.make_pupil(school, first_name="Amy", last_name="Jones")
    ben = factories.make_pupil(school, first_name="Ben", last_name="Adams")
    for pupil, received in ((amy, AT + timedelta(hours=5, minutes=3)), (ben, AT)):
        checkin_ops.claim_attendance(
            pupil, pupil.user, token=token_at(fair, AT), scanned_at=AT, received_at=received, op=uuid.uuid4()
        )
    return db.session.scalar(select(CheckinClaim).where(CheckinClaim.pupil_id == amy.id))


def test_the_event_page_lists_only_late_check_ins_with_how_late(client, auth, leader, fair, late):
    auth.login(leader.username)
    response = client.get(f"/staff/events/{fair.id}")
    page = text(response)
    section = page[page.index('id="late-checkins"'):]
    section = section[: section.index("</section>")]
    assert "Jones, Amy" in section and "Adams" not in section
    assert "5 h 3 min" in section
    assert response.headers["Cache-Control"] == "no-store"


def test_accepting_keeps_the_entry_verified(client, auth, leader, fair, late):
    auth.login(leader.username)
    response = client.post(f"/staff/events/{fair.id}/late/{late.id}/accept")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(CheckinClaim, late.id).review == "accepted"
    assert "Accepted" in text(client.get(f"/staff/events/{fair.id}"))


def test_rejecting_needs_a_reason_and_keeps_what_was_typed(client, auth, leader, fair, late):
    auth.login(leader.username)
    url = f"/staff/events/{fair.id}/late/{late.id}/reject"
    missing = client.post(url, data={"reason": ""})
    assert missing.status_code == 422 and "Say why" in text(missing)
    too_long = client.post(url, data={"reason": "x" * 301})
    assert too_long.status_code == 422 and "x" * 301 in text(too_long)
    db.session.expire_all()
    assert db.session.get(CheckinClaim, late.id).review is None  # nothing half-written
    assert client.post(url, data={"reason": "Not on the register"}).status_code == 303
    db.session.expire_all()
    entry = db.session.get(Entry, late.entry_id)
    assert (entry.verification, entry.verification_note) == (Verification.REJECTED, "Not on the register")


def test_other_staff_get_403_and_another_schools_leader_404(client, auth, school, fair, late):
    tutor = factories.make_staff(school, Role.TUTOR)
    auth.login(tutor.username)
    assert client.post(f"/staff/events/{fair.id}/late/{late.id}/accept").status_code == 403
    auth.logout()
    other = factories.make_staff(factories.make_school("Elm Park", "elm"), Role.CAREERS_LEADER)
    auth.login(other.username)
    assert client.post(f"/staff/events/{fair.id}/late/{late.id}/accept").status_code == 404
    db.session.expire_all()
    assert db.session.get(CheckinClaim, late.id).review is None


def test_a_claim_of_another_event_is_404(client, auth, school, leader, fair, late):
    other = make_checkin_event(school, title="Another")
    auth.login(leader.username)
    assert client.post(f"/staff/events/{other.id}/late/{late.id}/accept").status_code == 404
    assert client.post(f"/staff/events/{fair.id}/late/99999999999999999999/accept").status_code == 404


GOOD = {
    "kind": "careers_fair", "title": "Year 10 careers fair", "day": "2026-06-15", "starts": "09:00",
    "ends": "12:30", "year_groups": ["10"],
}


@pytest.mark.parametrize("hours", ["0", "100000", "-3", "abc", "1e9"])
def test_the_event_forms_late_window_is_validated(client, auth, leader, hours):
    auth.login(leader.username)
    response = client.post("/staff/events/new", data={**GOOD, "late_window_hours": hours})
    assert response.status_code == 422
    assert f'value="{hours}"' in text(response)
    assert db.session.scalar(select(Event)) is None


def test_the_event_forms_late_window_is_saved_and_audited(app, client, auth, leader):
    auth.login(leader.username)
    page = text(client.get("/staff/events/new"))
    assert f"usual {app.config['CHECKIN_MAX_DELAY_HOURS']} hours" in page
    assert client.post("/staff/events/new", data={**GOOD, "late_window_hours": "6"}).status_code == 303
    event = db.session.scalar(select(Event))
    assert event.late_window_hours == 6
    client.post(f"/staff/events/{event.id}/edit", data={**GOOD, "late_window_hours": "12"})
    row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "event_updated"))
    assert "late_window_hours" in row.detail["changed"] and row.detail["late_window_hours"] == 12
