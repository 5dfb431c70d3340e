"""Shared set-up for the benchmarks: paths, a throwaway database, a pupil with N entries.

Import this module first (``import _setup``): it puts the repository root on ``sys.path`` so
``passport`` and ``tests`` import when a script runs as ``python bench/x.py`` from anywhere.
Everything here goes through the real migrations and operations, like tests/factories.py.
"""

from __future__ import annotations

import contextlib
import logging
import random
import secrets
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The pupil's pages, the figures in the issue are about these two.
HOME = "/passport/"
TIMELINE = "/passport/timeline"
PASSWORD = "correct horse battery"

# A pupil in Year 11 in the school year 2026/27 (born 2011-05-01): five school years of record.
DOB = date(2011, 5, 1)
YEAR_GROUP = 11


def bench_config(database_url: str, **overrides) -> dict:
    """An app configuration like production's (not TESTING), on ``database_url``."""
    config = {
        "SECRET_KEY": secrets.token_urlsafe(32),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        # Production requires it (passport/documents/links.py); test clients ask for localhost,
        # the benchmarks' servers listen on 127.0.0.1 (the port is not compared).
        "PUBLIC_URL": "http://127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    config.update(overrides)
    return config


@contextlib.contextmanager
def temp_dir() -> Iterator[Path]:
    """A temporary directory, removed on the way out whatever happens."""
    path = Path(tempfile.mkdtemp(prefix="passport-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'bench.sqlite3'}"


def redact(url: str) -> str:
    """A database URL without its password, for printing."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else f"{scheme}://{user}@{host}"


def upgrade_schema(app) -> None:
    """``flask db upgrade`` on the app's database, without alembic's INFO lines."""
    from flask_migrate import upgrade

    # migrations/env.py configures logging from alembic.ini; keep bench output readable.
    logging.disable(logging.INFO)
    try:
        with app.app_context():
            upgrade()
    finally:
        logging.disable(logging.NOTSET)


def fill(pupil, n: int, today: date, seed: int = 0, start: date | None = None) -> None:
    """Give ``pupil`` ``n`` entries of every kind over their school years, half reflected on.

    The dates run from ``start`` (default: the start of Year 7 for a Year 11 pupil) to ``today``.
    Runs inside an app context; goes through passport.operations.entries like the app does.
    """
    from passport.domain.kinds import EntryKind
    from passport.domain.kinds import KINDS
    from passport.operations import entries as ops
    from tests import factories

    rng = random.Random(seed or n)
    kinds = list(EntryKind)
    start = start or date(today.year - 4, 9, 1)  # the start of Year 7 for a Year 11 pupil
    span = max((today - start).days, 1)
    for i in range(n):
        kind = kinds[i % len(kinds)]
        subtypes = KINDS[kind].subtypes
        entry, _ = ops.record_entry(
            pupil,
            pupil.user,
            factories.entry_data(
                kind,
                subtype=subtypes[i % len(subtypes)][0] if subtypes else None,
                occurred_on=start + timedelta(days=rng.randrange(span)),
                organisation=f"Organisation {i % 37}",
                description="What I did and what I found out. " * (1 + i % 3),
                skills=("teamwork", "listening", "problem_solving")[: i % 4],
                is_stem=i % 5 == 0,
            ),
            uuid.uuid4(),
        )
        if i % 2:
            ops.save_reflection(entry, pupil.user, {"next": "Find out more about it."}, 0)


def seed(app, sizes: list[int], today: date) -> dict[int, str]:
    """A school with one pupil per entry count in ``sizes``; returns {entries: username}.

    Usernames and the school code are random, so this also works on a database that already
    holds data (BENCH_DATABASE_URL); nothing is ever deleted.
    """
    from passport.extensions import db
    from tests import factories

    tag = secrets.token_hex(3)
    usernames = {}
    with app.app_context():
        school = factories.make_school("Bench Academy", f"bench{tag}")
        for n in sizes:
            pupil = factories.make_pupil(
                school, first_name="Bench", last_name=f"Pupil{n}", dob=DOB, year_group=YEAR_GROUP,
                username=f"bench.{tag}.{n}", password=PASSWORD,
            )
            fill(pupil, n, today)
            usernames[n] = pupil.user.username
        db.session.remove()
        db.engine.dispose()
    return usernames


CSRF_META = 'name="csrf-token" content="'


def csrf_from(html: str) -> str:
    """The CSRF token from a page's ``<meta name="csrf-token">``."""
    start = html.index(CSRF_META) + len(CSRF_META)
    return html[start:html.index('"', start)]


def login_test_client(app, username: str):
    """A Flask test client signed in as ``username`` through the real form (with CSRF)."""
    client = app.test_client()
    page = client.get("/login")
    token = csrf_from(page.get_data(as_text=True))
    response = client.post("/login", data={"csrf_token": token, "username": username, "password": PASSWORD})
    if response.status_code != 303:
        raise RuntimeError(f"sign-in as {username} failed: HTTP {response.status_code}")
    return client


def london_today() -> date:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/London")).date()
