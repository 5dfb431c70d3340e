"""The pupil's own copy of their whole record (UK GDPR access and portability, requirements
item 21): /passport/export.json in the published format, with each verified entry's signed
statement, key id and Open Badges 3.0 credential; nobody else can get it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from cryptography.exceptions import InvalidSignature
from jsonschema import Draft7Validator
from jsonschema import Draft201909Validator
from jsonschema import Draft202012Validator
from passport.documents import badges as badge_docs
from passport.documents.cv import JSON_RESUME_SCHEMA
from passport.extensions import db
from passport.models import DocumentKind
from passport.models import Role
from passport.operations import cv as cv_ops
from passport.operations import folder as folder_ops
from passport.operations import sharing
from passport.queries.guidance import interviews_of

from tests import factories
from tests.documents.test_folder import png_bytes
from tests.fresh_client import use_fresh_clients
from tests.web.portable.helpers import check_jwt
from tests.web.portable.helpers import check_statement
from tests.web.portable.helpers import full_record


@pytest.fixture
def amy(client, auth, school, pupil):
    verified, unverified = full_record(school, pupil)
    auth.login(pupil.user.username)
    return verified, unverified


def _export(client) -> dict:
    response = client.get("/passport/export.json")
    assert response.status_code == 200
    return json.loads(response.data)


def test_item_21_the_export_downloads_privately_and_holds_the_whole_record(client, amy, pupil):
    verified, unverified = amy
    response = client.get("/passport/export.json")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == 'attachment; filename="career-passport-2026-03-10.json"'
    export = json.loads(response.data)
    assert export["pupil"]["upn"] == pupil.upn and export["pupil"]["date_of_birth"] == "2012-05-01"
    assert export["exported_on"] == "2026-03-10"
    by_id = {e["id"]: e for e in export["entries"]}
    talk, visit = by_id[str(verified.client_uuid)], by_id[str(unverified.client_uuid)]
    assert talk["skills"] == ["teamwork"] and talk["description"] == "A talk"
    assert talk["reflection"]["answers"] == {"next": "Ask about apprenticeships"}
    assert talk["verification"] == "verified" and visit["verification"] == "self_reported"
    assert visit["proof"] is None and visit["organisation"] == "Leeds College"
    assert export["guidance"][0]["advice"] == "Try college."
    assert export["guidance"][0]["actions"][0]["text"] == "Visit the open evening"
    assert [t["text"] for t in export["targets"]] == ["Email the college"]


def test_item_21_the_export_validates_against_the_schema_the_app_publishes(client, amy):
    schema_response = client.get("/schemas/passport-export.schema.json")
    assert schema_response.status_code == 200 and schema_response.mimetype == "application/schema+json"
    schema = schema_response.get_json()
    Draft202012Validator.check_schema(schema)
    export = _export(client)
    assert list(Draft202012Validator(schema).iter_errors(export)) == []
    assert export["$schema"] == "http://localhost/schemas/passport-export.schema.json"
    export["entries"][0]["occurred_on"] = "1st March"
    assert not Draft202012Validator(schema).is_valid(export)


def test_a_verified_entry_carries_its_signed_statement_and_the_school_key_id(client, amy):
    verified, _ = amy
    (talk,) = [e for e in _export(client)["entries"] if e["proof"]]
    assert talk["proof"]["statement"] == sharing.statement_for(verified)
    assert talk["proof"]["kid"] == talk["proof"]["statement"].rsplit(".", 1)[1]
    payload = check_statement(client, talk["proof"]["statement"])
    assert payload["organisation"] == "Arup" and payload["school"]["code"] == "oak"
    assert talk["proof"]["verify_url"].startswith("http://localhost/verify/")
    assert client.get(talk["proof"]["verify_url"].removeprefix("http://localhost")).status_code == 200


def test_ob3_each_verified_entry_is_an_open_badge_signed_by_the_school(client, amy, pupil):
    """Issue 9 item 4: the badge is an OB 3.0 OpenBadgeCredential, valid against the OB 3.0
    schema, signed EdDSA and checkable with the published key using cryptography alone."""
    verified, _ = amy
    response = client.get(f"/passport/badges/{verified.client_uuid}.jwt")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    claims = check_jwt(client, response.get_data(as_text=True))
    credential = claims["vc"]
    Draft201909Validator.check_schema(badge_docs.ob3_schema())
    assert list(Draft201909Validator(badge_docs.ob3_schema()).iter_errors(credential)) == []
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["name"] == "Oakfield Academy"
    assert credential["credentialSubject"]["achievement"]["tag"] == ["teamwork"]
    assert claims["jti"] == f"urn:uuid:{verified.client_uuid}" and claims["iss"] == credential["issuer"]["id"]
    # The recipient: the shared name ("Amy J.") hashed with the salt, never in clear.
    (identity,) = credential["credentialSubject"]["identifier"]
    import hashlib

    assert identity["hashed"] is True and identity["identityType"] == "name"
    assert (
        identity["identityHash"]
        == "sha256$" + hashlib.sha256(("Amy J." + identity["salt"]).encode()).hexdigest()
    )
    assert "Amy" not in json.dumps(claims) and pupil.upn not in json.dumps(claims)
    assert "2012-05-01" not in json.dumps(claims)
    # The same badge each time: Ed25519 and the derived salt are deterministic.
    assert client.get(f"/passport/badges/{verified.client_uuid}.jwt").data == response.data


def test_ob3_a_changed_badge_does_not_check_out(client, amy):
    verified, _ = amy
    jwt = client.get(f"/passport/badges/{verified.client_uuid}.jwt").get_data(as_text=True)
    header, claims, signature = jwt.split(".")
    from passport.documents.signing import b64url

    from tests.web.portable.helpers import unb64

    changed = json.loads(unb64(claims))
    changed["vc"]["credentialSubject"]["achievement"]["name"] = "Work experience at NASA"
    forged = f"{header}.{b64url(json.dumps(changed).encode())}.{signature}"
    with pytest.raises(InvalidSignature):
        check_jwt(client, forged)


def test_ob3_a_pupil_sharing_no_name_gets_an_opaque_recipient(client, amy, pupil):
    verified, _ = amy
    sharing.choose_share_name(pupil, "none", pupil.user)
    claims = check_jwt(
        client, client.get(f"/passport/badges/{verified.client_uuid}.jwt").get_data(as_text=True)
    )
    (identity,) = claims["vc"]["credentialSubject"]["identifier"]
    assert identity["identityType"] == "identifier" and identity["hashed"] is True


def test_an_unverified_entry_has_no_badge(client, amy):
    _, unverified = amy
    assert client.get(f"/passport/badges/{unverified.client_uuid}.jwt").status_code == 404


def test_all_badges_download_as_one_zip_each_checking_out(client, amy):
    verified, _ = amy
    response = client.get("/passport/badges.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.namelist() == [f"badge-{verified.client_uuid}.jwt"]
    assert check_jwt(client, archive.read(archive.namelist()[0]).decode())["vc"]["name"].endswith("with Arup")
    export = _export(client)
    (talk,) = [e for e in export["entries"] if e["proof"]]
    assert talk["proof"]["open_badge"] == archive.read(archive.namelist()[0]).decode()


def test_another_pupil_gets_only_their_own_record_and_not_amys_badges(app, amy, school):
    verified, _ = amy
    ben = factories.make_pupil(school, first_name="Ben", last_name="Khan")
    use_fresh_clients(app)
    other = app.test_client()
    other.post("/login", data={"username": ben.user.username, "password": factories.PASSWORD})
    export = json.loads(other.get("/passport/export.json").data)
    assert export["pupil"]["first_name"] == "Ben" and export["entries"] == []
    assert other.get(f"/passport/badges/{verified.client_uuid}.jwt").status_code == 404
    assert zipfile.ZipFile(io.BytesIO(other.get("/passport/badges.zip").data)).namelist() == []


@pytest.mark.parametrize("role", [Role.CAREERS_LEADER, Role.TUTOR])
def test_staff_cannot_download_a_pupils_export_or_badges(app, amy, school, role):
    verified, _ = amy
    staff = factories.make_staff(school, role)
    use_fresh_clients(app)
    other = app.test_client()
    other.post("/login", data={"username": staff.username, "password": factories.PASSWORD})
    assert other.get("/passport/export.json").status_code == 403
    assert other.get(f"/passport/badges/{verified.client_uuid}.jwt").status_code == 403


def test_signed_out_the_export_asks_to_sign_in(app, amy):
    use_fresh_clients(app)  # no signed-in user carried over from the fixture's requests
    response = app.test_client().get("/passport/export.json")
    assert response.status_code in (302, 401) and b"Arup" not in response.data


def test_what_an_employer_is_given_never_holds_contact_details(client, amy, pupil):
    """Item 21 and §5: the proof link's page and the badge (what a pupil hands an employer)
    carry no email, username, UPN or date of birth, only the name as the pupil shares it."""
    verified, _ = amy
    pupil.user.email = "amy.jones@example.org"
    from passport.extensions import db

    db.session.commit()
    (talk,) = [e for e in _export(client)["entries"] if e["proof"]]
    public = client.get(talk["proof"]["verify_url"].removeprefix("http://localhost")).get_data(as_text=True)
    badge = json.dumps(check_jwt(client, talk["proof"]["open_badge"]))
    for private in ("amy.jones@example.org", pupil.user.username, pupil.upn, "2012-05-01", "Jones"):
        assert private not in public and private not in badge


def test_item_21_the_export_holds_the_cv_and_the_folder_without_a_referees_contact(client, amy, pupil):
    """The whole record includes the CV (as JSON Resume, valid against its schema, no referee's
    contact) and the folder: which reflections and interviews the pupil put in, and the
    certificates and references listed by name and checksum."""
    verified, _ = amy
    assert _export(client)["cv"] is None and _export(client)["folder_documents"] == []
    data = cv_ops.CvData(
        statement="I like bridges.",
        entry_uuids=(str(verified.client_uuid),),
        referees=(cv_ops.Referee(name="Sam Patel", relationship="Tutor", contact="sam@example.org"),),
    )
    cv_ops.save_cv(pupil, pupil.user, data, 0)
    folder_ops.add_document(pupil.user, pupil, DocumentKind.CERTIFICATE, "First aid", png_bytes())
    (interview,) = interviews_of(pupil)
    folder_ops.choose_contents(pupil, {verified.id}, {interview.id})
    db.session.commit()

    raw = client.get("/passport/export.json").data
    export = json.loads(raw)
    assert b"sam@example.org" not in raw
    assert export["cv"]["basics"]["summary"] == "I like bridges."
    assert list(Draft7Validator(json.loads(JSON_RESUME_SCHEMA.read_text())).iter_errors(export["cv"])) == []
    (document,) = export["folder_documents"]
    assert document["title"] == "First aid" and document["added_by_pupil"] is True
    assert len(document["sha256"]) == 64 and document["media_type"] == "image/png"
    talk = next(e for e in export["entries"] if e["id"] == str(verified.client_uuid))
    assert talk["reflection"]["in_folder"] is True and export["guidance"][0]["in_folder"] is True
    schema = client.get("/schemas/passport-export.schema.json").get_json()
    assert list(Draft202012Validator(schema).iter_errors(export)) == []
