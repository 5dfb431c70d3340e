"""Fixtures: the app on SQLite (default) or PostgreSQL (TEST_DATABASE_URL), clients, sign-in.

The schema is built once per run by the real migrations (``flask db upgrade``); after each
test every table is emptied, so tests see a clean database and migrations are exercised.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from flask_migrate import upgrade
from passport import create_app
from passport.extensions import db
from sqlalchemy import text
from sqlalchemy.orm import close_all_sessions

from . import factories


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


_apps_made: list = []


def close_connections(app) -> None:
    """Close every database connection ``app`` holds. Sessions are closed first, in every
    thread (the test's own, a live server's): ``Engine.dispose`` closes only the connections
    in the pool, and one still checked out at that moment goes back to the discarded pool
    later, is never closed, and fails some later test on PostgreSQL with a ResourceWarning
    when the garbage collector finds it (seen once under load, issue 8)."""
    close_all_sessions()
    with app.app_context():
        db.engine.dispose()


def make_test_app(database_url: str, **overrides):
    """An app on the test database with test settings (CSRF off unless overridden). Its
    database connections are closed after the test (``_close_test_apps``)."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "FIXED_TODAY": "2026-03-10",
        "SERVER_NAME": None,
        # Still scrypt, at n=2**10: thousands of test accounts would cost minutes at n=2**15.
        # test_sign_in.py checks production's cost; the timing test uses it.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        # Tasks are queued in memory and never run, unless a test runs a worker on its own
        # queue (tests/operations/test_batches.py: Huey on SQLite, a real consumer).
        "TASK_QUEUE_URL": "memory://",
        # The service worker shows a saved copy of a page after this long without an answer. CI
        # runs two suites on two cores, where a page can take longer than production's 4 s; the
        # browser tests' offline runs are cut off (set_offline), so none waits on this.
        "SW_PAGE_TIMEOUT_MS": 30000,
    }
    config.update(overrides)
    app = create_app(config)
    _apps_made.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_test_apps():
    """Close the connections of every app a test built, after everything else in the test has
    finished (an open PostgreSQL connection left behind fails a later test as a warning)."""
    yield
    while _apps_made:
        close_connections(_apps_made.pop())


@pytest.fixture(scope="session")
def _schema(database_url):
    app = make_test_app(database_url)
    with app.app_context():
        if database_url.startswith("postgresql"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        db.engine.dispose()
    return database_url


def _empty_tables(app) -> None:
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def app(_schema):
    app = make_test_app(_schema)
    yield app
    _empty_tables(app)
    close_connections(app)


@pytest.fixture
def ctx(app):
    """An application context, for tests that call operations and queries directly."""
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def hx(app):
    """A client whose requests say they come from htmx."""
    client = app.test_client()
    client.environ_base["HTTP_HX_REQUEST"] = "true"
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


TODAY = date(2026, 3, 10)


class AuthActions:
    """Sign a test client in as a user made by the factories."""

    def __init__(self, client):
        self._client = client

    def login(self, username: str, password: str = factories.PASSWORD):
        return self._client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def school(ctx):
    return factories.make_school("Oakfield Academy", "oak")


@pytest.fixture
def pupil(school):
    """A Year 9 pupil (born 2012-05-01) who has set the factories' password."""
    return factories.make_pupil(school, first_name="Amy", last_name="Jones")
