"""The extension singletons, bound to an app in create_app()."""

import sqlite3

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import event
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite (the embedded default) in write-ahead-log mode: readers no longer wait for a
    writer, which a careers fair's burst of syncs and page loads from several gunicorn workers
    needs; synchronous=NORMAL is durable with WAL except on power loss mid-commit. An in-memory
    database keeps its own journal. Foreign keys are enforced, as PostgreSQL does: SQLite skips
    them (and their ON DELETE SET NULL / CASCADE) unless asked, and reuses the id of a deleted
    newest row, so a target or a check-in claim still holding a deleted entry's id would point
    at the next pupil's entry. Migrations turn enforcement off for their own connection
    (migrations/env.py), as SQLite's table rebuilds need. PostgreSQL connections are left alone."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()
