"""The installable app: manifest, root-scoped service worker, versioned assets, offline page."""

import hashlib
import json
from pathlib import Path

import pytest
from passport import assets

from tests import factories

STATIC = Path(__file__).resolve().parent.parent.parent / "static"


def test_manifest_has_what_installability_needs(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] and manifest["short_name"]
    assert manifest["display"] == "standalone" and manifest["scope"] == "/"
    assert manifest["start_url"].startswith("/")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200
            assert image.mimetype == "image/png"


def test_service_worker_is_served_at_the_root_uncached_with_this_release(client, app):
    response = client.get("/sw.js")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    with app.test_request_context():
        release = assets.release()
        css = assets.asset_url("css/app.css")
    assert f'"{release}"' in body
    assert css in body
    digest = hashlib.sha256((STATIC / "css" / "app.css").read_bytes()).hexdigest()[:10]
    assert css.endswith(f"?v={digest}")


def test_the_release_changes_when_an_asset_changes(app, tmp_path):
    with app.test_request_context():
        before = assets.release()
        original = app.static_folder
        # A copy of the static folder with one asset changed.
        for name in assets.SHELL:
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((STATIC / name).read_bytes())
        (tmp_path / "js" / "sync.js").write_text("// changed")
        app.static_folder = str(tmp_path)
        try:
            assert assets.release() != before
        finally:
            app.static_folder = original


def test_versioned_static_files_are_cached_for_a_year(client, app):
    with app.test_request_context():
        url = assets.asset_url("js/app.js")
    with client.get(url) as response:
        assert "max-age=31536000" in response.headers["Cache-Control"]


def test_offline_page_offers_a_way_back(client):
    page = client.get("/offline").get_data(as_text=True)
    assert "No connection" in page
    assert 'href="/passport/"' in page


def test_pupil_pages_name_their_owner_and_are_private(client, auth, pupil):
    auth.login(pupil.user.username)
    response = client.get("/passport/")
    assert response.headers["X-Passport-User"] == str(pupil.id)
    assert "private" in response.headers["Cache-Control"]
    assert f'<meta name="passport-user" content="{pupil.id}">' in response.get_data(as_text=True)
    assert "X-Passport-User" not in client.get("/healthz").headers


def test_sign_out_clears_the_http_cache_but_not_other_pupils_outbox(client, auth, pupil):
    """Issue 7, item 5: "storage" would wipe IndexedDB, with another pupil's unsynced items on a
    shared phone; the page clears only the signed-out user's (static/js/sync.js)."""
    auth.login(pupil.user.username)
    response = client.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"cache"'


def test_csrf_endpoint_needs_a_session(client, school):
    assert client.get("/api/csrf").status_code == 401
    pupil = factories.make_pupil(school)
    client.post("/login", data={"username": pupil.user.username, "password": factories.PASSWORD})
    answer = client.get("/api/csrf")
    assert answer.get_json()["user"] == str(pupil.id)
    assert answer.headers["Cache-Control"] == "no-store"


def test_static_text_assets_are_sent_gzipped_to_browsers_that_accept_it(client, app):
    import gzip

    with app.test_request_context():
        url = assets.asset_url("js/sync.js")
    raw = (STATIC / "js" / "sync.js").read_bytes()
    with client.get(url, headers={"Accept-Encoding": "gzip, br"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]
        assert gzip.decompress(response.data) == raw
        assert len(response.data) < len(raw) / 2
    with client.get(url) as plain:
        assert "Content-Encoding" not in plain.headers
        assert plain.data == raw


def test_the_service_worker_is_sent_gzipped_too_and_unchanged_by_it(client):
    import gzip

    plain = client.get("/sw.js")
    packed = client.get("/sw.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    assert packed.headers["Cache-Control"] == plain.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("warmed", ["/passport/", "/passport/timeline", "/passport/folder"])
def test_a_background_save_of_a_page_never_takes_the_pupils_saved_message(client, auth, pupil, warmed):
    """docs/offline.md: the service worker saves pages in the background (X-Passport-Warm). One
    that lands between a form's redirect and its page must not take the flashed "saved" message
    (CI once lost "Your choices ... are saved."), nor keep it in the offline copy."""
    auth.login(pupil.user.username)
    assert client.post("/passport/folder/contents", data={}).status_code == 303
    saved_copy = client.get(warmed, headers={"X-Passport-Warm": "1"}).get_data(as_text=True)
    assert "are saved" not in saved_copy
    seen = client.get("/passport/folder").get_data(as_text=True)
    assert "Your choices for your leavers&#39; folder are saved." in seen
    assert "are saved" not in client.get("/passport/folder").get_data(as_text=True)  # shown once


def test_a_page_showing_a_saved_message_is_never_kept_for_offline(client, auth, pupil):
    """The answer that shows "... are saved." is sent no-store, so the service worker cannot keep
    it: the pupil's offline copy never says again, days later, that something was just saved. The
    same page without the message is kept as usual (docs/offline.md)."""
    auth.login(pupil.user.username)
    client.post("/passport/folder/contents", data={})
    shown = client.get("/passport/folder")
    assert "are saved." in shown.get_data(as_text=True)
    assert shown.headers["Cache-Control"] == "no-store"
    again = client.get("/passport/folder")
    assert "are saved." not in again.get_data(as_text=True)
    assert again.headers["Cache-Control"] == "private, no-cache"


def test_the_workers_wait_for_a_page_comes_from_the_settings(app, client):
    """SW_PAGE_TIMEOUT_MS (README, configuration) is how long the worker waits for a page before
    it shows the saved copy."""
    app.config["SW_PAGE_TIMEOUT_MS"] = 4321
    assert "var NETWORK_TIMEOUT_MS = 4321;" in client.get("/sw.js").get_data(as_text=True)
