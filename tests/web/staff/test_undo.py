"""Undoing a mistaken verification or rejection (issue 7 item 8): staff who may verify may
undo, with a required reason kept on error; audited with the old state; the pupil sees who and
why; the entry's proof link, signed before, shows as withdrawn."""

import html
import re
import uuid

import pytest
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Entry
from passport.models import Pupil
from passport.models import Role
from passport.models import VerificationUndo
from passport.operations import employer as employer_ops
from passport.operations import sharing
from passport.operations import verification as ops
from passport.templating import long_date
from sqlalchemy import select

from tests import factories
from tests.verifier_helpers import make_fair
from tests.verifier_helpers import org_named

REASON = "Verified the wrong pupil's entry by mistake"
WITHDRAWN = "This confirmation has been withdrawn by the school"


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")


@pytest.fixture
def amy(school, tutor):
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    return factories.make_pupil(school, first_name="Amy", last_name="Jones", group=group)


@pytest.fixture
def verified(amy, tutor):
    entry = factories.make_entry(amy, organisation="Acme Builders")
    return ops.verify_entry(entry, tutor, "Seen the letter")


def base(entry: Entry) -> str:
    pupil = db.session.get(Pupil, entry.pupil_id)
    return f"/staff/groups/{pupil.tutor_group_id}/pupils/{pupil.id}/entries/{entry.id}"


def words(page: str) -> str:
    """The page's text without tags, for reading a sentence that holds a <time>."""
    return re.sub(r"<[^>]+>", "", page)


def undo(client, entry: Entry, reason: str, **kw):
    return client.post(f"{base(entry)}/undo", data={f"e{entry.id}-undo-reason": reason}, **kw)


def fresh(entry: Entry) -> Entry:
    db.session.expire_all()
    return db.session.get(Entry, entry.id)


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


def test_the_tutor_undoes_a_confirmation_and_the_pupil_sees_who_and_why(client, auth, tutor, amy, verified):
    auth.login(tutor.username)
    page = text(client.get(f"/staff/groups/{amy.tutor_group_id}/pupils/{amy.id}"))
    assert "Undo this confirmation" in page
    response = undo(client, verified, f"  {REASON}  ")
    assert response.status_code == 303
    entry = fresh(verified)
    assert entry.verification is Verification.SELF_REPORTED
    assert (entry.verified_by_id, entry.verified_at, entry.verification_method, entry.verification_note) == (
        None, None, None, None)
    undone = db.session.scalar(select(VerificationUndo))
    assert (undone.actor_id, undone.previous, undone.previous_method, undone.reason) == (
        tutor.id, Verification.VERIFIED, "staff", REASON)
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "verification_undone"))
    assert audit.actor_id == tutor.id and audit.subject_id == entry.id
    assert audit.detail["previous"] == "verified" and audit.detail["method"] == "staff"
    assert audit.detail["verified_by_id"] == tutor.id and audit.detail["reason"] == REASON
    assert audit.detail["previous_note"] == "Seen the letter"

    staff_page = text(client.get(f"/staff/groups/{amy.tutor_group_id}/pupils/{amy.id}"))
    on = long_date(undone.at.date())
    assert f"Tess Tutor undid the confirmation on {on}: “{REASON}”" in words(staff_page)
    auth.logout()
    auth.login(amy.user.username)
    mine = text(client.get(f"/passport/entries/{entry.client_uuid}"))
    assert f"Tess Tutor undid the confirmation on {on}: “{REASON}”" in words(mine)
    assert "Not yet (you added this yourself)" in mine
    assert ">Delete</a>" in mine  # the lock is released: the pupil's own entry again


def test_a_reason_is_required_and_what_was_typed_is_kept(client, auth, tutor, verified):
    auth.login(tutor.username)
    blank = undo(client, verified, "   ")
    assert blank.status_code == 422
    assert "Say why you are undoing it: the pupil sees your reason." in text(blank)
    long = undo(client, verified, "y" * 301)
    assert long.status_code == 422
    assert "Keep the reason under 300 characters." in text(long) and "y" * 301 in text(long)
    assert fresh(verified).verification is Verification.VERIFIED
    assert db.session.scalar(select(VerificationUndo)) is None


