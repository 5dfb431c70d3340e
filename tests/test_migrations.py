"""The committed migrations build exactly the schema the models describe.

The ``_schema`` fixture has already run ``flask db upgrade`` on the test database (SQLite by
default, PostgreSQL under ``make test``), so comparing that database with ``db.metadata`` is
``alembic check`` for both backends: a model change without its migration fails here.
"""

from __future__ import annotations

import pprint
from datetime import datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade
from flask_migrate import upgrade
from passport.extensions import db

from .conftest import make_test_app

SCRATCH_DB = "passport_migration_test"


def test_upgraded_schema_matches_the_models(ctx):
    with db.engine.connect() as connection:
        migration_context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "compare_server_default": True, "render_as_batch": True},
        )
        differences = compare_metadata(migration_context, db.metadata)
    assert differences == [], (
        "The database built by the migrations differs from the models; run "
        "`flask --app passport db migrate -m '...'` and commit the new revision:\n"
        + pprint.pformat(differences)
    )


def test_the_database_is_at_the_single_head_revision(ctx):
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"Migrations have branched; merge these heads: {heads}"
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    assert set(current) == set(heads)


@pytest.fixture
def scratch_url(database_url, tmp_path):
    """An empty database of the backend under test, apart from the suite's own: a SQLite file,
    or a second database on the PostgreSQL server (dropped afterwards)."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    server = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {SCRATCH_DB}"))
        connection.execute(sa.text(f"CREATE DATABASE {SCRATCH_DB}"))
    yield sa.make_url(database_url).set(database=SCRATCH_DB).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)"))
    server.dispose()


def test_events_made_before_the_content_checklist_upgrade_with_nothing_ticked(scratch_url):
    """Requirements item 13; 004 §15: the checklist column (revision 160ccd00ceae) arrives empty
    on a school's existing events, and goes again on downgrade, on SQLite and PostgreSQL."""
    app = make_test_app(scratch_url)
    with app.app_context():
        upgrade(revision="b1b40a064434")
        at = datetime(2026, 6, 15, 8, 0)
        db.session.execute(
            sa.text("INSERT INTO schools (id, name, code, created_at) VALUES (1, 'Oak', 'oak', :at)"),
            {"at": at},
        )
        db.session.execute(
            sa.text(
                "INSERT INTO events (id, school_id, public_code, checkin_secret, kind, title, entry_kind,"
                " starts_at, ends_at, place, is_stem, sectors, year_groups, provider_type,"
                " whole_year_invited, in_school_hours, online, description, created_at)"
                " VALUES (1, 1, 'code', 'secret', 'provider_access', 'Assembly', 'provider_encounter',"
                " :at, :at, '', :no, '', '9', 'utc', :yes, :yes, :no, '', :at)"
            ),
            {"at": at, "yes": True, "no": False},
        )
        db.session.commit()
        upgrade()
        row = db.session.execute(sa.text("SELECT title, content_items FROM events")).one()
        assert tuple(row) == ("Assembly", "")
        db.session.commit()
        downgrade(revision="b1b40a064434")
        columns = {column["name"] for column in sa.inspect(db.engine).get_columns("events")}
        assert "title" in columns and "content_items" not in columns
        db.session.remove()
        db.engine.dispose()
