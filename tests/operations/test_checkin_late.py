"""Late check-ins and guessing (issue 7, items 1 and 9): how late a claim arrived is recorded and
late ones are flagged for review; each event has its own late window; a pupil typing wrong codes
is slowed, never locked out of the right code, and refusals write O(1) rows."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import CheckinClaim
from passport.models import CheckinThrottle
from passport.models import Entry
from passport.models import Role
from passport.operations import checkin as ops
from passport.operations import checkin_review as review
from passport.operations import checkin_throttle as throttle
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.checkin_helpers import FAIR_STARTS
from tests.checkin_helpers import make_checkin_event
from tests.checkin_helpers import token_at
from tests.checkin_helpers import typed_at

AT = FAIR_STARTS + timedelta(minutes=30)


@pytest.fixture
def fair(school):
    return make_checkin_event(school)


def claim(pupil, *, at=AT, received_at=None, **code):
    return ops.claim_attendance(
        pupil, pupil.user, **code, scanned_at=at, received_at=received_at or at, op=uuid.uuid4()
    )


def refused(pupil, **kwargs) -> ops.CheckinRefused:
    with pytest.raises(ops.CheckinRefused) as error:
        claim(pupil, **kwargs)
    return error.value


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_fresh_claim_is_on_time_and_records_its_delay(pupil, fair):
    claim(pupil, token=token_at(fair, AT), received_at=AT + timedelta(seconds=20))
    row = db.session.scalar(select(CheckinClaim))
    assert (row.delay_seconds, row.is_late) == (20, False)


def test_a_claim_arriving_after_its_code_changed_is_late_with_how_late(pupil, fair):
    received = AT + timedelta(hours=5, minutes=3)
    claim(pupil, token=token_at(fair, AT), received_at=received)
    row = db.session.scalar(select(CheckinClaim))
    assert row.is_late and row.delay_seconds == 5 * 3600 + 180 and row.review is None
    audited = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "checkin_claimed"))
    assert audited.detail["late"] is True and audited.detail["delay_seconds"] == row.delay_seconds


def test_a_phone_clock_behind_online_is_not_late(pupil, fair):
    # The code is fresh by the server's clock, whatever the phone says.
    claim(pupil, token=token_at(fair, AT), at=AT - timedelta(minutes=10), received_at=AT)
    assert db.session.scalar(select(CheckinClaim.is_late)) is False


def test_each_event_has_its_own_late_window(app, school, pupil):
    short = make_checkin_event(school, title="Short window")
    short.late_window_hours = 2
    db.session.commit()
    assert ops.late_window(short) == timedelta(hours=2)
    too_late = refused(pupil, token=token_at(short, AT), received_at=AT + timedelta(hours=2, minutes=1))
    assert too_late.reason == "too_late"
    assert claim(pupil, token=token_at(short, AT), received_at=AT + timedelta(hours=1)).event_id == short.id


def test_the_default_window_and_the_ceiling_come_from_config(app, school):
    event = make_checkin_event(school)
    ceiling = app.config["CHECKIN_MAX_DELAY_HOURS"]
    assert ops.late_window(event) == timedelta(hours=ceiling)
    event.late_window_hours = ceiling * 10  # never beyond the deployment's ceiling
    assert ops.late_window(event) == timedelta(hours=ceiling)


# --- guessing typed codes (item 9) ------------------------------------------------------------


def test_the_right_code_works_after_many_wrong_ones(pupil, fair):
    for _ in range(50):
        refused(pupil, typed="ABCDEF")
    # A scan is never made to wait: its 96-bit signature cannot be guessed.
    assert claim(pupil, token=token_at(fair, AT)).event_id == fair.id


def test_a_typed_code_waits_seconds_not_minutes_then_works(school, fair):
    pupil = factories.make_pupil(school, first_name="Dee")
    for _ in range(throttle.RATE_LIMIT + 8):
        refused(pupil, typed="ABCDEF")
    assert refused(pupil, typed=typed_at(fair, AT)).reason == "rate_limited"
    assert 0 < throttle.wait(pupil, AT) <= throttle.MAX_WAIT.total_seconds()
    later = AT + throttle.MAX_WAIT
    assert claim(pupil, typed=typed_at(fair, later), at=later).event_id == fair.id


def test_n_refusals_write_a_bounded_number_of_rows(pupil, fair):
    for _ in range(200):
        refused(pupil, typed="ABCDEF")  # most are 429s: nothing written at all
    for minute in range(1, 9):  # and wrong codes after each wait
        refused(pupil, typed="ABCDEF", at=AT + timedelta(seconds=31 * minute))
    assert count(AuditEvent, AuditEvent.action == "checkin_refused") == throttle.RATE_LIMIT + 1
    assert count(CheckinThrottle) == 1
    assert count(Entry) == 0


def test_the_window_resets_and_is_per_pupil(school, pupil, fair):
    for _ in range(throttle.RATE_LIMIT + 1):
        refused(pupil, typed="ABCDEF")
    friend = factories.make_pupil(school, first_name="Bea")
    assert claim(friend, typed=typed_at(fair, AT)).event_id == fair.id
    after = AT + throttle.RATE_WINDOW + timedelta(seconds=1)
    assert throttle.wait(pupil, after) == 0
    assert refused(pupil, typed="ABCDEF", at=after).reason == "typed_no_match"


# --- review (item 1) --------------------------------------------------------------------------


@pytest.fixture
def late_claim(pupil, fair):
    claim(pupil, token=token_at(fair, AT), received_at=AT + timedelta(hours=6))
    return db.session.scalar(select(CheckinClaim))


def test_the_careers_leader_accepts_a_late_check_in(school, late_claim):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    review.accept_late_checkin(late_claim, leader)
    assert (late_claim.review, late_claim.reviewed_by_id) == ("accepted", leader.id)
    entry = db.session.get(Entry, late_claim.entry_id)
    assert entry.verification is Verification.VERIFIED
    assert count(AuditEvent, AuditEvent.action == "late_checkin_accepted") == 1


def test_rejecting_a_late_check_in_rejects_its_entry_with_the_reason(school, late_claim):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    with pytest.raises(ValueError):
        review.reject_late_checkin(late_claim, leader, "  ")
    review.reject_late_checkin(late_claim, leader, "You were not on the register.")
    entry = db.session.get(Entry, late_claim.entry_id)
    assert entry.verification is Verification.REJECTED
    assert entry.verification_note == "You were not on the register."
    row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "late_checkin_rejected"))
    assert row.actor_id == leader.id and row.detail["pupil_id"] == late_claim.pupil_id
    with pytest.raises(review.CannotReview):
        review.accept_late_checkin(late_claim, leader)  # decided once


def test_only_the_careers_leader_of_the_school_reviews(school, late_claim):
    tutor = factories.make_staff(school, Role.TUTOR)
    other = factories.make_staff(factories.make_school("Elm Park", "elm"), Role.CAREERS_LEADER)
    for actor in (tutor, other):
        with pytest.raises(review.CannotReview):
            review.accept_late_checkin(late_claim, actor)
    assert late_claim.review is None
