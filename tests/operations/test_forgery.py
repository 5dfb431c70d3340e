"""Evidence nobody can forge (issue 7, item 1; requirements items 16 and 17): ids the server
writes on a verifier's word are random and unclaimable, a verifier confirms only what it was
shown, which is exactly what the signed statement says, and ids a client sends never reach
another pupil's record."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from passport.documents import signing
from passport.domain.eligibility import Ineligible
from passport.domain.kinds import EntryKind
from passport.domain.kinds import KINDS
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import EmployerConfirmation
from passport.models import Entry
from passport.models import OpReceipt
from passport.operations import checkin as checkin_ops
from passport.operations import employer as ops
from passport.operations import entries
from passport.operations import sharing
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.checkin_helpers import token_at
from tests.checkin_helpers import utc_now
from tests.verifier_helpers import make_fair
from tests.verifier_helpers import org_named

# The id the old code derived from public values (uuid5 of the organisation and pupil ids).
_OLD_NAMESPACE = uuid.UUID("6f1d2c0e-4b1a-5e8f-9c3d-2a7b8e9f0a11")


def old_derived_uuid(org, pupil) -> uuid.UUID:
    return uuid.uuid5(_OLD_NAMESPACE, f"employer:{org.id}:{pupil.id}")


@pytest.fixture
def fair(school):
    return make_fair(school)


@pytest.fixture
def arup(fair):
    return org_named(fair, "Arup")


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def forged_entry(pupil, key):
    """What a pupil could send before the employer taps: any kind, organisation, date, hours."""
    data = factories.entry_data(
        EntryKind.WORKPLACE_EXPERIENCE, organisation="Arup", hours=Decimal("80.0"), description="two weeks"
    )
    entry, created = entries.record_entry(pupil, pupil.user, data, key)
    assert created
    return entry


def test_a_pre_created_entry_is_never_stamped_by_the_employers_confirmation(arup, pupil):
    planted = forged_entry(pupil, old_derived_uuid(arup, pupil))
    entry, now = ops.confirm_pupil(arup, pupil, "", uuid.uuid4())
    assert now and entry.id != planted.id
    db.session.refresh(planted)
    assert planted.verification is Verification.SELF_REPORTED and planted.verifier_org_id is None
    assert planted.hours == Decimal("80.0")  # untouched, still the pupil's own word
    # The confirmed entry holds only what the employer was shown: the event and the organisation.
    assert (entry.kind, entry.subtype, entry.organisation) == (EntryKind.EMPLOYER_ENCOUNTER, "fair", "Arup")
    assert entry.hours is None and entry.description == ""
    assert entry.client_uuid not in (planted.client_uuid, old_derived_uuid(arup, pupil))


def test_a_classmates_pre_created_entry_cannot_break_anothers_confirmation(school, arup, pupil):
    classmate = factories.make_pupil(school, first_name="Cal")
    forged_entry(classmate, old_derived_uuid(arup, pupil))
    entry, now = ops.confirm_pupil(arup, pupil, "", uuid.uuid4())
    assert now and entry.pupil_id == pupil.id and entry.verification is Verification.VERIFIED


def test_confirmation_ids_are_random_and_one_per_organisation_and_pupil(arup, pupil):
    first, made = ops.confirm_pupil(arup, pupil, "", uuid.uuid4())
    again, made_again = ops.confirm_pupil(arup, pupil, "", uuid.uuid4())
    assert made and not made_again and again.id == first.id
    assert count(EmployerConfirmation) == 1
    # The database, not an id anyone can compute, holds the rule.
    db.session.add(EmployerConfirmation(school_id=arup.school_id, organisation_id=arup.id, pupil_id=pupil.id))
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.flush()
    db.session.rollback()


def test_a_withdrawn_confirmation_is_not_brought_back(arup, pupil):
    entry, _ = ops.confirm_pupil(arup, pupil, "", uuid.uuid4())
    entry.verification = Verification.REJECTED
    db.session.commit()
    entries.delete_entry(entry, pupil.user)
    with pytest.raises(ops.Withdrawn):
        ops.confirm_pupil(arup, pupil, "", uuid.uuid4())
    assert count(Entry) == 0


@pytest.mark.parametrize("share", signing.SHARE_CHOICES)
def test_what_the_employer_confirms_is_exactly_what_the_signed_statement_says(arup, pupil, share):
    pupil.share_name = share
    db.session.commit()
    forged_entry(pupil, old_derived_uuid(arup, pupil))
    entry, _ = ops.confirm_pupil(arup, pupil, "Asked good questions", uuid.uuid4())
    statement = signing.parse(sharing.statement_for(entry))
    payload = json.loads(signing.unb64url(statement.body))
    shown = ops.entry_data(arup)
    assert payload["entry"] == str(entry.client_uuid)
    assert payload["organisation"] == shown.organisation == entry.organisation == "Arup"
    assert payload["date"] == shown.occurred_on.isoformat() == entry.occurred_on.isoformat()
    assert payload["kind"] == KINDS[shown.kind].label and shown.kind is entry.kind
    assert payload["method"] == "employer"
    assert payload["event"] == arup.event.title
    assert set(payload) <= {"v", "school", "entry", "kind", "organisation", "date", "method",
                            "verified_at", "activity", "event", "pupil"}  # nothing the pupil typed


def test_what_a_check_in_confirms_is_exactly_what_the_signed_statement_says(school, pupil):
    from tests.checkin_helpers import make_checkin_event

    event = make_checkin_event(school, starts_at=utc_now() - timedelta(hours=1))
    at = utc_now()
    entry = checkin_ops.claim_attendance(
        pupil, pupil.user, token=token_at(event, at), scanned_at=at, received_at=at, op=uuid.uuid4()
    )
    payload = json.loads(signing.unb64url(signing.parse(sharing.statement_for(entry)).body))
    assert payload["organisation"] == checkin_ops.organisation_for(event) == entry.organisation
    assert payload["event"] == event.title and payload["method"] == "event_code"
    assert payload["entry"] == str(entry.client_uuid)


# --- ids a client sends -----------------------------------------------------------------------


def test_a_check_in_op_naming_a_pre_created_entry_is_refused_and_the_entry_untouched(school, pupil):
    from tests.checkin_helpers import make_checkin_event

    event = make_checkin_event(school, starts_at=utc_now() - timedelta(hours=1))
    key = uuid.uuid4()
    planted = forged_entry(pupil, key)
    at = utc_now()
    with pytest.raises(entries.NotYours):
        checkin_ops.claim_attendance(
            pupil, pupil.user, token=token_at(event, at), scanned_at=at, received_at=at, op=key
        )
    db.session.refresh(planted)
    assert planted.verification is Verification.SELF_REPORTED and planted.event_id is None


def test_an_entry_uuid_of_another_pupil_or_school_is_refused_and_theirs_untouched(school, pupil):
    classmate = factories.make_pupil(school, first_name="Cal")
    theirs = factories.make_entry(classmate, organisation="Their own")
    other = factories.make_pupil(factories.make_school("Elm Park", "elm"), first_name="Eve")
    elsewhere = factories.make_entry(other, organisation="Elsewhere")
    for victim in (theirs, elsewhere):
        with pytest.raises(entries.NotYours):
            data = factories.entry_data(organisation="Mine")
            entries.record_entry(pupil, pupil.user, data, victim.client_uuid)
        db.session.refresh(victim)
        assert victim.organisation in ("Their own", "Elsewhere") and victim.pupil_id != pupil.id
    assert count(Entry, Entry.pupil_id == pupil.id) == 0


def test_another_users_op_never_replays_as_their_receipt(school, pupil):
    classmate = factories.make_pupil(school, first_name="Cal")
    entry = factories.make_entry(classmate)
    mine = factories.make_entry(pupil)
    op = uuid.uuid4()
    entries.save_reflection(entry, classmate.user, {"learned": "A lot"}, 0, op)
    # Cal's op sent by Pat, on Pat's own entry: refused as someone else's, nothing written.
    with pytest.raises(entries.NotYours):
        entries.save_reflection(mine, pupil.user, {"learned": "Mine"}, 0, op)
    with pytest.raises(entries.NotYours):
        entries.update_entry(mine, pupil.user, factories.entry_data(organisation="X"), None, op)
    with pytest.raises(entries.NotYours):
        entries.record_entry(pupil, pupil.user, factories.entry_data(), op)
    assert db.session.get(OpReceipt, op).user_id == classmate.id
    db.session.refresh(mine)
    assert mine.reflection is None and mine.organisation == "Acme Ltd"


# --- one eligibility rule ----------------------------------------------------------------------


def _check_in(event, pupil):
    at = utc_now()
    return checkin_ops.claim_attendance(
        pupil, pupil.user, token=token_at(event, at), scanned_at=at, received_at=at, op=uuid.uuid4()
    )


@pytest.mark.parametrize("rule", list(Ineligible))
def test_every_rule_the_check_in_applies_the_employers_confirmation_applies(school, rule):
    """Issue 7 item 9: a Year 11 event's verifier link confirmed a Year 8 pupil whom the event's
    own check-in refused. One case per rule of domain/eligibility.py, through both paths."""
    from tests.checkin_helpers import make_checkin_event

    event = make_checkin_event(
        school, starts_at=utc_now() - timedelta(hours=1), organisations=("Arup",),
        year_groups=(11,) if rule is Ineligible.NOT_INVITED else (),
    )
    pupil_school = factories.make_school("Elm Park", "elm") if rule is Ineligible.OTHER_SCHOOL else school
    pupil = factories.make_pupil(pupil_school, first_name="Dee", year_group=8)
    if rule is Ineligible.CANCELLED:
        event.cancelled_at = utc_now()
        db.session.commit()
    with pytest.raises(checkin_ops.CheckinRefused) as refused:
        _check_in(event, pupil)
    assert refused.value.reason == rule.value
    assert ops.eligibility_of(event.organisations[0], pupil) is rule
    with pytest.raises((ops.OtherSchool, ops.LinkClosed, ops.NotInvited)):
        ops.confirm_pupil(event.organisations[0], pupil, "", uuid.uuid4())
    assert count(Entry) == 0
