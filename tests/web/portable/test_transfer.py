"""Bringing a pupil's record to another school (requirements item 21: stage transition): the
careers leader of the new school uploads the pupil's export; entries arrive marked as brought
from the old school, what it confirmed stays checkable under its published key, a changed file
does not pass as confirmed, bad files are refused with a message and nothing written, and the
same file twice adds nothing twice."""

from __future__ import annotations

import io
import json

import pytest
from passport.documents import export as export_docs
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Entry
from passport.models import EntryOrigin
from passport.models import Role
from passport.operations import sharing
from passport.operations import verification
from passport.queries import proofs
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.fresh_client import use_fresh_clients
from tests.web.portable.helpers import check_statement
from tests.web.portable.helpers import full_record


@pytest.fixture
def moving(app, school, pupil):
    """Amy's export from Oakfield, and Elm Park, where she has just been added (same UPN and
    date of birth), with its careers leader signed in."""
    verified, _ = full_record(school, pupil)
    use_fresh_clients(app)
    amy = app.test_client()
    amy.post("/login", data={"username": pupil.user.username, "password": factories.PASSWORD})
    export = json.loads(amy.get("/passport/export.json").data)
    elm = factories.make_school("Elm Park School", "elm")
    new_amy = factories.make_pupil(elm, first_name="Amy", last_name="Jones")
    new_amy.upn = pupil.upn
    db.session.commit()
    leader = factories.make_staff(elm, Role.CAREERS_LEADER)
    client = app.test_client()
    client.post("/login", data={"username": leader.username, "password": factories.PASSWORD})
    return {"export": export, "elm": elm, "pupil": new_amy, "client": client, "original": verified}


def upload(client, data, name="record.json"):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post(
        "/staff/transfer", data={"file": (io.BytesIO(body), name)}, content_type="multipart/form-data"
    )


def entries_at(school) -> list[Entry]:
    return list(
        db.session.scalars(select(Entry).where(Entry.school_id == school.id).order_by(Entry.occurred_on))
    )


def test_item_21_a_record_comes_across_and_its_confirmation_still_checks_out(moving):
    response = upload(moving["client"], moving["export"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "2 entries added, 1 still confirmed by Oakfield Academy" in page
    brought = entries_at(moving["elm"])
    assert len(brought) == 2 and {e.pupil_id for e in brought} == {moving["pupil"].id}
    talk = next(e for e in brought if e.organisation == "Arup")
    assert talk.verification is Verification.VERIFIED and talk.verification_method == "transfer"
    assert talk.skill_codes == ["teamwork"] and talk.reflection.answers == {
        "next": "Ask about apprenticeships"
    }
    assert talk.reflection.shared_with_tutor is False
    origin = db.session.get(EntryOrigin, talk.id)
    assert origin.from_school_code == "oak" and origin.original_uuid == moving["original"].client_uuid
    # Its proof is Oakfield's own statement: the signature holds under Oakfield's published key
    # and the verify page confirms it; Elm Park never signs what it did not confirm.
    statement = sharing.statement_for(talk)
    assert statement == sharing.statement_for(moving["original"])
    assert check_statement(moving["client"], statement)["school"]["code"] == "oak"
    assert proofs.check(statement).state is proofs.ProofState.CONFIRMED
    assert moving["client"].get(f"/verify/{statement}").status_code == 200
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "record_imported")).detail["added"]
        == 2
    )


def test_item_21_the_new_school_sees_where_entries_came_from_and_the_pupil_too(app, moving):
    upload(moving["client"], moving["export"])
    amy = app.test_client()
    amy.post("/login", data={"username": moving["pupil"].user.username, "password": factories.PASSWORD})
    export = json.loads(amy.get("/passport/export.json").data)
    talk = next(e for e in export["entries"] if e["organisation"] == "Arup")
    assert talk["brought_from"]["school"]["name"] == "Oakfield Academy"
    assert talk["brought_from"]["confirmation_checked"] is True
    assert talk["proof"]["school_code"] == "oak" and talk["proof"]["open_badge"] is None
    visit = next(e for e in export["entries"] if e["organisation"] == "Leeds College")
    assert visit["proof"] is None and visit["verification"] == "self_reported"


def test_importing_the_same_file_twice_adds_nothing_twice(moving):
    upload(moving["client"], moving["export"])
    again = upload(moving["client"], moving["export"])
    assert again.status_code == 200
    assert "0 entries added" in again.get_data(as_text=True)
    assert "2 were already here" in again.get_data(as_text=True)
    assert len(entries_at(moving["elm"])) == 2


def test_a_changed_fact_in_the_file_comes_across_as_not_confirmed(moving):
    export = moving["export"]
    talk = next(e for e in export["entries"] if e["organisation"] == "Arup")
    talk["organisation"] = "NASA"  # the statement still says Arup
    response = upload(moving["client"], export)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Added as not confirmed" in page and "NASA, 2025-10-01" in page
    nasa = next(e for e in entries_at(moving["elm"]) if e.organisation == "NASA")
    assert nasa.verification is Verification.SELF_REPORTED
    assert sharing.statement_for(nasa) is None
    assert db.session.get(EntryOrigin, nasa.id).signature_checked is False


