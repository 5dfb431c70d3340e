"""Checking in with the event's code (issue 4, items 2 and 6): a valid claim makes one verified
entry; forged, expired, other-event, other-school, malformed, late and uninvited claims are
refused with a message and audited; claims are rate-limited."""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
from passport.domain import tokens
from passport.domain.events import EventKind
from passport.domain.kinds import EntryKind
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import CheckinClaim
from passport.models import Entry
from passport.models import OpReceipt
from passport.models._base import utcnow
from passport.operations import checkin as ops
from passport.operations.entries import NotYours
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.checkin_helpers import FAIR_STARTS
from tests.checkin_helpers import make_checkin_event
from tests.checkin_helpers import token_at
from tests.checkin_helpers import typed_at
from tests.checkin_helpers import url_at

AT = FAIR_STARTS + timedelta(minutes=30)  # 09:30, half an hour into the fair


@pytest.fixture
def fair(school):
    return make_checkin_event(school)


def claim(pupil, *, token=None, typed=None, scanned_at=AT, received_at=None, op=None):
    return ops.claim_attendance(
        pupil,
        pupil.user,
        token=token,
        typed=typed,
        scanned_at=scanned_at,
        received_at=received_at or scanned_at,
        op=op or uuid.uuid4(),
    )


def refused(pupil, **kwargs) -> ops.CheckinRefused:
    with pytest.raises(ops.CheckinRefused) as error:
        claim(pupil, **kwargs)
    return error.value


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def audit_rows(action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def test_a_fresh_code_makes_one_verified_entry_from_the_event(pupil, fair):
    op = uuid.uuid4()
    entry = claim(pupil, token=token_at(fair, AT), op=op, received_at=AT + timedelta(seconds=3))
    assert entry.client_uuid != op  # the server's own random id (issue 7 item 1); the op names the receipt
    assert (entry.kind, entry.subtype) == (EntryKind.EMPLOYER_ENCOUNTER, "fair")
    assert entry.organisation == "Year 9 careers fair"  # many organisations: the event's title
    assert entry.occurred_on == date(2026, 3, 10)
    assert entry.sector == "engineering_manufacturing"
    assert entry.is_stem is True
    assert entry.verification is Verification.VERIFIED
    assert entry.verification_method == "event_code"
    assert entry.event_id == fair.id
    assert entry.verified_at == AT + timedelta(seconds=3)
    assert entry.client_created_at == AT
    assert entry.created_by_id == pupil.id
    claim_row = db.session.scalar(select(CheckinClaim))
    assert (claim_row.event_id, claim_row.pupil_id, claim_row.entry_id) == (fair.id, pupil.id, entry.id)
    assert claim_row.method == "qr"
    assert claim_row.scanned_at == AT
    receipt = db.session.get(OpReceipt, op)
    assert (receipt.action, receipt.user_id) == ("checkin.claim", pupil.id)
    assert receipt.entry_uuid == entry.client_uuid


def test_the_claim_is_audited_with_event_method_and_slot_and_never_the_token(pupil, fair):
    token = token_at(fair, AT)
    entry = claim(pupil, token=token)
    (row,) = audit_rows("checkin_claimed")
    assert (row.actor_id, row.subject_type, row.subject_id) == (pupil.id, "Entry", entry.id)
    assert row.detail["event_id"] == fair.id
    assert row.detail["method"] == "qr"
    assert row.detail["slot"] == int(token.split(".")[1])
    assert row.detail["delay_seconds"] == 0
    assert token.split(".")[2] not in str(row.detail)


def test_the_link_a_phone_camera_reads_is_accepted_too(pupil, fair):
    assert claim(pupil, token=url_at(fair, AT)).event_id == fair.id


def test_one_organisation_attending_names_the_entry(pupil, school):
    talk = make_checkin_event(
        school, title="Engineering talk", organisations=("Arup",), kind=EventKind.EMPLOYER_TALK
    )
    entry = claim(pupil, token=token_at(talk, AT))
    assert (entry.organisation, entry.subtype) == ("Arup", "talk")


def test_the_date_is_the_events_date_in_england(pupil, school):
    late = datetime(2026, 6, 30, 23, 30)  # 00:30 on 1 July in British Summer Time
    event = make_checkin_event(school, starts_at=late, hours=2)
    at = late + timedelta(minutes=5)
    assert claim(pupil, token=token_at(event, at), scanned_at=at).occurred_on == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("code_minutes", "reason"),
    [
        pytest.param(-10, "expired", id="photo-of-a-code-ten-minutes-old"),
        pytest.param(-2, "expired", id="two-minutes-old"),
        pytest.param(3, "too_early", id="from-the-future"),
    ],
)
def test_a_code_far_from_the_scan_time_is_refused(pupil, fair, code_minutes, reason):
    error = refused(pupil, token=token_at(fair, AT + timedelta(minutes=code_minutes)))
    assert error.reason == reason
    assert error.message == tokens.MESSAGES[tokens.TokenProblem(reason)]
    assert count(Entry) == 0


