"""Server-side sign-in sessions and the bounded counters that slow password guessing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ..extensions import db


class UserSession(db.Model):
    """One signed-in browser. The Flask session cookie holds a random token; only its SHA-256
    is stored, so a copy of the database opens no session. Deleting the row ends the session
    on every app server at once (issue 7, item 3)."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    # Written at most once a minute (passport/operations/sessions.py), to stay cheap.
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LoginThrottle(db.Model):
    """Recent sign-in failures for one key: ``user:<name>``, ``ip:<address>`` or
    ``device:<nonce>``. One row per key, updated in place, so a script's failures grow no
    table; refused attempts write nothing (issue 7, item 4)."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(index=True)
    blocked_until: Mapped[datetime | None]
