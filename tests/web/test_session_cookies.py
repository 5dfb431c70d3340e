"""The session cookie is renewed only on pages the user opens, or when the session changed
(passport/fetches.py SessionCookies): a background fetch (the service worker saving pages,
sync.js) that answers late must never put back an older cookie over the one a form's answer
set, with its flashed message in it (seen in CI: "Your tutor cannot see it" never showed)."""

from __future__ import annotations

import json

from tests import factories


def _sets_cookie(response) -> bool:
    return any(h.startswith("session=") for h in response.headers.getlist("Set-Cookie"))


def test_background_fetches_leave_the_cookie_alone_and_pages_and_changes_renew_it(client, auth, pupil):
    auth.login(pupil.user.username)
    assert _sets_cookie(client.get("/passport/", headers={"Sec-Fetch-Mode": "navigate"}))
    assert not _sets_cookie(client.get("/passport/timeline", headers={"X-Passport-Warm": "1"}))
    synced = client.post(
        "/passport/sync",
        data=json.dumps({"owner": str(pupil.id), "items": []}),
        content_type="application/json",
        headers={"Sec-Fetch-Mode": "cors"},
    )
    assert synced.status_code == 200 and not _sets_cookie(synced)
    # A form that flashes a message changes the session: its answer sets the cookie.
    entry = factories.make_entry(pupil, organisation="Arup")
    saved = client.post(
        f"/passport/entries/{entry.client_uuid}/reflection",
        data={
            "version": "0",
            "op": "7a3f0c4e-8a5e-4b8e-9d52-2f1c7a0b6e11",
            "work_like": "Busy",
            "share_shown": "1",
        },
    )
    assert saved.status_code == 303 and _sets_cookie(saved)
    page = client.get(saved.headers["Location"], headers={"Sec-Fetch-Mode": "navigate"})
    assert "Your reflection is saved." in page.get_data(as_text=True)
