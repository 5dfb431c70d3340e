"""Accounts: sign-in with throttling, one-time setup codes, setting a password."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from ..extensions import db
from ..models import LoginAttempt
from ..models import User
from ..models._base import utcnow
from . import audit

# No 0/O, 1/I/L: the code is read off paper by a 11-year-old.
SETUP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PASSWORD_MIN = 8
PASSWORD_MAX = 128
# werkzeug's scrypt (n=2**15, r=8, p=1): a memory-hard KDF, the default of Werkzeug 3.
PASSWORD_METHOD = "scrypt"


class SignIn(StrEnum):
    """The outcome of a sign-in attempt."""

    OK = "ok"
    WRONG = "wrong"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class SignInResult:
    outcome: SignIn
    user: User | None = None


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``."""
    return generate_password_hash(password, method=PASSWORD_METHOD)


def _code_digest(code: str) -> str:
    # Keyed with SECRET_KEY, so a copy of the database alone cannot be searched for codes.
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def _recent_failures(username: str, ip: str, since: datetime) -> tuple[int, int]:
    by_name = func.sum(func.cast(LoginAttempt.username == username, db.Integer))
    by_ip = func.count()
    row = db.session.execute(
        select(by_name, by_ip).where(
            LoginAttempt.at >= since,
            LoginAttempt.succeeded.is_(False),
            or_(LoginAttempt.username == username, LoginAttempt.ip == ip),
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def authenticate(username: str, password: str, ip: str) -> SignInResult:
    """Check a password, counting failures per username and per address.

    After LOGIN_MAX_FAILURES failures for a username (or four times that from one address,
    a class sharing a school network) inside LOGIN_WINDOW_MINUTES, attempts are refused
    without checking the password until the window has passed.
    """
    username = username.strip().lower()
    if is_throttled(username, ip):
        return SignInResult(SignIn.THROTTLED)
    now = utcnow()
    user = db.session.scalar(select(User).where(func.lower(User.username) == username))
    ok = (
        user is not None
        and user.is_active
        and user.password_hash is not None
        and check_password_hash(user.password_hash, password)
    )
    db.session.add(LoginAttempt(username=username, ip=ip, at=now, succeeded=ok))
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=1)))
    if ok:
        user.last_login_at = now
    db.session.commit()
    return SignInResult(SignIn.OK, user) if ok else SignInResult(SignIn.WRONG)


def new_setup_code() -> str:
    """Eight characters in two groups, e.g. ``K7RM-XQ4P``."""
    raw = "".join(secrets.choice(SETUP_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def issue_setup_codes(actor: User | None, users: list[User]) -> dict[int, str]:
    """Give each user a fresh one-time setup code and return them by user id, in clear,
    once (they are stored only as keyed hashes). Any earlier unused code stops working."""
    expires = utcnow() + timedelta(days=current_app.config["SETUP_CODE_DAYS"])
    codes: dict[int, str] = {}
    for user in users:
        code = new_setup_code()
        user.setup_code_hash = _code_digest(code)
        user.setup_code_expires_at = expires
        codes[user.id] = code
        audit.log(actor, user.school_id, "setup_code_issued", user)
    db.session.commit()
    return codes


class SetupError(StrEnum):
    """Why a setup code was not accepted (each has a message on the setup page)."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"


def check_setup_code(username: str, code: str) -> User | SetupError:
    """The user whose current setup code this is, or why not. Used codes are cleared, so a
    reused code reads as unknown."""
    user = db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )
    if user is None or not user.setup_code_hash or not user.is_active:
        return SetupError.UNKNOWN
    if not hmac.compare_digest(user.setup_code_hash, _code_digest(code)):
        return SetupError.UNKNOWN
    if user.setup_code_expires_at is None or user.setup_code_expires_at < utcnow():
        return SetupError.EXPIRED
    return user


def set_password_with_code(user: User, password: str) -> None:
    """Set the user's password and spend their setup code in one commit."""
    user.password_hash = hash_password(password)
    user.setup_code_hash = None
    user.setup_code_expires_at = None
    audit.log(user, user.school_id, "password_set", user)
    db.session.commit()


def record_failed_setup(username: str, ip: str) -> None:
    """Count a wrong setup code against the same throttle as a wrong password."""
    db.session.add(LoginAttempt(username=username.strip().lower(), ip=ip, succeeded=False))
    db.session.commit()


def is_throttled(username: str, ip: str) -> bool:
    """Whether sign-in or setup for ``username`` from ``ip`` is paused just now."""
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    since = utcnow() - timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    by_name, by_ip = _recent_failures(username.strip().lower(), ip, since)
    return by_name >= limit or by_ip >= limit * 4