def test_a_code_within_the_tolerance_is_accepted(pupil, fair):
    assert claim(pupil, token=token_at(fair, AT - timedelta(seconds=60))).event_id == fair.id


def test_a_forged_code_is_refused(pupil, fair):
    code, slot, mac = token_at(fair, AT).split(".")
    forged = f"{code}.{slot}.{'A' * 16 if mac != 'A' * 16 else 'B' * 16}"
    assert refused(pupil, token=forged).reason == "forged"


def test_another_events_signature_does_not_work_for_this_event(pupil, school, fair):
    other = make_checkin_event(school, title="Other fair")
    theirs = token_at(other, AT)
    mixed = f"{fair.public_code}.{theirs.split('.', 1)[1]}"
    assert refused(pupil, token=mixed).reason == "forged"
    # The other event's own code, unchanged, checks the pupil in to that event, not this one.
    assert claim(pupil, token=theirs).event_id == other.id


def test_another_schools_event_is_refused_without_revealing_it(pupil, ctx):
    elsewhere = factories.make_school("Elm Park", "elm")
    event = make_checkin_event(elsewhere, title="Elm Park secret fair")
    error = refused(pupil, token=token_at(event, AT))
    assert error.reason == "other_school"
    assert error.message == ops.NOT_YOUR_SCHOOL
    assert "Elm" not in error.message
    # An unknown event says exactly the same.
    unknown = tokens.checkin_token(b"k" * 32, "NoSuchEvent1", int(token_at(event, AT).split(".")[1]))
    assert refused(pupil, token=unknown).message == error.message
    assert count(Entry) == 0
    (row, _) = audit_rows("checkin_refused")
    assert "event_id" not in row.detail


@pytest.mark.parametrize(
    "junk",
    ["hello", "https://passport.example.sch.uk/c/", "a.b.c", "x" * 500, "FAIR2026ab.12.short", "../../etc"],
)
def test_malformed_codes_are_refused_never_an_error(pupil, fair, junk):
    error = refused(pupil, token=junk)
    assert error.reason == "malformed"
    assert error.message == tokens.MESSAGES[tokens.TokenProblem.MALFORMED]


def test_no_code_at_all_is_refused(pupil, fair):
    assert refused(pupil, token=None, typed="  ").reason == "missing"


def test_a_code_from_outside_the_event_window_is_refused(pupil, fair):
    before = FAIR_STARTS - timedelta(minutes=5)
    assert refused(pupil, token=token_at(fair, before), scanned_at=before).reason == "outside_event"
    after = fair.ends_at + timedelta(minutes=5)
    assert refused(pupil, token=token_at(fair, after), scanned_at=after).reason == "outside_event"


