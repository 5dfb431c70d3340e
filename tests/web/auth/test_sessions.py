"""Sessions end when they should (issue 7, item 3; OWASP ASVS 4.0 V3.2/V3.3).

Each test saves the session cookie, ends the session the way a user or staff would, and
replays the saved copy from another client: the server must refuse it. The clock is pinned
(FIXED_NOW) for expiry and idle time; nothing sleeps.
"""

from __future__ import annotations

import hashlib

import pytest
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Role
from passport.models import UserSession
from passport.operations import accounts
from passport.operations import people
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.fresh_client import use_fresh_clients

NOW = "2026-03-10T09:00:00"


@pytest.fixture(autouse=True)
def _fresh_clients(app):
    use_fresh_clients(app)


def sign_in(app, username, password=factories.PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def copy_of(app, client):
    """A second browser holding a copy of ``client``'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def is_signed_in(client, url="/passport/") -> bool:
    response = client.get(url)
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def test_the_copy_works_while_the_session_lives_so_the_replays_below_mean_something(app, pupil):
    client = sign_in(app, pupil.user.username)
    assert is_signed_in(copy_of(app, client))


def test_the_cookie_holds_a_random_token_stored_only_hashed(app, pupil):
    client = sign_in(app, pupil.user.username)
    with client.session_transaction() as flask_session:
        token = flask_session["sid"]
    assert len(token) >= 40
    row = db.session.scalar(select(UserSession))
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash


def test_signing_out_refuses_a_copy_of_the_old_cookie(app, pupil):
    client = sign_in(app, pupil.user.username)
    thief = copy_of(app, client)
    assert client.post("/logout").status_code == 303
    assert not is_signed_in(thief)
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_a_new_sign_in_gets_a_new_session_not_the_old_one(app, pupil):
    client = sign_in(app, pupil.user.username)
    before = client.get_cookie("session").value
    client.post("/login", data={"username": pupil.user.username, "password": factories.PASSWORD})
    assert client.get_cookie("session").value != before
    # ASVS V3.2.1: a new token at authentication; the old cookie is another session.
    assert is_signed_in(client)


def test_changing_the_password_ends_every_other_session_and_keeps_this_one(app, pupil):
    phone = sign_in(app, pupil.user.username)
    laptop = sign_in(app, pupil.user.username)
    new = "a brand new passphrase"
    response = laptop.post(
        "/account/password", data={"current": factories.PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 303
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "password_changed"))
    sign_in(app, pupil.user.username, new)


@pytest.mark.parametrize(
    ("form", "status", "message"),
    [
        pytest.param({"current": "wrong one!", "password": "a brand new passphrase",
                      "confirm": "a brand new passphrase"}, 422, "not your current password",
                     id="wrong-current"),
        pytest.param({"current": factories.PASSWORD, "password": "password1",
                      "confirm": "password1"}, 422, "most common", id="common"),
        pytest.param({"current": factories.PASSWORD, "password": "Oakfield2026",
                      "confirm": "Oakfield2026"}, 422, "school&#39;s name", id="school-name"),
        pytest.param({"current": factories.PASSWORD, "password": "a brand new passphrase",
                      "confirm": "something else"}, 422, "different", id="mismatch"),
    ],
)
def test_a_refused_password_change_says_why_and_changes_nothing(app, pupil, form, status, message):
    phone = sign_in(app, pupil.user.username)
    laptop = sign_in(app, pupil.user.username)
    response = laptop.post("/account/password", data=form)
    body = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in body
    assert form["password"] not in body
    assert is_signed_in(phone)
    sign_in(app, pupil.user.username)


def test_setting_a_password_with_a_setup_code_ends_every_session(app, pupil):
    client = sign_in(app, pupil.user.username)
    code = accounts.issue_setup_codes(None, [pupil.user])[pupil.id]
    # Issuing a code alone ends nothing: the pupil may still be using their phone.
    assert is_signed_in(client)
    new = "a brand new passphrase"
    fresh = app.test_client()
    response = fresh.post(
        "/setup", data={"username": pupil.user.username, "code": code, "password": new, "confirm": new}
    )
    assert response.status_code == 303
    assert not is_signed_in(client)


def test_an_administrator_reset_ends_every_session(app, pupil):
    client = sign_in(app, pupil.user.username)
    people.set_passwords([pupil.user], "reset by the office", None)
    assert not is_signed_in(client)


def test_deactivating_an_account_ends_every_session_and_stops_sign_in(app, pupil):
    client = sign_in(app, pupil.user.username)
    accounts.deactivate_user(None, pupil.user, "left the school")
    assert not is_signed_in(client)
    refused = app.test_client().post(
        "/login", data={"username": pupil.user.username, "password": factories.PASSWORD}
    )
    assert refused.status_code == 401
    assert db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "user_deactivated")) == {
        "reason": "left the school"
    }


def test_the_deactivate_user_command_ends_sessions(app, runner, pupil):
    client = sign_in(app, pupil.user.username)
    name = pupil.user.username.upper()
    result = runner.invoke(args=["passport", "deactivate-user", name, "--reason", "left"])
    assert result.exit_code == 0, result.output
    assert "every session ended" in result.output
    assert not is_signed_in(client)
    missing = runner.invoke(args=["passport", "deactivate-user", "nobody", "--reason", "x"])
    assert missing.exit_code != 0 and "No account" in missing.output


def test_a_pupil_signs_out_on_every_device_after_confirming(app, pupil):
    lost_phone = sign_in(app, pupil.user.username)
    laptop = sign_in(app, pupil.user.username)
    account = laptop.get("/account").get_data(as_text=True)
    assert "Sign out on every device" in account
    confirm = laptop.get("/account/sign-out-everywhere")
    assert confirm.status_code == 200
    assert "including this one" in confirm.get_data(as_text=True)
    assert is_signed_in(lost_phone)  # asking is not doing
    done = laptop.post("/account/sign-out-everywhere")
    assert done.status_code == 303 and done.headers["Location"] == "/login"
    assert not is_signed_in(lost_phone)
    assert not is_signed_in(laptop)
    reasons = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "sessions_ended")).all()
    assert {"reason": "signed_out_everywhere", "count": 2} in reasons


def test_sign_out_everywhere_needs_the_csrf_token(database_url, _schema, app, pupil):
    from tests.conftest import make_test_app

    strict = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    client.post("/login", data={"username": pupil.user.username, "password": factories.PASSWORD,
                                "csrf_token": token})
    forged = client.post("/account/sign-out-everywhere")
    assert forged.status_code in (200, 400)
    assert client.get("/passport/").status_code == 200


@pytest.fixture
def class_9a(school):
    tutor = factories.make_staff(school, Role.TUTOR)
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    pupil = factories.make_pupil(school, group=group, first_name="Lou")
    return tutor, group, pupil


def test_their_tutor_signs_a_pupil_out_on_every_device_audited(app, school, class_9a):
    tutor, group, pupil = class_9a
    phone = sign_in(app, pupil.user.username)
    staff = sign_in(app, tutor.username)
    page = staff.get(f"/staff/groups/{group.id}/pupils/{pupil.id}").get_data(as_text=True)
    assert "Sign Lou out everywhere" in page
    response = staff.post(f"/staff/groups/{group.id}/pupils/{pupil.id}/sign-out-everywhere")
    assert response.status_code == 303
    assert not is_signed_in(phone)
    assert is_signed_in(staff, "/staff/")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sessions_ended"))
    assert event.actor_id == tutor.id and event.subject_id == pupil.id
    assert event.detail == {"reason": "signed_out_by_staff", "count": 1}


def test_the_careers_leader_may_too_but_not_another_tutor_or_school_or_a_pupil(app, school, class_9a):
    tutor, group, pupil = class_9a
    url = f"/staff/groups/{group.id}/pupils/{pupil.id}/sign-out-everywhere"
    phone = sign_in(app, pupil.user.username)
    other_tutor = factories.make_staff(school, Role.TUTOR)
    factories.make_group(school, "9B", 9, tutor=other_tutor)
    elsewhere = factories.make_school("Elm School", "elm")
    other_leader = factories.make_staff(elsewhere, Role.CAREERS_LEADER)
    classmate = factories.make_pupil(school, group=group, first_name="Kit")
    assert sign_in(app, other_tutor.username).post(url).status_code == 404
    assert sign_in(app, other_leader.username).post(url).status_code == 404
    assert sign_in(app, classmate.user.username).post(url).status_code == 403
    assert is_signed_in(phone)
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    assert sign_in(app, leader.username).post(url).status_code == 303
    assert not is_signed_in(phone)


def test_staff_sessions_end_after_idle_time_pupils_do_not(app, school, pupil):
    """STAFF_IDLE_MINUTES (default 30; ASVS V3.3.2 level 2) for staff; pupils keep SESSION_DAYS."""
    app.config["FIXED_NOW"] = NOW
    tutor = factories.make_staff(school, Role.TUTOR)
    staff = sign_in(app, tutor.username)
    child = sign_in(app, pupil.user.username)
    app.config["FIXED_NOW"] = "2026-03-10T09:29:00"
    assert is_signed_in(staff, "/staff/")  # active: last seen moves on
    app.config["FIXED_NOW"] = "2026-03-10T09:58:00"
    assert is_signed_in(staff, "/staff/")
    app.config["FIXED_NOW"] = "2026-03-10T10:28:01"
    assert not is_signed_in(staff, "/staff/")
    assert is_signed_in(child)


@pytest.mark.parametrize("role", [Role.GOVERNOR, Role.SENIOR_LEADER, Role.CAREERS_ADVISER])
def test_every_adult_account_idles_out_like_staff(app, school, role):
    """Governors and every staff role get the short, idle-limited session; only pupils do not."""
    app.config["FIXED_NOW"] = NOW
    adult = sign_in(app, factories.make_staff(school, role).username)
    assert is_signed_in(adult, "/account")
    app.config["FIXED_NOW"] = "2026-03-10T09:30:01"
    assert not is_signed_in(adult, "/account")


def test_staff_sessions_end_after_staff_session_hours_even_when_active(app, school):
    app.config["FIXED_NOW"] = NOW
    tutor = factories.make_staff(school, Role.TUTOR)
    staff = sign_in(app, tutor.username)
    # A request every 25 minutes (under the 30 idle minutes) until 20:50.
    for minutes in range(25, 12 * 60, 25):
        app.config["FIXED_NOW"] = f"2026-03-10T{9 + minutes // 60:02d}:{minutes % 60:02d}:00"
        assert is_signed_in(staff, "/staff/")
    app.config["FIXED_NOW"] = "2026-03-10T21:00:00"  # 12 hours (STAFF_SESSION_HOURS)
    assert not is_signed_in(staff, "/staff/")


def test_a_pupil_session_lasts_session_days(app, pupil):
    app.config["FIXED_NOW"] = NOW
    child = sign_in(app, pupil.user.username)
    app.config["FIXED_NOW"] = "2026-04-08T08:59:00"  # 29 days later, untouched all that time
    assert is_signed_in(child)
    app.config["FIXED_NOW"] = "2026-04-09T09:00:00"  # 30 days (SESSION_DAYS)
    assert not is_signed_in(child)


def test_last_seen_is_written_at_most_once_a_minute(app, pupil):
    app.config["FIXED_NOW"] = NOW
    child = sign_in(app, pupil.user.username)

    def last_seen():
        db.session.expire_all()
        return db.session.scalar(select(UserSession.last_seen_at)).isoformat()

    app.config["FIXED_NOW"] = "2026-03-10T09:00:59"
    assert is_signed_in(child)
    assert last_seen() == "2026-03-10T09:00:00"
    app.config["FIXED_NOW"] = "2026-03-10T09:01:00"
    assert is_signed_in(child)
    assert last_seen() == "2026-03-10T09:01:00"


def test_a_remember_me_cookie_without_a_live_session_signs_nobody_in(app, pupil):
    client = sign_in(app, pupil.user.username)
    with client.session_transaction() as flask_session:
        user_id = flask_session["_user_id"]
    forged = app.test_client()
    forged.set_cookie("remember_token", f"{user_id}|whatever")
    assert not is_signed_in(forged)
    # A session cookie naming the user but with a made-up token is refused too.
    with forged.session_transaction() as flask_session:
        flask_session["_user_id"] = user_id
        flask_session["sid"] = "made-up"
    assert not is_signed_in(forged)
