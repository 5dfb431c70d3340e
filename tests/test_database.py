"""How the app talks to its database engine (passport/extensions.py)."""

from __future__ import annotations

import pytest
from passport.extensions import db


def test_sqlite_runs_in_write_ahead_log_mode_so_readers_do_not_wait_for_a_writer(ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite setting; PostgreSQL connections are left as they are")
    connection = db.session.connection()
    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL

