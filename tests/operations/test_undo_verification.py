"""``operations.verification.undo_decision`` on a check-in's verification (issue 7 item 8): back
to self-reported with the lock released, and a replayed check-in leaves the undo alone."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Entry
from passport.models import Role
from passport.operations import checkin
from passport.operations import entries
from passport.operations import verification as ops
from sqlalchemy import select

from tests import factories
from tests.checkin_helpers import FAIR_STARTS
from tests.checkin_helpers import make_checkin_event
from tests.checkin_helpers import token_at

AT = FAIR_STARTS + timedelta(minutes=30)


@pytest.fixture
def checked_in(school, pupil):
    event = make_checkin_event(school)
    op = uuid.uuid4()
    entry = checkin.claim_attendance(
        pupil, pupil.user, token=token_at(event, AT), typed=None, scanned_at=AT, received_at=AT, op=op,
    )
    assert entry.verification is Verification.VERIFIED and entry.verification_method == "event_code"
    return event, op, entry


def test_undoing_a_check_in_releases_the_lock_and_a_replay_leaves_it_undone(school, pupil, checked_in):
    event, op, entry = checked_in
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    with pytest.raises(entries.Locked):
        entries.delete_entry(entry, pupil.user)
    db.session.rollback()

    undo = ops.undo_decision(db.session.get(Entry, entry.id), leader, "Amy was off sick that day")
    assert (undo.previous, undo.previous_method) == (Verification.VERIFIED, "event_code")
    saved = db.session.get(Entry, entry.id)
    assert saved.verification is Verification.SELF_REPORTED and saved.event_id == event.id
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "verification_undone"))
    assert audit.detail["method"] == "event_code" and audit.detail["previous"] == "verified"

    # The same offline check-in arriving again finds its entry and changes nothing.
    again = checkin.claim_attendance(
        pupil, pupil.user, token=token_at(event, AT), typed=None, scanned_at=AT, received_at=AT, op=op,
    )
    assert again.id == entry.id and again.verification is Verification.SELF_REPORTED

    entries.delete_entry(db.session.get(Entry, entry.id), pupil.user)  # no longer locked


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_a_reason_is_required_and_bounded(school, pupil, checked_in, reason):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    with pytest.raises(ValueError):
        ops.undo_decision(checked_in[2], leader, reason)
    db.session.rollback()
    assert db.session.get(Entry, checked_in[2].id).verification is Verification.VERIFIED
