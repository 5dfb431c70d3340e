"""The pupil's pass (a QR code for employers' phones), replacing it, and the sharing choice."""

from __future__ import annotations

import html
import re
import time

import pytest
from passport.models import AuditEvent
from passport.queries import passes
from sqlalchemy import select

from tests.conftest import make_test_app
from tests.page_text import without_random_values


@pytest.fixture
def me(client, auth, pupil):
    auth.login(pupil.user.username)
    return pupil


def pass_url(page: str) -> str:
    return html.unescape(re.search(r'data-pass-url="([^"]+)"', page)[1])


def test_the_pass_is_a_big_qr_code_with_the_first_name(client, me):
    response = client.get("/passport/pass")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="pass-name" id="pass-name">Amy<' in page
    assert "Show this to an employer at a stand" in page
    assert '<svg role="img" aria-label="Career Passport pass of Amy" class="qr"' in page
    assert "Jones" not in without_random_values(page.split('<main id="main"')[1])
    assert 'aria-current="page">My pass</a>' in page
    url = pass_url(page)
    assert url.startswith("http://localhost/p/P.")
    assert passes.pupil_for(url).id == me.id
    # It carries the random pass id, never a name, UPN or database id.
    assert me.pass_id in url and me.upn not in url and "amy" not in url.lower()


def test_the_pass_lasts_pass_days(client, me, app):
    token = pass_url(client.get("/passport/pass").get_data(as_text=True)).rsplit("/", 1)[1]
    expires = int(token.split(".")[2])
    assert abs(expires - (time.time() + app.config["PASS_DAYS"] * 86400)) < 60
    assert passes.pupil_for(token, now=expires - 1).id == me.id
    with pytest.raises(passes.PassError) as refused:
        passes.pupil_for(token, now=expires + 1)
    assert refused.value.problem is passes.PassProblem.EXPIRED


def test_the_pass_uses_the_public_url_when_set(_schema, pupil):
    app = make_test_app(_schema, PUBLIC_URL="https://passport.oakfield.sch.uk/")
    client = app.test_client()
    client.post("/login", data={"username": pupil.user.username, "password": "correct horse battery"})
    page = client.get("/passport/pass").get_data(as_text=True)
    assert pass_url(page).startswith("https://passport.oakfield.sch.uk/p/P.")


def test_replacing_the_pass_voids_every_old_copy(client, me, ctx):
    old = pass_url(client.get("/passport/pass").get_data(as_text=True))
    response = client.post("/passport/pass/replace")
    assert response.status_code == 303
    assert "no longer works" in client.get(response.headers["Location"]).get_data(as_text=True)
    with pytest.raises(passes.PassError) as refused:
        passes.pupil_for(old)
    assert refused.value.problem is passes.PassProblem.REPLACED
    new = pass_url(client.get("/passport/pass").get_data(as_text=True))
    assert new != old and passes.pupil_for(new).id == me.id
    assert ctx.extensions["sqlalchemy"].session.scalar(
        select(AuditEvent.action).where(AuditEvent.action == "pass_replaced")
    )


def test_the_pupil_chooses_what_proof_links_say_their_name_is(client, me):
    page = client.get("/passport/sharing").get_data(as_text=True)
    [checked] = re.findall(r'<input checked[^>]*value="([a-z_]+)"', page)
    assert checked == "first_name"
    response = client.post("/passport/sharing", data={"share_name": "none"})
    assert response.status_code == 303
    assert me.share_name == "none"
    assert client.post("/passport/sharing", data={"share_name": "everything"}).status_code == 422
    assert me.share_name == "none"


def test_only_the_pupil_has_a_pass_page(client, auth, school):
    from tests import factories

    leader = factories.make_staff(school, factories.Role.CAREERS_LEADER)
    auth.login(leader.username)
    assert client.get("/passport/pass").status_code == 403
    client.post("/logout")
    assert client.get("/passport/pass").status_code == 302