def test_a_forged_signature_comes_across_as_not_confirmed(moving):
    export = moving["export"]
    talk = next(e for e in export["entries"] if e["proof"])
    body, signature, kid = talk["proof"]["statement"].split(".")
    talk["proof"]["statement"] = f"{body}.{signature[:-4]}AAAA.{kid}"
    response = upload(moving["client"], export)
    assert response.status_code == 200 and "Added as not confirmed" in response.get_data(as_text=True)
    assert all(e.verification is Verification.SELF_REPORTED for e in entries_at(moving["elm"]))


@pytest.mark.parametrize(
    ("body", "name", "message"),
    [
        (b"", "record.json", "Choose the .json file"),
        (b"UPN,Forename\n", "record.csv", "Choose a .json file"),
        (b"not json at all", "record.json", "it is not JSON text"),
        (b'{"hello": "world"}', "record.json", "not a Career Passport export"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_written(moving, body, name, message):
    response = upload(moving["client"], body, name)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert entries_at(moving["elm"]) == []


def test_a_file_over_the_size_cap_is_refused_before_it_is_read():
    """The app refuses bodies over MAX_CONTENT_LENGTH (2 MB) with 413; parse() refuses the same
    size itself, so the cap holds whatever reads the file."""
    with pytest.raises(export_docs.ExportProblem, match="bigger than 2 MB"):
        export_docs.parse(b" " * (export_docs.MAX_BYTES + 1))


def test_a_file_not_in_the_published_format_says_where(moving):
    export = moving["export"]
    export["entries"][0]["occurred_on"] = "yesterday"
    response = upload(moving["client"], export)
    page = response.get_data(as_text=True)
    assert (
        response.status_code == 422
        and "not in the published format" in page
        and "entries/0/occurred_on" in page
    )
    assert entries_at(moving["elm"]) == []
    assert db.session.scalar(select(func.count()).select_from(EntryOrigin)) == 0


def test_nothing_is_half_written_when_an_entry_fails_part_way(moving):
    """An entry whose id another pupil's imported record already has stops the whole file."""
    upload(moving["client"], moving["export"])
    ben = factories.make_pupil(moving["elm"], first_name="Ben", last_name="Khan")
    export = moving["export"]
    export["pupil"].update(upn=ben.upn, date_of_birth=ben.date_of_birth.isoformat())
    export["entries"].insert(0, {**export["entries"][0], "id": "00000000-0000-4000-8000-000000000001"})
    response = upload(moving["client"], export)
    assert response.status_code == 422 and "already brought across for another pupil" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count()).select_from(Entry).where(Entry.pupil_id == ben.id)) == 0


def test_a_pupil_not_at_the_school_is_refused(moving):
    moving["export"]["pupil"]["upn"] = "Z999999999999"
    response = upload(moving["client"], moving["export"])
    assert response.status_code == 422 and "Add the pupil to your school first" in response.get_data(
        as_text=True
    )
    assert entries_at(moving["elm"]) == []


def test_the_old_schools_own_leader_cannot_import_it_back_into_their_school(app, moving, school):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    oak = app.test_client()
    oak.post("/login", data={"username": leader.username, "password": factories.PASSWORD})
    response = upload(oak, moving["export"])
    assert response.status_code == 422 and "from your own school" in response.get_data(as_text=True)


def test_staff_of_a_third_school_cannot_import_into_elm_park(app, moving):
    """The import always writes to the uploader's own school: a third school's leader finds no
    such pupil, and Elm Park's record is untouched."""
    third = factories.make_school("Third School", "third")
    leader = factories.make_staff(third, Role.CAREERS_LEADER)
    other = app.test_client()
    other.post("/login", data={"username": leader.username, "password": factories.PASSWORD})
    response = upload(other, moving["export"])
    assert response.status_code == 422 and "Add the pupil to your school first" in response.get_data(
        as_text=True
    )
    assert entries_at(moving["elm"]) == [] and entries_at(third) == []


@pytest.mark.parametrize("role", [Role.TUTOR, Role.CAREERS_ADVISER, Role.PUPIL])
def test_only_the_careers_leader_may_import(app, moving, role):
    if role is Role.PUPIL:
        user = moving["pupil"].user
    else:
        user = factories.make_staff(moving["elm"], role)
    other = app.test_client()
    other.post("/login", data={"username": user.username, "password": factories.PASSWORD})
    assert upload(other, moving["export"]).status_code == 403
    assert entries_at(moving["elm"]) == []


def test_the_import_page_opens_for_the_careers_leader(moving):
    page = moving["client"].get("/staff/transfer")
    assert page.status_code == 200 and "Bring a pupil's record from another school" in page.get_data(
        as_text=True
    )


# --- what a crafted file cannot do (a review, as an attacker, of issue 9 item 4) -----------------


def _entry(export: dict, organisation: str) -> dict:
    return next(e for e in export["entries"] if e["organisation"] == organisation)


@pytest.mark.parametrize(
    ("field", "value"),
    [("occurred_on", "2025-02-30"), ("recorded_at", "2025-01-01T25:61:00Z"), ("sector", "x" * 41)],
)
def test_a_value_that_fits_the_shape_but_cannot_be_right_is_refused_with_nothing_written(
    moving, field, value
):
    _entry(moving["export"], "Leeds College")[field] = value
    response = upload(moving["client"], moving["export"])
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in page
    assert ("not in the calendar" in page) or ("is too long" in page)
    assert entries_at(moving["elm"]) == []


@pytest.mark.parametrize("wrap", [" {}", "https://evil.example/verify/{}"])
def test_a_wrapped_statement_is_kept_in_its_own_form_and_the_pupils_download_still_works(
    app, moving, wrap
):
    talk = _entry(moving["export"], "Arup")
    talk["proof"]["statement"] = wrap.format(talk["proof"]["statement"])
    assert upload(moving["client"], moving["export"]).status_code == 200
    brought = next(e for e in entries_at(moving["elm"]) if e.organisation == "Arup")
    stored = db.session.get(EntryOrigin, brought.id).statement
    assert stored == sharing.statement_for(moving["original"])  # canonical: no space, no URL
    amy = app.test_client()
    amy.post("/login", data={"username": moving["pupil"].user.username, "password": factories.PASSWORD})
    assert amy.get("/passport/export.json").status_code == 200
    assert "evil.example" not in amy.get(f"/passport/entries/{brought.client_uuid}").get_data(as_text=True)


def test_a_file_claiming_another_schools_name_keeps_nothing_confirmed(moving):
    moving["export"]["school"]["name"] = "Eton College"
    page = upload(moving["client"], moving["export"]).get_data(as_text=True)
    assert "Added as not confirmed" in page
    assert all(e.verification is Verification.SELF_REPORTED for e in entries_at(moving["elm"]))
    assert not any("Eton" in (e.verification_note or "") for e in entries_at(moving["elm"]))


def test_a_confirmation_moved_from_another_pupils_file_is_not_believed(app, school, moving):
    """The seal: the exporting school signs which entries are this pupil's. Ben's verified entry
    pasted into Amy's file checks out as a statement but is not in Amy's seal."""
    ben = factories.make_pupil(school, first_name="Ben", last_name="Stone")
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    rolls = factories.make_entry(ben, organisation="Rolls-Royce")
    verification.verify_entry(rolls, leader)
    client = app.test_client()
    client.post("/login", data={"username": ben.user.username, "password": factories.PASSWORD})
    bens = json.loads(client.get("/passport/export.json").data)
    moving["export"]["entries"].append(_entry(bens, "Rolls-Royce"))
    page = upload(moving["client"], moving["export"]).get_data(as_text=True)
    assert "Rolls-Royce" in page and "Added as not confirmed" in page
    pasted = next(e for e in entries_at(moving["elm"]) if e.organisation == "Rolls-Royce")
    assert pasted.verification is Verification.SELF_REPORTED
    assert next(e for e in entries_at(moving["elm"]) if e.organisation == "Arup").verification is (
        Verification.VERIFIED
    )


def test_a_file_without_its_seal_keeps_nothing_confirmed(moving):
    del moving["export"]["seal"]
    assert "Added as not confirmed" in upload(moving["client"], moving["export"]).get_data(as_text=True)
    assert all(e.verification is Verification.SELF_REPORTED for e in entries_at(moving["elm"]))


def test_an_entry_the_old_school_rejected_stays_rejected(school, moving):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    talk = _entry(moving["export"], "Leeds College")
    talk["verification"] = "rejected"  # as the old school's export says of one it rejected
    upload(moving["client"], moving["export"])
    visit = next(e for e in entries_at(moving["elm"]) if e.organisation == "Leeds College")
    assert visit.verification is Verification.REJECTED
    assert visit.verification_note == "Not confirmed by Oakfield Academy"
    assert leader  # the old school's leader made no change here


def test_a_record_moved_twice_keeps_the_first_schools_confirmation(app, moving):
    """Oakfield to Elm Park to Ash Hill: Elm Park's export seals the brought entry as Amy's,
    and Oakfield's own statement still checks out at Ash Hill."""
    upload(moving["client"], moving["export"])
    amy = app.test_client()
    amy.post("/login", data={"username": moving["pupil"].user.username, "password": factories.PASSWORD})
    from_elm = json.loads(amy.get("/passport/export.json").data)
    ash = factories.make_school("Ash Hill College", "ash")
    arrived = factories.make_pupil(ash, first_name="Amy", last_name="Jones")
    arrived.upn = moving["pupil"].upn
    leader = factories.make_staff(ash, Role.CAREERS_LEADER)
    db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": leader.username, "password": factories.PASSWORD})
    page = upload(client, from_elm).get_data(as_text=True)
    assert "2 entries added, 1 still confirmed by Elm Park School" in page
    talk = next(e for e in entries_at(ash) if e.organisation == "Arup")
    assert talk.verification is Verification.VERIFIED
    assert talk.verification_note == "Confirmed by Oakfield Academy"
    assert sharing.statement_for(talk) == sharing.statement_for(moving["original"])
