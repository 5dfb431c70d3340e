"""Accounts: sign-in with throttling, one-time setup codes, setting, changing and resetting a
password, deactivating an account. Every change of password ends the user's other sessions."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from functools import cache

from flask import current_app
from sqlalchemy import func
from sqlalchemy import select
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from ..domain import passwords
from ..domain.passwords import PASSWORD_MAX  # noqa: F401  (re-exported for the forms)
from ..domain.passwords import PASSWORD_MIN  # noqa: F401
from ..extensions import db
from ..models import User
from ..models._base import utcnow
from . import audit
from . import sessions
from . import throttle

# No 0/O, 1/I/L: the code is read off paper by a 11-year-old.
SETUP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# werkzeug's scrypt (n=2**15, r=8, p=1): a memory-hard KDF, the default of Werkzeug 3. The
# config's PASSWORD_HASH_METHOD is set only by code (never the environment): the tests use a
# cheaper scrypt ("scrypt:1024:8:1") so that thousands of test accounts do not cost minutes.
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
    # THROTTLED: seconds to wait before the next try.
    retry_after: int = 0


def _method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", PASSWORD_METHOD)


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``."""
    return generate_password_hash(password, method=_method())


def _dummy_hash() -> str:
    # Checked when the username is unknown, so both answers cost one scrypt (issue 7, item 4).
    return _dummy_hash_for(_method())


@cache
def _dummy_hash_for(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def password_problem(password: str, username: str, school_name: str) -> str | None:
    """Why ``password`` may not be chosen by ``username`` of ``school_name`` (None: it may)."""
    return passwords.password_problem(
        password, username=username, school_name=school_name, common=passwords.load_common_passwords()
    )


def code_digest(code: str) -> str:
    # Keyed with SECRET_KEY, so a copy of the database alone cannot be searched for codes.
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def _user_named(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def _password_matches(user: User | None, password: str) -> bool:
    usable = user is not None and user.is_active and user.password_hash is not None
    # Same scrypt work whether or not the account exists: no enumeration by timing.
    matches = check_password_hash(user.password_hash if usable else _dummy_hash(), password)
    return usable and matches


def authenticate(
    username: str, password: str, ip: str, trusted: dict[int, str] | None = None
) -> SignInResult:
    """Check a password, slowing guessers without locking the real user out (operations/throttle).

    ``trusted`` maps user ids to the device nonces this browser's device cookie shows. A browser
    trusted for this user is judged by its own failures only; any other browser waits when the
    username or the address has failed too often. A refused attempt checks no password and
    writes nothing.
    """
    username = username.strip().lower()
    user = _user_named(username)
    nonce = (trusted or {}).get(user.id) if user is not None else None
    if nonce is not None and throttle.is_locked(throttle.device_key(nonce)):
        nonce = None
    keys = [throttle.user_key(username), throttle.ip_key(ip)]
    if nonce is None:
        wait = throttle.wait_seconds(keys)
        if wait:
            return SignInResult(SignIn.THROTTLED, retry_after=wait)
    if not _password_matches(user, password):
        throttle.record_failure([throttle.device_key(nonce)] if nonce is not None else keys)
        return SignInResult(SignIn.WRONG)
    if nonce is not None:
        throttle.forget(throttle.device_key(nonce))
    user.last_login_at = utcnow()
    db.session.commit()
    return SignInResult(SignIn.OK, user)


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
        user.setup_code_hash = code_digest(code)
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
    if not hmac.compare_digest(user.setup_code_hash, code_digest(code)):
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
    sessions.drop_sessions(user, user, "password_set")
    db.session.commit()


def setup_wait(username: str, ip: str) -> int:
    """Seconds before ``username`` may try another setup code from ``ip`` (0: now)."""
    return throttle.wait_seconds([throttle.user_key(username, "setup"), throttle.ip_key(ip)])


def record_failed_setup(username: str, ip: str) -> None:
    """Count a wrong setup code (its own counter: it never slows the user's sign-in)."""
    throttle.record_failure([throttle.user_key(username, "setup"), throttle.ip_key(ip)])


class PasswordChange(StrEnum):
    """The outcome of changing one's password."""

    OK = "ok"
    WRONG_CURRENT = "wrong_current"
    THROTTLED = "throttled"


def change_password(user: User, current: str, new: str, ip: str, keep: str | None) -> PasswordChange:
    """Change ``user``'s password after checking the current one, and end every other session
    (ASVS V3.3.3); the browser whose session token is ``keep`` stays signed in. The caller has
    checked ``new`` against the policy."""
    keys = [throttle.user_key(user.username, "change")]
    if throttle.wait_seconds(keys):
        return PasswordChange.THROTTLED
    if not _password_matches(user, current):
        throttle.record_failure(keys)
        return PasswordChange.WRONG_CURRENT
    user.password_hash = hash_password(new)
    user.setup_code_hash = None
    user.setup_code_expires_at = None
    audit.log(user, user.school_id, "password_changed", user)
    sessions.drop_sessions(user, user, "password_changed", keep=keep)
    db.session.commit()
    return PasswordChange.OK


def deactivate_user(actor: User | None, user: User, reason: str) -> None:
    """Stop ``user`` signing in and end all their sessions at once, audited with ``reason``.
    Their record stays (a school keeps a leaver's history)."""
    user.is_active = False
    user.setup_code_hash = None
    user.setup_code_expires_at = None
    audit.log(actor, user.school_id, "user_deactivated", user, reason=reason)
    sessions.drop_sessions(user, actor, "deactivated")
    db.session.commit()
