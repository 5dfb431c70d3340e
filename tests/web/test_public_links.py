"""Links in QR codes and emails are never built from the request's Host header (issue 7, item
7): PUBLIC_URL is required in production, a Host that is not allowed is refused with 400
before any page is built, and every absolute link goes through passport/documents/links.py."""

from __future__ import annotations

import pytest
from passport import create_app
from passport.documents.qr import qr_svg
from passport.models import Role
from passport.queries import events as event_queries

from tests import factories
from tests.conftest import make_test_app
from tests.route_walk import build_world
from tests.route_walk import requests_of

PUBLIC = "https://passport.example.org"
FORGED = "evil.example"


@pytest.mark.parametrize("who", ["anonymous", "pupil", "staff"])
def test_a_forged_host_is_refused_on_every_route_and_never_echoed(app, client, auth, school, who):
    world = build_world(school)
    if who != "anonymous":
        auth.login(world.pupil.user.username if who == "pupil" else world.leader.username)
    for method, url, _endpoint in requests_of(app, world):
        for host in (FORGED, f"{FORGED}:443", f"localhost.{FORGED}"):
            with client.open(url, method=method, headers={"Host": host}) as response:
                assert response.status_code == 400, f"{method} {url} Host: {host}"
                assert FORGED not in response.get_data(as_text=True)
    assert client.get("/healthz", headers={"X-Forwarded-Host": FORGED}).status_code == 200


def test_the_tests_live_servers_on_any_port_are_allowed(client):
    assert client.get("/login", headers={"Host": "127.0.0.1:53117"}).status_code == 200
    assert client.get("/login", headers={"Host": "localhost:5000"}).status_code == 200


@pytest.fixture
def public_client(_schema):
    """A client of an app whose PUBLIC_URL is another address than the one it is asked on."""
    return make_test_app(_schema, PUBLIC_URL=PUBLIC + "/").test_client()


def _login(client, username):
    response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
    assert response.status_code == 303


def test_the_pupils_pass_and_proof_qr_codes_carry_public_url(public_client, school):
    world = build_world(school)
    _login(public_client, world.pupil.user.username)
    pass_page = public_client.get("/passport/pass").get_data(as_text=True)
    assert f"{PUBLIC}/p/" in pass_page and "http://localhost" not in pass_page
    entry_uuid = world.args[("*", "entry_uuid")]
    entry = public_client.get(f"/passport/entries/{entry_uuid}").get_data(as_text=True)
    statement = world.args[("*", "statement")]
    proof = f"{PUBLIC}/verify/{statement}"
    assert proof in entry
    label = "QR code of the proof link for this entry"
    assert str(qr_svg(proof, label=label, error_correction=1)) in entry  # 1: ERROR_CORRECT_L
    assert "http://localhost" not in entry


def test_staff_links_and_codes_carry_public_url(public_client, school):
    world = build_world(school)
    _login(public_client, world.leader.username)
    event_id = world.args[("*", "event_id")]
    event_page = public_client.get(f"/staff/events/{event_id}").get_data(as_text=True)
    assert f"{PUBLIC}/v/{world.args[('*', 'secret')]}" in event_page
    assert f"{PUBLIC}/staff/events/{event_id}/checkin" in event_page
    screen = public_client.get(f"/staff/events/{event_id}/checkin").get_data(as_text=True)
    token = screen.split('data-token="')[1].split('"')[0]
    label = "Check-in code for Year 9 careers fair. Scan it in your Career Passport."
    assert str(qr_svg(f"{PUBLIC}/c/{token}", label=label)) in screen  # the QR carries PUBLIC_URL
    group_id = world.args[("*", "group_id")]
    codes = public_client.post(f"/staff/groups/{group_id}/setup-codes", data={"who": "all"})
    assert codes.status_code == 200
    assert f"{PUBLIC}/setup" in codes.get_data(as_text=True)
    for page in (event_page, screen, codes.get_data(as_text=True)):
        assert "http://localhost" not in page


def test_links_built_outside_a_request_use_public_url(_schema, school):
    app = make_test_app(_schema, PUBLIC_URL=PUBLIC)
    with app.app_context():
        fair = factories.make_event(school)
        url, _token, _typed = event_queries.checkin_url(fair, fair.starts_at)
        assert url.startswith(f"{PUBLIC}/c/")


def test_production_refuses_to_start_without_public_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize("bad", ["passport.example.org", "ftp://x.example", "https://x.example/?a=1", "https://"])
def test_a_public_url_that_is_not_an_address_is_refused_at_startup(monkeypatch, bad):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("PUBLIC_URL", bad)
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_allows_only_public_urls_host_unless_allowed_hosts_says(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("PUBLIC_URL", PUBLIC)
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    client = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).test_client()
    assert client.get("/healthz", headers={"Host": "passport.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "localhost"}).status_code == 400  # not debug
    monkeypatch.setenv("ALLOWED_HOSTS", "passport.example.org, 10.0.0.7")
    client = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).test_client()
    assert client.get("/healthz", headers={"Host": "10.0.0.7:8000"}).status_code == 200
    assert client.get("/healthz", headers={"Host": FORGED}).status_code == 400


def test_a_sign_in_through_a_forged_host_is_refused_before_it_is_tried(client, school):
    """An unknown Host is refused before anything runs: no session is made for it."""
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    data = {"username": leader.username, "password": factories.PASSWORD}
    response = client.post("/login", data=data, headers={"Host": FORGED})
    assert response.status_code == 400
    assert client.get("/staff/").status_code in (302, 303)  # still signed out


def test_sharing_statement_links_are_independent_of_the_host(public_client, school):
    world = build_world(school)
    _login(public_client, world.pupil.user.username)
    entry_uuid = world.args[("*", "entry_uuid")]
    first = public_client.get(f"/passport/entries/{entry_uuid}", headers={"Host": "localhost:8000"})
    second = public_client.get(f"/passport/entries/{entry_uuid}", headers={"Host": "localhost"})
    statement = world.args[("*", "statement")]
    for response in (first, second):
        assert f"{PUBLIC}/verify/{statement}" in response.get_data(as_text=True)
