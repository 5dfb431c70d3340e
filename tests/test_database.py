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



def test_foreign_keys_are_enforced_on_every_connection_even_after_migrating(ctx, tmp_path):
    """SQLite skips foreign keys unless asked (so ON DELETE SET NULL / CASCADE never ran) and
    the migrations turn them off for their table rebuilds: every connection the app uses has
    them on, the one the migrations used included."""
    from flask_migrate import upgrade

    from tests.conftest import make_test_app

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL always enforces them")
    assert db.session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    app = make_test_app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    with app.app_context():
        upgrade()
        # The pool keeps the migration's connection: it is the next one handed out.
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()


def test_a_deleted_entrys_id_reused_by_another_pupil_is_not_linked_to_the_first_pupils_target(
    client, auth, school, pupil
):
    """SQLite gives the next row a deleted newest row's id: a target after that entry must lose
    its link (ON DELETE SET NULL), not show the other pupil's entry (review of issue 8)."""
    from passport.models import Target

    from tests import factories

    gone = factories.make_entry(pupil, organisation="Amy's own visit")
    auth.login(pupil.user.username)
    client.post("/passport/targets/new", data={
        "text": "Ask about apprenticeships", "review_on": "2026-04-01", "entry": str(gone.client_uuid),
    })
    assert client.post(f"/passport/entries/{gone.client_uuid}/delete").status_code in (302, 303)
    other = factories.make_pupil(factories.make_school("Elm Park", "elm"), first_name="Ben")
    factories.make_entry(other, organisation="Ben's placement at St Mary's Hospice")
    page = client.get("/passport/targets").get_data(as_text=True)
    assert "Ask about apprenticeships" in page and "St Mary" not in page
    db.session.expire_all()
    assert db.session.scalar(db.select(Target.entry_id)) is None
