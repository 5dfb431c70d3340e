"""Browser fixtures: the real app on a live server, driven by Playwright in Debian's Chromium.

No pytest-playwright and never ``playwright install``: Playwright's Python package drives the
system browser at /usr/bin/chromium (Debian's ``chromium``; ``make test`` installs it). As root
Chromium needs ``--no-sandbox``; the other flags keep it off the network (this machine's
network is closed) and away from D-Bus and the GPU, so it runs the same on a fresh CI machine.

``live_server`` serves an app built by ``tests.conftest.make_test_app`` on the same database as
the ``app`` fixture, with CSRF protection ON, so the forms are exercised as a browser posts
them. Tables are emptied after each test, once every browser context is closed and every
server has stopped with no request left running (``stop_serving``). A test that needs its own
app (other settings or middleware) serves it with ``serve(app)``, which shuts down the same way.

Other modules import ``CHROMIUM``, ``CHROMIUM_ARGS``, ``PHONE`` and ``TIMEOUT_MS`` from here.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import expect
from playwright.sync_api import Page
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from ..conftest import _empty_tables
from ..conftest import close_connections
from ..conftest import make_test_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# A small phone (the narrowest common Android width), at 2x like most phones.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "en-GB",
    "timezone_id": "Europe/London",
}
TIMEOUT_MS = 10_000
# Assertions wait as long as actions do. CI runs the SQLite and PostgreSQL suites at once on two
# cores, and a form's post and redirect took longer than expect's own 5 s there (issue 9's CI).
expect.set_options(timeout=TIMEOUT_MS)
SCREENS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screens"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install Debian's chromium (`make test` does), "
            "or deselect these tests with -m 'not browser'. Never run `playwright install`."
        )
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=60_000
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()


class _InFlight:
    """WSGI middleware counting requests in progress, so teardown can wait for the last one
    (a service worker's background fetch, say) before it empties tables and closes the
    database connections that request may still hold."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.count = 0
        self.changed = threading.Condition()
        # Paths answered as a network that does not reach the app would be (``unreachable``).
        self.unreachable: set[str] = set()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") in self.unreachable:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"unreachable"]
        with self.changed:
            self.count += 1
        try:
            return _closing(self.wsgi_app(environ, start_response))
        finally:
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count == 0, timeout)


def _closing(body):
    """The response body, closed however its sending ends. When the browser drops a connection
    mid-file (a page navigated away while a static file was streaming), werkzeug's dev server
    stops writing and never calls ``close()``: the open file then raised a ResourceWarning in
    whichever test ran next (CI of issue 10). As a generator, ``finally`` runs when werkzeug lets
    go of it, so every response is closed, dropped or not."""
    try:
        yield from body
    finally:
        if hasattr(body, "close"):
            body.close()


def stop_serving(server, thread: threading.Thread | None, in_flight: _InFlight, timeout: float = 15) -> None:
    """Stop ``server`` so that nothing of it still runs: no new connection is accepted, every
    request thread has finished (a service worker's background sync, say, still writing an audit
    event), and the app is idle. Only then may a test empty the tables. Browser contexts must
    be closed before this (their keep-alive connections would otherwise hold a thread)."""
    server.shutdown()
    if thread is not None:
        thread.join(timeout=timeout)
    deadline = time.monotonic() + timeout
    # socketserver keeps the request threads it started (block_on_close): join them, bounded.
    # (a _NoThreads, not a list, when it started none: a server no request reached threaded)
    threads = getattr(server, "_threads", None)
    for request_thread in list(threads) if isinstance(threads, list) else []:
        request_thread.join(timeout=max(0.0, deadline - time.monotonic()))
    server.server_close()
    if not in_flight.wait_idle(timeout=max(0.0, deadline - time.monotonic())):
        raise RuntimeError(f"{in_flight.count} request(s) still running {timeout} s after the server stopped")


_SERVING: dict[str, _InFlight] = {}


@contextmanager
def unreachable(base_url: str, path: str) -> Iterator[None]:
    """While inside, the live server at ``base_url`` answers ``path`` with a bare 503, as a
    network that does not reach the app would. Unlike ``context.route``, this holds back the
    service worker's own requests (its Background Sync) too, which Playwright does not route."""
    middleware = _SERVING[base_url]
    middleware.unreachable.add(path)
    try:
        yield
    finally:
        middleware.unreachable.discard(path)


@contextmanager
def serve(app: Flask, port: int = 0) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port unless given) in a thread; yield its base URL.

    On exit: stop the server and wait for every request still running (``stop_serving``), then
    empty the tables and close the app's database connections. Closing them while a request
    still holds one leaks it, which fails a later test on PostgreSQL with a ResourceWarning.
    For tests that need their own app (other settings, middleware).
    """
    in_flight = app.wsgi_app = _InFlight(app.wsgi_app)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    _SERVING[url] = in_flight
    try:
        yield url
    finally:
        _SERVING.pop(url, None)
        stop_serving(server, thread, in_flight)
        _empty_tables(app)
        close_connections(app)


@pytest.fixture(autouse=True)
def _servers_stop_before_the_tables_are_emptied(app):
    """Issue 7, item 10: the ``app`` fixture (which ``school``, ``pupil`` and the rest build on)
    empties every table at teardown. A live server fixture set up before it in a test's
    arguments (``phone_page, pupil``) was torn down after it: the tables were emptied while the
    server, and the browser context's service worker, were still writing. Asking for ``app``
    here, first, makes pytest tear it down last: contexts close, servers stop and go idle, and
    only then are the tables emptied."""
    yield


@pytest.fixture
def live_server(_schema: str) -> Iterator[str]:
    """The app with CSRF protection on, on the test database, served on 127.0.0.1 on a free
    port in a thread; yields its base URL. Tables are emptied afterwards."""
    with serve(make_test_app(_schema, WTF_CSRF_ENABLED=True)) as url:
        yield url


@contextmanager
def browser_context(browser: Browser, base_url: str, **settings) -> Iterator[BrowserContext]:
    """A context aimed at ``base_url`` with the suite's timeout, closed afterwards; an uncaught
    JavaScript error on any of its pages fails the test."""
    context = browser.new_context(base_url=base_url, **settings)
    context.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    context.on("weberror", lambda web_error: errors.append(str(web_error.error)))
    try:
        yield context
    finally:
        context.close()
    assert not errors, f"Uncaught JavaScript errors: {errors}"


@pytest.fixture
def new_context(browser: Browser, live_server: str) -> Iterator[Callable[..., BrowserContext]]:
    """Make phone-size browser contexts aimed at the live server; all are closed afterwards.

    Keyword arguments override the phone settings, e.g. ``new_context(java_script_enabled=False)``.
    An uncaught JavaScript error on any page fails the test.
    """
    contexts: list[BrowserContext] = []
    js_errors: list[str] = []

    def make(**overrides) -> BrowserContext:
        context = browser.new_context(base_url=live_server, **{**PHONE, **overrides})
        context.set_default_timeout(TIMEOUT_MS)
        context.on("weberror", lambda web_error: js_errors.append(str(web_error.error)))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not js_errors, f"Uncaught JavaScript errors: {js_errors}"


@pytest.fixture
def page(new_context) -> Page:
    """A fresh page in a fresh phone-size context (no cookies), JavaScript on."""
    return new_context().new_page()


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """Save a full-page PNG to /tmp/screens/ (outside the repo) for people to look at."""

    def take(page: Page, name: str) -> Path:
        SCREENS.mkdir(parents=True, exist_ok=True)
        path = SCREENS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in_as(page: Page, username: str, *, password: str | None = None, lands: str | None = None) -> None:
    """Sign in through the form; wait for the page it lands on (a URL glob) or, without
    ``lands``, for the answer to load (a refused sign-in stays on /login)."""
    from .. import factories

    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD if password is None else password)
    page.get_by_role("button", name="Sign in").click()
    if lands:
        page.wait_for_url(lands)
    else:
        page.wait_for_load_state("load")
