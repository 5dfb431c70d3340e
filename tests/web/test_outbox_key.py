"""``/api/outbox-key``: each owner's outbox sealing key, given only to that owner's session
(issue 7, item 5; docs/offline.md, Owners and keys)."""

from __future__ import annotations

import base64

from passport.pwa.api import outbox_key

from tests import factories


def key_of(answer, owner: str) -> bytes:
    encoded = answer.get_json()["keys"][owner]
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))


def test_no_session_no_key(client, school):
    answer = client.get("/api/outbox-key", headers={"Accept": "application/json"})
    assert answer.status_code == 401
    assert "keys" not in (answer.get_json() or {})


def test_a_pupil_gets_their_own_key_only_never_stored_by_any_cache(client, app, school):
    amy = factories.make_pupil(school, first_name="Amy")
    ben = factories.make_pupil(school, first_name="Ben")
    client.post("/login", data={"username": amy.user.username, "password": factories.PASSWORD})
    answer = client.get("/api/outbox-key")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    assert list(answer.get_json()["keys"]) == [str(amy.user.id)]
    amy_key = key_of(answer, str(amy.user.id))
    assert len(amy_key) == 32  # AES-256
    assert amy_key == outbox_key(app.config["SECRET_KEY"], str(amy.user.id))
    assert amy_key != outbox_key(app.config["SECRET_KEY"], str(ben.user.id))

    # Signed out: no key. Ben signed in on the same browser: Ben's key, never Amy's.
    client.post("/logout")
    assert client.get("/api/outbox-key").status_code == 401
    client.post("/login", data={"username": ben.user.username, "password": factories.PASSWORD})
    answer = client.get("/api/outbox-key")
    assert list(answer.get_json()["keys"]) == [str(ben.user.id)]
    assert key_of(answer, str(ben.user.id)) != amy_key


def test_the_key_depends_on_the_secret_the_owner_and_the_version():
    assert outbox_key("s1", "12") == outbox_key(b"s1", "12")
    assert len({outbox_key("s1", "12"), outbox_key("s2", "12"), outbox_key("s1", "13"),
                outbox_key("s1", "12", version="2")}) == 4