def test_a_cancelled_event_is_refused(pupil, fair):
    fair.cancelled_at = utcnow()
    db.session.commit()
    assert refused(pupil, token=token_at(fair, AT)).reason == "cancelled"


def test_a_typed_code_finds_the_event_happening_then(pupil, school, fair):
    make_checkin_event(school, title="Talk in the library", organisations=("BT",))
    entry = claim(pupil, typed=typed_at(fair, AT - timedelta(seconds=30)))
    assert entry.event_id == fair.id
    claim_row = db.session.scalar(select(CheckinClaim))
    assert claim_row.method == "typed"
    assert audit_rows("checkin_claimed")[0].detail["method"] == "typed"


def test_a_typed_code_forgives_case_spaces_and_dashes(pupil, fair):
    code = typed_at(fair, AT)
    assert claim(pupil, typed=f" {code[:3].lower()}-{code[3:].lower()} ").event_id == fair.id


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("ABC", "typed_malformed"), ("0OIL1!", "typed_malformed"), ("ABCDEF", "typed_no_match")],
)
def test_a_wrong_typed_code_is_refused(pupil, fair, typed, reason):
    assert refused(pupil, typed=typed).reason == reason


def test_an_old_typed_code_or_another_schools_does_not_match(pupil, fair):
    assert refused(pupil, typed=typed_at(fair, AT - timedelta(minutes=10))).reason == "typed_no_match"
    elsewhere = make_checkin_event(factories.make_school("Elm Park", "elm"))
    assert refused(pupil, typed=typed_at(elsewhere, AT)).reason == "typed_no_match"


def test_a_replay_or_a_second_claim_returns_the_same_entry(pupil, fair):
    op = uuid.uuid4()
    first = claim(pupil, token=token_at(fair, AT), op=op)
    again = claim(pupil, token=token_at(fair, AT), op=op, received_at=AT + timedelta(hours=5))
    later = AT + timedelta(minutes=20)
    second_scan = claim(pupil, typed=typed_at(fair, later), scanned_at=later)
    assert first.id == again.id == second_scan.id
    assert count(Entry) == 1
    assert count(CheckinClaim) == 1
    assert second_scan.verified_at == AT  # when the first claim arrived
    assert len(audit_rows("checkin_claimed")) == 1


def test_two_pupils_each_get_their_own_entry(school, pupil, fair):
    friend = factories.make_pupil(school, first_name="Bea")
    claim(pupil, token=token_at(fair, AT))
    claim(friend, token=token_at(fair, AT))
    assert count(Entry) == 2 and count(CheckinClaim) == 2


def test_another_pupils_op_is_not_theirs(school, pupil, fair):
    friend = factories.make_pupil(school, first_name="Bea")
    op = uuid.uuid4()
    claim(pupil, token=token_at(fair, AT), op=op)
    with pytest.raises(NotYours):
        claim(friend, token=token_at(fair, AT), op=op)
    assert count(Entry) == 1


def test_an_offline_claim_synced_within_the_limit_is_checked_against_the_scan_time(app, pupil, fair):
    limit = app.config["CHECKIN_MAX_DELAY_HOURS"]
    received = AT + timedelta(hours=limit) - timedelta(minutes=1)
    entry = claim(pupil, token=token_at(fair, AT), scanned_at=AT, received_at=received)
    assert entry.verified_at == received
    assert entry.client_created_at == AT
    assert audit_rows("checkin_claimed")[0].detail["delay_seconds"] == int((received - AT).total_seconds())


def test_an_offline_claim_synced_after_the_limit_is_refused(app, pupil, fair):
    limit = app.config["CHECKIN_MAX_DELAY_HOURS"]
    error = refused(pupil, token=token_at(fair, AT), received_at=AT + timedelta(hours=limit, minutes=1))
    assert error.reason == "too_late"
    assert "careers leader" in error.message