def test_htmx_gets_the_entry_fragment(client, auth, tutor, verified):
    auth.login(tutor.username)
    response = undo(client, verified, REASON, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = text(response)
    assert body.lstrip().startswith("<article") and "<html" not in body
    assert "Tess Tutor undid the confirmation" in body and ">Verify<" in body
    refused = undo(client, verified, REASON, headers={"HX-Request": "true"})
    assert refused.status_code == 409 and "nothing to undo" in text(refused)


def test_undoing_a_rejection_puts_it_back_to_be_checked(client, auth, tutor, amy):
    entry = ops.reject_entry(factories.make_entry(amy), tutor, "Bring the letter")
    auth.login(tutor.username)
    assert undo(client, entry, "Amy showed me the letter after all").status_code == 303
    assert fresh(entry).verification is Verification.SELF_REPORTED and fresh(entry).verification_note is None
    auth.logout()
    auth.login(amy.user.username)
    assert "Tess Tutor undid the decision not to confirm it" in text(
        client.get(f"/passport/entries/{entry.client_uuid}"))


def test_a_self_reported_entry_has_nothing_to_undo(client, auth, tutor, amy):
    entry = factories.make_entry(amy)
    auth.login(tutor.username)
    response = undo(client, entry, REASON)
    assert response.status_code == 409
    assert "nothing to undo" in text(response)
    with pytest.raises(ops.CannotVerify):
        ops.undo_decision(entry, tutor, REASON)


def test_only_staff_who_may_verify_the_pupil_may_undo(client, auth, school, amy, verified):
    other_tutor = factories.make_staff(school, Role.TUTOR)
    auth.login(other_tutor.username)
    assert undo(client, verified, REASON).status_code == 404
    auth.logout()
    elm = factories.make_school("Elm Park School", "elm")
    auth.login(factories.make_staff(elm, Role.CAREERS_LEADER).username)
    assert undo(client, verified, REASON).status_code == 404
    auth.logout()
    auth.login(amy.user.username)
    assert undo(client, verified, REASON).status_code == 403
    assert fresh(verified).verification is Verification.VERIFIED
    with pytest.raises(ops.CannotVerify):
        ops.undo_decision(verified, amy.user, REASON)


def test_the_careers_leader_undoes_an_employers_confirmation_and_its_proof_is_withdrawn(
    client, auth, school, amy
):
    leader = factories.make_staff(school, Role.CAREERS_LEADER, first_name="Lee", last_name="Leader")
    arup = org_named(make_fair(school), "Arup")
    op = uuid.uuid4()
    entry, _ = employer_ops.confirm_pupil(arup, amy, "Great questions", op)
    statement = sharing.statement_for(entry)
    assert client.get(f"/verify/{statement}").status_code == 200

    auth.login(leader.username)
    assert undo(client, entry, "Arup confirmed the wrong pupil").status_code == 303
    assert fresh(entry).verification is Verification.SELF_REPORTED
    assert db.session.scalar(select(VerificationUndo)).previous_method == "employer"
    old = client.get(f"/verify/{statement}")
    assert old.status_code == 410 and WITHDRAWN in text(old)

    # A replay of the employer's confirmation leaves the school's decision alone.
    again, created = employer_ops.confirm_pupil(arup, amy, "Great questions", op)
    assert created is False and fresh(entry).verification is Verification.SELF_REPORTED

    # Verified again by staff: a new statement checks out, the one signed before the undo does not.
    ops.verify_entry(fresh(entry), leader)
    assert client.get(f"/verify/{sharing.statement_for(fresh(entry))}").status_code == 200
    assert client.get(f"/verify/{statement}").status_code == 410
