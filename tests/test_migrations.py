"""The committed migrations build exactly the schema the models describe.

The ``_schema`` fixture has already run ``flask db upgrade`` on the test database (SQLite by
default, PostgreSQL under ``make test``), so comparing that database with ``db.metadata`` is
``alembic check`` for both backends: a model change without its migration fails here.
"""

from __future__ import annotations

import pprint

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from passport.extensions import db


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
