"""Checkable by anyone (issue 4 item 5): a verified entry's proof link opens without an account,
checks the school's Ed25519 signature and that the school still stands behind it, and shows no
more about the pupil than they chose to share. The keys are published for offline checks."""

from __future__ import annotations

import html
import json
import re
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from passport.documents import signing
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import SchoolKey
from passport.operations import employer as employer_ops
from passport.operations import sharing
from sqlalchemy import select

from tests import factories
from tests.conftest import make_test_app
from tests.page_text import without_random_values
from tests.verifier_helpers import make_fair
from tests.verifier_helpers import org_named

TAMPERED = "This link has been changed and does not check out"
WITHDRAWN = "This confirmation has been withdrawn by the school"
UNKNOWN = "We do not know this school's key"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def confirmed(school, pupil):
    """Amy's entry, confirmed by Arup at the Year 9 careers fair."""
    arup = org_named(make_fair(school), "Arup")
    entry, _ = employer_ops.confirm_pupil(arup, pupil, "Great questions", uuid.uuid4())
    return entry


def statement_of(entry) -> str:
    return sharing.statement_for(entry)


def reencoded(statement: str, change) -> str:
    body, signature, kid = statement.split(".")
    data = json.loads(signing.unb64url(body))
    change(data)
    return f"{signing.b64url(signing.canonical(data))}.{signature}.{kid}"


def test_a_proof_link_checks_out_without_an_account(client, confirmed):
    response = client.get(f"/verify/{statement_of(confirmed)}")
    page = without_random_values(text(response))
    assert response.status_code == 200
    assert "Checks out" in page and "Oakfield Academy confirms this" in page
    assert "Amy J. attended Year 9 careers fair, with Arup, on" in page
    assert "Meeting an employer: Careers fair" in page
    assert "Confirmed at the event by the organisation" in page
    assert "Jones" not in page and "Great questions" not in page  # only the statement's fields
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_the_name_is_what_the_pupil_chose_to_share(client, pupil, confirmed):
    sharing.choose_share_name(pupil, "full_name", pupil.user)
    assert "Amy Jones attended" in text(client.get(f"/verify/{statement_of(confirmed)}"))
    sharing.choose_share_name(pupil, "none", pupil.user)
    statement = statement_of(confirmed)
    assert "pupil" not in json.loads(signing.unb64url(statement.split(".")[0]))
    page = text(client.get(f"/verify/{statement}"))
    assert "This pupil attended" in page and "Amy" not in page


def test_a_link_made_before_the_pupil_shared_less_shows_no_more_than_they_share_now(client, pupil, confirmed):
    sharing.choose_share_name(pupil, "full_name", pupil.user)
    old = statement_of(confirmed)
    sharing.choose_share_name(pupil, "none", pupil.user)
    response = client.get(f"/verify/{old}")
    assert response.status_code == 200  # the signature still checks out...
    shown = without_random_values(text(response))
    assert "Amy" not in shown and "Jones" not in shown  # ...but the name is not shown


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(organisation="Rolls-Royce"),
        lambda d: d.update(date="2026-01-01"),
        lambda d: d.update(pupil="Someone Else"),
        lambda d: d["school"].update(name="Elm Academy"),
    ],
    ids=["organisation", "date", "pupil", "school"],
)
def test_a_tampered_link_says_so(client, confirmed, change):
    response = client.get(f"/verify/{reencoded(statement_of(confirmed), change)}")
    assert response.status_code == 400
    assert TAMPERED in text(response)
    assert "Checks out" not in text(response)


@pytest.mark.parametrize("mangle", [lambda s: s[:-25] + s[-24:], lambda s: "x" + s, lambda s: "nonsense"])
def test_a_mangled_link_says_so_never_a_server_error(client, confirmed, mangle):
    response = client.get(f"/verify/{mangle(statement_of(confirmed))}")
    assert response.status_code in (400, 404)
    assert TAMPERED in text(response) or UNKNOWN in text(response)