def test_a_scan_time_after_its_arrival_is_refused_beyond_a_minute_of_skew(pupil, fair):
    token = token_at(fair, AT)
    assert refused(pupil, token=token, scanned_at=AT + timedelta(minutes=2), received_at=AT).reason == (
        "clock_ahead"
    )
    skewed = AT + timedelta(seconds=40)
    assert claim(pupil, token=token, scanned_at=skewed, received_at=AT).event_id == fair.id


def test_a_phone_clock_that_is_behind_does_not_refuse_a_fresh_code_online(pupil, fair):
    # The phone says 09:20, the server 09:30: the code is fresh by the server's clock.
    entry = claim(pupil, token=token_at(fair, AT), scanned_at=AT - timedelta(minutes=10), received_at=AT)
    assert entry.event_id == fair.id


def test_a_year_group_not_invited_is_refused(school, pupil):
    event = make_checkin_event(school, year_groups=(10, 11))
    error = refused(pupil, token=token_at(event, AT))
    assert error.reason == "not_invited"
    invited = make_checkin_event(school, title="Year 9 and 10 talk", year_groups=(9, 10))
    assert claim(pupil, token=token_at(invited, AT)).event_id == invited.id


def test_refusals_are_audited_with_the_reason_and_no_code(pupil, fair):
    token = token_at(fair, AT - timedelta(minutes=10))
    refused(pupil, token=token)
    typed = typed_at(fair, AT - timedelta(minutes=10))
    refused(pupil, typed=typed)
    rows = audit_rows("checkin_refused")
    assert [(r.detail["reason"], r.detail["method"]) for r in rows] == [
        ("expired", "qr"),
        ("typed_no_match", "typed"),
    ]
    assert all((r.actor_id, r.subject_type, r.subject_id) == (pupil.id, "Pupil", pupil.id) for r in rows)
    assert rows[0].detail["event_id"] == fair.id
    for row in rows:
        assert token.split(".")[2] not in str(row.detail) and typed not in str(row.detail)


def test_the_rate_limit_is_per_pupil_and_spares_a_replay(school, pupil, fair):
    op = uuid.uuid4()
    first = claim(pupil, token=token_at(fair, AT), op=op)
    for _ in range(ops.RATE_LIMIT + 1):
        refused(pupil, typed="ABCDEF")
    assert refused(pupil, typed="ABCDEF").reason == "rate_limited"
    assert claim(pupil, token=token_at(fair, AT), op=op).id == first.id  # a retry of what worked
    friend = factories.make_pupil(school, first_name="Bea")
    assert claim(friend, token=token_at(fair, AT)).event_id == fair.id


def racing(monkeypatch, name):
    """Make ``ops.<name>`` miss once, as if a concurrent request committed just after it looked."""
    real = getattr(ops, name)
    calls = []

    def first_misses(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(ops, name, first_misses)


def test_two_claims_racing_for_the_same_event_make_one_entry(monkeypatch, pupil, fair):
    first = claim(pupil, token=token_at(fair, AT))
    racing(monkeypatch, "_existing_claim")
    assert claim(pupil, typed=typed_at(fair, AT)).id == first.id  # the unique constraint caught it
    assert count(Entry) == 1 and count(CheckinClaim) == 1


def test_a_retry_racing_its_original_makes_one_entry(monkeypatch, pupil, fair):
    op = uuid.uuid4()
    first = claim(pupil, token=token_at(fair, AT), op=op)
    racing(monkeypatch, "_replayed")
    racing(monkeypatch, "_existing_claim")
    assert claim(pupil, token=token_at(fair, AT), op=op).id == first.id
    assert count(Entry) == 1 and count(OpReceipt) == 1


def test_an_op_spent_on_an_ordinary_entry_is_not_a_check_in(pupil, fair):
    entry = factories.make_entry(pupil)
    with pytest.raises(NotYours):
        claim(pupil, token=token_at(fair, AT), op=entry.client_uuid)
    assert count(CheckinClaim) == 0
