"""Signing in: hashed passwords, throttling, one-time setup codes, cookies, CSRF."""

from datetime import timedelta

import pytest
from passport import create_app
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Role
from passport.models._base import utcnow
from passport.operations import accounts
from sqlalchemy import select

from tests import factories
from tests.conftest import make_test_app


def test_sign_in_and_out(client, auth, pupil):
    response = auth.login(pupil.user.username)
    assert response.status_code == 303
    assert response.headers["Location"] == "/passport/"
    assert client.get("/passport/").status_code == 200
    assert auth.logout().status_code == 303
    assert client.get("/passport/").status_code == 302


def test_username_is_case_insensitive_and_staff_land_on_staff_pages(client, auth, school):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    response = auth.login(leader.username.upper())
    assert response.headers["Location"] == "/staff/"


def test_wrong_password_keeps_the_username_and_says_so(client, auth, pupil):
    response = auth.login(pupil.user.username, "wrong password")
    body = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "do not match" in body
    assert f'value="{pupil.user.username}"' in body
    assert "wrong password" not in body


def test_passwords_are_hashed_with_scrypt(pupil):
    assert pupil.user.password_hash.startswith("scrypt:")
    assert factories.PASSWORD not in pupil.user.password_hash


def test_sign_in_from_an_unknown_browser_is_slowed_after_repeated_failures(app, client, auth, pupil):
    """Issue 7, item 4: a browser that never signed in as this user waits (it is not locked
    out for good; tests/web/auth/test_throttle.py has the rest)."""
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert auth.login(pupil.user.username, "nope").status_code == 401
    # Even the right password waits, without being checked.
    response = auth.login(pupil.user.username)
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) == app.config["LOGIN_BACKOFF_SECONDS"]


def test_next_only_redirects_within_the_site(client, pupil):
    for target, expected in [
        ("/passport/timeline", "/passport/timeline"),
        ("https://evil.example/", "/passport/"),
        ("//evil.example/", "/passport/"),
    ]:
        client.post("/logout")
        response = client.post(
            f"/login?next={target}", data={"username": pupil.user.username, "password": factories.PASSWORD}
        )
        assert response.headers["Location"] == expected


@pytest.fixture
def new_pupil(school):
    return factories.make_pupil(school, first_name="Dev", password=None, username="dev.patel")


def _setup(client, username, code, password="a long new password"):
    return client.post(
        "/setup", data={"username": username, "code": code, "password": password, "confirm": password}
    )


def test_setup_code_sets_the_password_once(client, auth, new_pupil):
    code = accounts.issue_setup_codes(None, [new_pupil.user])[new_pupil.id]
    assert db.session.scalar(select(AuditEvent.action)) is not None
    response = _setup(client, "dev.patel", code.lower().replace("-", " "))
    assert response.status_code == 303
    assert auth.login("dev.patel", "a long new password").status_code == 303
    # The same code a second time is refused: it was spent.
    auth.logout()
    again = _setup(client, "dev.patel", code, "another new password")
    assert again.status_code == 422
    assert "has been used" in again.get_data(as_text=True)
    assert auth.login("dev.patel", "another new password").status_code == 401


def test_wrong_setup_code_is_refused_and_keeps_what_was_typed(client, new_pupil):
    accounts.issue_setup_codes(None, [new_pupil.user])
    response = _setup(client, "dev.patel", "AAAA-BBBB")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "do not match" in body
    assert 'value="dev.patel"' in body and 'value="AAAA-BBBB"' in body
    db.session.expire_all()
    assert new_pupil.user.password_hash is None


def test_expired_setup_code_is_refused(client, new_pupil):
    code = accounts.issue_setup_codes(None, [new_pupil.user])[new_pupil.id]
    new_pupil.user.setup_code_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = _setup(client, "dev.patel", code)
    assert response.status_code == 422
    assert "expired" in response.get_data(as_text=True)


def test_new_codes_replace_old_ones(client, new_pupil):
    old = accounts.issue_setup_codes(None, [new_pupil.user])[new_pupil.id]
    accounts.issue_setup_codes(None, [new_pupil.user])
    assert _setup(client, "dev.patel", old).status_code == 422


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        pytest.param("short", "short", "at least 8 characters", id="too-short"),
        pytest.param("a long new password", "different one here", "different", id="mismatch"),
        pytest.param("dev.patel", "dev.patel", "cannot be your username", id="username-as-password"),
    ],
)
def test_weak_or_mismatched_new_password_is_refused(client, new_pupil, password, confirm, message):
    code = accounts.issue_setup_codes(None, [new_pupil.user])[new_pupil.id]
    response = client.post(
        "/setup", data={"username": "dev.patel", "code": code, "password": password, "confirm": confirm}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert new_pupil.user.password_hash is None


def test_staff_print_setup_codes_for_a_group_shown_once_and_not_cached(client, auth, school):
    tutor = factories.make_staff(school, Role.TUTOR)
    group = factories.make_group(school, "7C", 7, tutor=tutor)
    fresh = factories.make_pupil(school, group=group, password=None, first_name="Eve")
    already = factories.make_pupil(school, group=group, first_name="Set")
    auth.login(tutor.username)
    response = client.post(f"/staff/groups/{group.id}/setup-codes", data={"who": "new"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert fresh.user.username in body
    assert already.user.username not in body
    assert response.headers["Cache-Control"] == "no-store"
    code = body.split("Setup code: <code>")[1].split("</code>")[0]
    assert accounts.check_setup_code(fresh.user.username, code) == fresh.user


def test_production_cookies_are_secure_and_http_only(monkeypatch):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("PUBLIC_URL", "https://passport.example.org")  # required in production
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_hashes_passwords_with_werkzeugs_full_scrypt(monkeypatch):
    """OWASP ASVS 2.4.1: scrypt at n=2**15, r=8, p=1 (the tests use a cheaper n; the
    environment cannot lower it)."""
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("PUBLIC_URL", "https://passport.example.org")
    monkeypatch.setenv("PASSWORD_HASH_METHOD", "plain")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        assert accounts.hash_password("correct horse battery").startswith("scrypt:32768:8:1$")
        assert accounts._dummy_hash().startswith("scrypt:32768:8:1$")


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_csrf_is_required_on_forms_and_accepted_from_the_htmx_header(database_url, _schema, pupil):
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = login.split('name="csrf-token" content="')[1].split('"')[0]
    refused = client.post("/login", data={"username": pupil.user.username, "password": factories.PASSWORD})
    assert refused.status_code == 400
    assert "expired" in refused.get_data(as_text=True)
    ok = client.post(
        "/login", data={"username": pupil.user.username, "password": factories.PASSWORD, "csrf_token": token}
    )
    assert ok.status_code == 303
    home = client.get("/passport/").get_data(as_text=True)
    header_token = home.split('"X-CSRFToken": "')[1].split('"')[0]
    form = {"subtype": "talk", "occurred_on": "2026-01-10", "organisation": "Acme"}
    url = "/passport/entries/new?kind=employer_encounter"
    assert client.post(url, data=form, headers={"HX-Request": "true"}).status_code == 400
    created = client.post(url, data=form, headers={"HX-Request": "true", "X-CSRFToken": header_token})
    assert created.status_code == 201
