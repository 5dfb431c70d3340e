"""Slowing password and setup-code guessing without locking anybody out (issue 7, item 4).

OWASP's "Blocking Brute Force Attacks" device-cookie pattern: a browser that has signed in as
a user before (it shows a signed device cookie for that user) is judged on its own failures
only, so a classmate typing wrong passwords elsewhere, or the whole school behind one address,
never blocks it. Other browsers are slowed, not refused for good: after LOGIN_MAX_FAILURES
failures for a username (LOGIN_IP_MAX_FAILURES from one address) each further failure asks
for a wait that doubles from LOGIN_BACKOFF_SECONDS up to LOGIN_BACKOFF_MAX_SECONDS. A trusted
browser that fails LOGIN_MAX_FAILURES times itself is treated as unknown for a while.

Bounded writes: one row per key (``user:``, ``ip:``, ``device:``, ``setup:``), updated in
place; an attempt refused while waiting writes nothing; idle rows are pruned.
"""

from __future__ import annotations

import math
from datetime import datetime
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..extensions import db
from ..models import LoginThrottle

PRUNE_AFTER = timedelta(days=1)


def user_key(username: str, prefix: str = "user") -> str:
    return f"{prefix}:{username.strip().lower()[:150]}"


def ip_key(ip: str) -> str:
    return f"ip:{ip[:64]}"


def device_key(nonce: str) -> str:
    return f"device:{nonce[:64]}"


def _threshold(key: str) -> int:
    config = current_app.config
    return config["LOGIN_IP_MAX_FAILURES"] if key.startswith("ip:") else config["LOGIN_MAX_FAILURES"]


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def _is_stale(row: LoginThrottle, now: datetime) -> bool:
    # A quiet window after the last failure (or after the wait it caused) forgets the count.
    return max(row.last_failure_at, row.blocked_until or row.last_failure_at) + _window() <= now


def wait_seconds(keys: list[str]) -> int:
    """How long the slowest of ``keys`` must still wait (0: go ahead). Reads only."""
    now = clock.utcnow()
    rows = db.session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys))).all()
    waits = [(row.blocked_until - now).total_seconds() for row in rows if row.blocked_until]
    return max([0, *(math.ceil(w) for w in waits if w > 0)])


def is_locked(key: str) -> bool:
    """Whether a device key has failed too often to be trusted just now."""
    row = db.session.get(LoginThrottle, key)
    return row is not None and not _is_stale(row, clock.utcnow()) and row.failures >= _threshold(key)


def record_failure(keys: list[str]) -> None:
    """Count one failure against each of ``keys`` and set their waits; commits. A concurrent
    first failure for the same key (a unique clash) is retried once, then dropped."""
    for attempt in (1, 2):
        try:
            _count(keys)
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                return


def _count(keys: list[str]) -> None:
    now = clock.utcnow()
    config = current_app.config
    rows = {r.key: r for r in db.session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))}
    for key in keys:
        row = rows.get(key)
        if row is None:
            row = LoginThrottle(key=key, failures=0, last_failure_at=now)
            db.session.add(row)
        elif _is_stale(row, now):
            row.failures, row.blocked_until = 0, None
        row.failures += 1
        row.last_failure_at = now
        over = row.failures - _threshold(key)
        if over >= 0 and not key.startswith("device:"):
            grown = config["LOGIN_BACKOFF_SECONDS"] * 2 ** min(over, 20)
            seconds = min(grown, config["LOGIN_BACKOFF_MAX_SECONDS"])
            row.blocked_until = now + timedelta(seconds=seconds)
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.last_failure_at < now - PRUNE_AFTER,
            or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < now),
        )
    )


def forget(key: str) -> None:
    """Clear one key's failures (a trusted browser that has just signed in); in the caller's
    transaction."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
