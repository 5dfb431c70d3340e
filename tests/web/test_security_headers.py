"""Browser hardening on every response (issue 7, item 7): every rule of ``app.url_map``, as
anonymous, as a signed-in pupil and as staff, over http and https, plus 404s, redirects,
static files, /sw.js and /healthz, carries every header. Cache-Control is not checked here:
staff pages send the stricter ``no-store`` (another part of the issue)."""

from __future__ import annotations

import pytest
from passport import security_headers
from passport.security_headers import CONTENT_SECURITY_POLICY

from tests.route_walk import build_world
from tests.route_walk import requests_of

EXTRA = [
    ("GET", "/no-such-page", None),  # 404
    ("GET", "/passport/entries/not-a-uuid", None),  # 404 from the converter
    ("GET", "/static/js/app.js", "static"),
    ("GET", "/static/no-such-file.js", "static"),
    ("DELETE", "/login", "auth.login"),  # 405
]


def assert_hardened(response, endpoint: str | None, https: bool) -> None:
    where = f"{response.request.method} {response.request.path} -> {response.status_code}"
    headers = response.headers
    if endpoint in security_headers.EMBEDDABLE_ENDPOINTS:  # a school's website may frame these
        assert headers.get("Content-Security-Policy") == security_headers.EMBEDDABLE_CSP, where
        assert "X-Frame-Options" not in headers, where
    else:
        assert headers.get("Content-Security-Policy") == CONTENT_SECURITY_POLICY, where
        assert headers.get("X-Frame-Options") == "DENY", where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "no-referrer", where
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", where
    camera = "camera=(self)" if endpoint in security_headers.SCANNING_ENDPOINTS else "camera=()"
    policy = [part.strip() for part in headers.get("Permissions-Policy", "").split(",")]
    assert camera in policy and "geolocation=()" in policy and "microphone=()" in policy, where
    hsts = headers.get("Strict-Transport-Security")
    assert hsts == ("max-age=31536000; includeSubDomains" if https else None), where


def test_only_the_published_careers_page_may_be_framed_and_only_by_https_sites():
    """Issue 11 item 8: the school's website embeds its careers page; nothing else is framed."""
    assert security_headers.EMBEDDABLE_ENDPOINTS == {"website.careers"}
    directives = dict(part.strip().split(" ", 1) for part in security_headers.EMBEDDABLE_CSP.split(";"))
    assert directives["frame-ancestors"] == "https:" and directives["script-src"] == "'self'"


def test_the_policy_has_no_inline_script_or_eval_and_frames_nowhere():
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert "*" not in CONTENT_SECURITY_POLICY and "http" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("who", ["anonymous", "pupil", "staff"])
def test_every_route_answers_with_every_header(app, client, auth, school, who, https):
    world = build_world(school)
    if who == "pupil":
        auth.login(world.pupil.user.username)
    elif who == "staff":
        auth.login(world.leader.username)
    base_url = "https://localhost" if https else "http://localhost"
    statuses = set()
    walk = requests_of(app, world) + EXTRA
    for method, url, endpoint in walk:
        with client.open(url, method=method, base_url=base_url) as response:
            assert_hardened(response, endpoint, https)
            statuses.add(response.status_code // 100)
            assert response.status_code < 500, f"{method} {url}"
    assert len(walk) > len(list(app.url_map.iter_rules()))
    assert {2, 3, 4} <= statuses  # pages, redirects and refusals were all checked


def test_the_camera_is_allowed_only_on_the_scan_page(client, auth, pupil):
    auth.login(pupil.user.username)
    scan = client.get("/passport/scan")
    assert "js/scan.js" in scan.get_data(as_text=True)
    assert "camera=(self)" in scan.headers["Permissions-Policy"]
    home = client.get("/passport/")
    assert "js/scan.js" not in home.get_data(as_text=True)
    assert "camera=()" in home.headers["Permissions-Policy"]


def test_only_the_pages_allowed_the_camera_load_the_scanner(app, client, auth, school):
    """The scanning endpoints are exactly the pupil pages that load scan.js."""
    world = build_world(school)
    auth.login(world.pupil.user.username)
    loading = set()
    for method, url, endpoint in requests_of(app, world):
        if method == "GET" and endpoint != "static":
            response = client.get(url)
            if response.mimetype == "text/html" and "js/scan.js" in response.get_data(as_text=True):
                loading.add(endpoint)
    assert loading == {"pupil.scan"} <= security_headers.SCANNING_ENDPOINTS


def test_no_template_has_inline_script_style_or_event_handlers():
    """What the policy would refuse in a browser, found in the source: inline <script>, style
    attributes, on*= handlers and hx-on (which needs eval)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    inline = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=|hx-on|<style", re.I)
    found = [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for path in root.rglob("*.html")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if inline.search(line)
    ]
    assert found == []


def test_htmx_is_configured_for_the_policy(client):
    page = client.get("/login").get_data(as_text=True)
    config = page.split('name="htmx-config" content=\'')[1].split("'")[0]
    assert '"allowEval": false' in config
    assert '"includeIndicatorStyles": false' in config
    assert '"allowScriptTags": false' in config


def test_a_staff_page_keeps_its_stricter_cache_control(client, auth, school):
    """The headers are added beside a page's own ``Cache-Control: no-store``, never over it."""
    world = build_world(school)
    auth.login(world.leader.username)
    response = client.get(f"/staff/events/{world.args[('*', 'event_id')]}")
    assert response.status_code == 200
    assert_hardened(response, "staff.event", https=False)
    assert response.headers["Cache-Control"] == "no-store"
