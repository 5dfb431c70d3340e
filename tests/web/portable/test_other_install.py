"""A record brought from a school on another Career Passport install (issue 9 item 4;
requirements item 21, stage transition): its confirmations are checked under the keys that
install publishes, fetched over HTTP, only when the operator trusts it (TRUSTED_INSTALLS); the
brought entry's proof link is the issuing install's own, which confirms it. An export from an
install nobody trusted comes across, every entry as not confirmed."""

from __future__ import annotations

import io
import json
import urllib.request

import pytest
from flask_migrate import upgrade
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import Entry
from passport.models import EntryOrigin
from passport.models import Role
from passport.operations import sharing
from sqlalchemy import select

from tests import factories
from tests.browser.conftest import serve
from tests.conftest import make_test_app
from tests.web.portable.helpers import full_record


@pytest.fixture
def oakfield(tmp_path):
    """Another install (its own database), serving its keys and proof pages; Amy's export from
    it, made while it is served at its public address."""
    other = make_test_app(f"sqlite:///{tmp_path / 'oakfield.sqlite3'}")
    with other.app_context():
        upgrade()
    with serve(other) as url:
        other.config["PUBLIC_URL"] = url
        with other.app_context():
            school = factories.make_school("Oakfield Academy", "oak")
            pupil = factories.make_pupil(school, first_name="Amy", last_name="Jones")
            full_record(school, pupil)
            amy = other.test_client()
            amy.post("/login", data={"username": pupil.user.username, "password": factories.PASSWORD})
            export = json.loads(amy.get("/passport/export.json").data)
            upn, born = pupil.upn, pupil.date_of_birth
        yield {"url": url, "export": export, "upn": upn, "born": born}
        with other.app_context():
            db.session.remove()


def import_at_elm(ctx, oakfield):
    """Elm Park, on this install, with Amy just added; its careers leader imports her file."""
    elm = factories.make_school("Elm Park School", "elm")
    arrived = factories.make_pupil(elm, first_name="Amy", last_name="Jones")
    arrived.upn, arrived.date_of_birth = oakfield["upn"], oakfield["born"]
    leader = factories.make_staff(elm, Role.CAREERS_LEADER)
    db.session.commit()
    client = ctx.test_client()
    client.post("/login", data={"username": leader.username, "password": factories.PASSWORD})
    body = json.dumps(oakfield["export"]).encode()
    response = client.post(
        "/staff/transfer", data={"file": (io.BytesIO(body), "amy.json")}, content_type="multipart/form-data"
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    db.session.expire_all()
    talk = db.session.scalar(select(Entry).where(Entry.school_id == elm.id, Entry.organisation == "Arup"))
    return response.get_data(as_text=True), talk


def test_item_21_a_trusted_installs_confirmation_comes_across_and_its_link_checks_out(ctx, oakfield):
    ctx.config["TRUSTED_INSTALLS"] = oakfield["url"]
    page, talk = import_at_elm(ctx, oakfield)
    assert "2 entries added, 1 still confirmed by Oakfield Academy" in page
    assert talk.verification is Verification.VERIFIED
    link = sharing.proof_url_for(talk)
    assert link == db.session.get(EntryOrigin, talk.id).verify_url
    assert link.startswith(oakfield["url"] + "/verify/")
    with urllib.request.urlopen(link, timeout=10) as answer:  # the issuing install confirms it
        assert answer.status == 200 and "Arup" in answer.read().decode()


def test_an_untrusted_install_comes_across_as_not_confirmed(ctx, oakfield):
    ctx.config["TRUSTED_INSTALLS"] = ""
    page, talk = import_at_elm(ctx, oakfield)
    assert "Added as not confirmed" in page
    assert talk.verification is Verification.SELF_REPORTED and sharing.proof_url_for(talk) is None


def test_a_file_naming_a_trusted_install_it_did_not_come_from_is_not_confirmed(ctx, oakfield):
    """The forger's file says it came from a trusted install; the keys there never signed it."""
    ctx.config["TRUSTED_INSTALLS"] = oakfield["url"]
    talk_item = next(e for e in oakfield["export"]["entries"] if e["proof"])
    body, signature, kid = talk_item["proof"]["statement"].split(".")
    talk_item["proof"]["statement"] = f"{body}.{signature[:-4]}AAAA.{kid}"
    page, talk = import_at_elm(ctx, oakfield)
    assert "Added as not confirmed" in page and talk.verification is Verification.SELF_REPORTED
