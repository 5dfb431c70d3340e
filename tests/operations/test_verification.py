"""Staff verification through its operations: verify, reject with a reason, and what no one
may do (requirements item 16; issue 4 items 4 and 6)."""

from datetime import date

import pytest
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Role
from passport.operations import entries
from passport.operations import verification as ops
from sqlalchemy import select

from tests import factories


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")


@pytest.fixture
def entry(pupil):
    return factories.make_entry(pupil, organisation="Acme Ltd")


def audit_rows(action: str) -> list[AuditEvent]:
    rows = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(rows))


def test_verify_sets_who_when_how_and_audits(entry, tutor):
    ops.verify_entry(entry, tutor, note="  Saw the certificate ")
    db.session.expire_all()
    assert entry.verification is Verification.VERIFIED
    assert (entry.verified_by_id, entry.verification_method) == (tutor.id, "staff")
    assert entry.verified_at is not None
    assert entry.verification_note == "Saw the certificate"
    [row] = audit_rows("entry_verified")
    assert (row.actor_id, row.subject_id, row.detail["method"]) == (tutor.id, entry.id, "staff")


def test_reject_keeps_the_reason_for_the_pupil_and_audits(entry, tutor):
    ops.reject_entry(entry, tutor, "  Ask Acme for a letter ")
    db.session.expire_all()
    assert entry.verification is Verification.REJECTED
    assert entry.verification_note == "Ask Acme for a letter"
    assert entry.verified_by_id == tutor.id and entry.verified_at is not None
    [row] = audit_rows("entry_rejected")
    assert row.detail["reason"] == "Ask Acme for a letter"


def test_a_rejected_entry_can_be_verified_later_and_loses_the_old_reason(entry, tutor):
    ops.reject_entry(entry, tutor, "Which day?")
    ops.verify_entry(entry, tutor)
    assert entry.verification is Verification.VERIFIED and entry.verification_note is None


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        pytest.param("", "Say why", id="empty"),
        pytest.param("   ", "Say why", id="blank"),
        pytest.param("x" * 301, "300 characters", id="too-long"),
    ],
)
def test_a_rejection_needs_a_short_reason(entry, tutor, reason, message):
    with pytest.raises(ValueError, match=message):
        ops.reject_entry(entry, tutor, reason)
    db.session.rollback()
    db.session.expire_all()
    assert entry.verification is Verification.SELF_REPORTED
    assert audit_rows("entry_rejected") == []


def test_a_reason_of_exactly_300_characters_is_kept(entry, tutor):
    ops.reject_entry(entry, tutor, "y" * 300)
    assert entry.verification_note == "y" * 300


@pytest.mark.parametrize(
    "decide", [ops.verify_entry, lambda e, a: ops.reject_entry(e, a, "no")], ids=["verify", "reject"]
)
@pytest.mark.parametrize(
    "who", ["the-pupil-themself", "another-pupil", "staff-of-another-school", "senior_leader", "governor",
            "careers_adviser", "senco"],
)
def test_no_one_but_staff_of_the_school_decides(pupil, entry, school, who, decide):
    """Only the pupil's tutor or the careers leader decide (passport/access.py VERIFIERS), in
    the operation as well as at the page."""
    actor = {
        "the-pupil-themself": lambda: pupil.user,
        "another-pupil": lambda: factories.make_pupil(school).user,
        "staff-of-another-school": lambda: factories.make_staff(
            factories.make_school("Elm", "elm"), Role.CAREERS_LEADER
        ),
    }.get(who, lambda: factories.make_staff(school, Role(who)))()
    with pytest.raises(ops.CannotVerify):
        decide(entry, actor)
    db.session.expire_all()
    assert entry.verification is Verification.SELF_REPORTED and entry.verified_by_id is None


def test_a_pupil_cannot_verify_their_own_entry_even_if_they_held_a_staff_role(pupil, entry):
    # Belt and braces: the check is on the person, not only on the role.
    pupil.user.role = Role.TUTOR
    db.session.commit()
    with pytest.raises(ops.CannotVerify, match="own entry"):
        ops.verify_entry(entry, pupil.user)


def test_a_verified_entry_is_not_decided_again(entry, tutor):
    ops.verify_entry(entry, tutor)
    with pytest.raises(ops.CannotVerify, match="already verified"):
        ops.reject_entry(entry, tutor, "Changed my mind")
    assert entry.verification is Verification.VERIFIED


def test_a_rejected_entry_the_pupil_changes_goes_back_to_staff_as_self_reported(entry, tutor, pupil):
    """The pupil's page says "change the entry and ask your tutor to look again" (item 16):
    a change puts it back in the tutor's queue; the rejection stays in the audit log."""
    ops.reject_entry(entry, tutor, "Which day was it?")
    fixed = factories.entry_data(organisation="Acme Ltd", occurred_on=date(2025, 10, 2))
    entries.update_entry(entry, pupil.user, fixed, None)
    db.session.expire_all()
    assert entry.verification is Verification.SELF_REPORTED
    assert (entry.verification_note, entry.verified_by_id, entry.verified_at) == (None, None, None)
    [row] = audit_rows("entry_resubmitted")
    assert (row.actor_id, row.detail["reason"], row.detail["rejected_by"]) == (
        pupil.user.id,
        "Which day was it?",
        tutor.id,
    )
    assert audit_rows("entry_rejected")[0].detail["reason"] == "Which day was it?"
    # Back with staff: it can be decided again.
    ops.verify_entry(entry, tutor)
    assert entry.verification is Verification.VERIFIED


def test_a_rejected_entry_saved_unchanged_stays_rejected(entry, tutor, pupil):
    ops.reject_entry(entry, tutor, "Ask Acme for a letter")
    entries.update_entry(entry, pupil.user, factories.entry_data(organisation="Acme Ltd"), None)
    db.session.expire_all()
    assert entry.verification is Verification.REJECTED
    assert entry.verification_note == "Ask Acme for a letter"
    assert audit_rows("entry_resubmitted") == []