def test_a_withdrawn_confirmation_says_so(client, confirmed):
    statement = statement_of(confirmed)
    confirmed.verification = Verification.REJECTED
    db.session.commit()
    response = client.get(f"/verify/{statement}")
    assert response.status_code == 410
    assert WITHDRAWN in text(response)
    assert "Arup" not in without_random_values(text(response))


def test_a_deleted_entry_is_withdrawn(client, confirmed):
    statement = statement_of(confirmed)
    db.session.delete(confirmed)
    db.session.commit()
    assert WITHDRAWN in text(client.get(f"/verify/{statement}"))


def test_a_key_the_school_never_had_is_unknown(client, confirmed):
    payload = json.loads(signing.unb64url(statement_of(confirmed).split(".")[0]))
    forged_kid = "made-up-key-00001"
    forged = signing.sign(payload, signing.private_key("some other secret", forged_kid), forged_kid)
    response = client.get(f"/verify/{forged}")
    assert response.status_code == 404
    assert UNKNOWN in text(response)


def test_a_revoked_key_says_so_and_new_links_use_a_new_key(client, school, confirmed):
    old = statement_of(confirmed)
    old_key = db.session.get(SchoolKey, old.rsplit(".", 1)[1])
    sharing.revoke_key(old_key, None)
    response = client.get(f"/verify/{old}")
    assert response.status_code == 410
    assert "no longer uses the key" in text(response)
    fresh = statement_of(confirmed)
    assert fresh.rsplit(".", 1)[1] != old_key.kid
    assert client.get(f"/verify/{fresh}").status_code == 200


def test_the_well_known_keys_check_a_statement_offline(client, school, confirmed):
    statement = statement_of(confirmed)
    elm = factories.make_school("Elm Academy", "elm")
    sharing.current_key(elm)
    revoked = sharing.current_key(school)
    sharing.revoke_key(revoked, None)
    current = sharing.current_key(school)
    response = client.get("/.well-known/passport-keys.json")
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex"
    keys = {k["kid"]: k for k in response.get_json()["keys"]}
    assert {k["school"]["code"] for k in keys.values()} == {"oak", "elm"}
    assert keys[revoked.kid]["revoked"] is not None and keys[current.kid]["revoked"] is None
    assert set(keys[current.kid]) == {"kid", "alg", "public_key", "school", "created", "revoked"}
    # With only the published file: the signature over "<payload>.<kid>" checks out.
    body, signature, kid = statement.split(".")
    public = Ed25519PublicKey.from_public_bytes(signing.unb64url(keys[kid]["public_key"]))
    public.verify(signing.unb64url(signature), f"{body}.{kid}".encode())
    # Only public halves are stored: nothing in the table signs.
    assert all(len(signing.unb64url(k.public_key)) == 32 for k in db.session.scalars(select(SchoolKey)))


def test_the_pupil_sees_the_proof_link_and_qr_on_a_verified_entry(client, auth, pupil, confirmed):
    auth.login(pupil.user.username)
    page = text(client.get(f"/passport/entries/{confirmed.client_uuid}"))
    assert "Share proof" in page
    url = re.search(r'href="(http://localhost/verify/[^"]+)"', page)[1]
    assert client.get(url.removeprefix("http://localhost")).status_code == 200
    assert 'aria-label="QR code of the proof link for this entry"' in page
    mine = factories.make_entry(pupil, organisation="Self reported Ltd")
    assert "Share proof" not in text(client.get(f"/passport/entries/{mine.client_uuid}"))


def test_after_secret_key_changes_old_links_still_check_out_and_new_ones_use_a_new_key(
    _schema, app, school, confirmed
):
    old = statement_of(confirmed)
    rotated = make_test_app(_schema, SECRET_KEY="a-new-secret-key")
    with rotated.app_context():
        entry = db.session.get(type(confirmed), confirmed.id)
        fresh = sharing.statement_for(entry)
        client = rotated.test_client()
        assert fresh.rsplit(".", 1)[1] != old.rsplit(".", 1)[1]
        assert client.get(f"/verify/{old}").status_code == 200
        assert client.get(f"/verify/{fresh}").status_code == 200
        db.session.remove()
