"""Server-side sessions: start one at sign-in, check it on every request, end it (or all of a
user's) at sign-out, password change or reset, deactivation and "sign out on every device"
(issue 7, item 3; OWASP ASVS 4.0 V3.2, V3.3).

Sessions live in the database, so every app server agrees at once. Pupils keep a session for
``PERMANENT_SESSION_LIFETIME`` (SESSION_DAYS); staff for STAFF_SESSION_HOURS, ended earlier after
STAFF_IDLE_MINUTES without a request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Role
from ..models import User
from ..models import UserSession
from . import audit

# last_seen_at is written at most this often: one UPDATE a minute per active session.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _adult(user: User) -> bool:
    """Staff, governors and (with issue 10) parents get the short, idle-limited sessions; only
    pupils, on their own phones, stay signed in for long."""
    return user.role != Role.PUPIL


def _lifetime(user: User) -> timedelta:
    if _adult(user):
        return timedelta(hours=current_app.config["STAFF_SESSION_HOURS"])
    return current_app.config["PERMANENT_SESSION_LIFETIME"]


def _idle_limit(user: User) -> timedelta | None:
    return timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"]) if _adult(user) else None


def start_session(user: User) -> str:
    """A new session for ``user``; returns its token (in clear, once) for the cookie. Expired
    sessions (anyone's) are cleared on the way, so rows never pile up."""
    now = clock.utcnow()
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(UserSession).where(UserSession.expires_at < now))
    db.session.add(
        UserSession(
            token_hash=_digest(token), user_id=user.id, created_at=now, last_seen_at=now,
            expires_at=now + _lifetime(user),
        )
    )
    db.session.commit()
    return token


def user_for(token: str | None, user_id: str | None) -> User | None:
    """The active user whose live session ``token`` is, or None (ended, expired, idle too long,
    deactivated, or another user's). One query: the session row comes with the user."""
    if not token or not user_id or not user_id.isdigit():
        return None
    row = db.session.execute(
        select(User, UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == _digest(token), User.id == int(user_id))
    ).unique().first()
    if row is None:
        return None
    user, live = row
    now = clock.utcnow()
    idle = _idle_limit(user)
    if not user.is_active or live.expires_at <= now or (idle is not None and live.last_seen_at + idle <= now):
        return None
    pending = db.session.new or db.session.dirty or db.session.deleted
    if now - live.last_seen_at >= TOUCH_EVERY and not pending:
        # The only write on a read: at most once a minute, before the view has changed anything.
        live.last_seen_at = now
        db.session.commit()
    return user


def end_session(token: str | None) -> None:
    """End the session whose token this is (signing out on this browser)."""
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _digest(token)))
        db.session.commit()


def drop_sessions(
    user: User, actor: User | None, reason: str, *, keep: str | None = None, always_audit: bool = False
) -> int:
    """Inside the caller's transaction: end every session of ``user`` (but ``keep``, the token
    of the browser that asked, when given), audited with ``reason`` when any was ended (or
    ``always_audit``). Returns how many."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        query = query.where(UserSession.token_hash != _digest(keep))
    ended = db.session.execute(query).rowcount or 0
    if ended or always_audit:
        audit.log(actor, user.school_id, "sessions_ended", user, reason=reason, count=ended)
    return ended


def end_all_sessions(user: User, actor: User | None, reason: str, *, keep: str | None = None) -> int:
    """Sign ``user`` out on every device ("sign out on every device", for a lost phone; by the
    user or by their staff), audited; returns how many sessions were ended."""
    ended = drop_sessions(user, actor, reason, keep=keep, always_audit=True)
    db.session.commit()
    return ended
