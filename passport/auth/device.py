"""The device cookie of OWASP's "Blocking Brute Force Attacks" pattern (issue 7, item 4).

After a successful sign-in the browser gets a signed cookie naming the user by id with a random
nonce (no name, nothing personal). Shown again at sign-in, it makes this browser "trusted" for
that user: failures typed elsewhere never slow it. A shared phone keeps the most recent
``KEEP`` users. Sent to /login only, HttpOnly, and kept at sign-out (it proves nothing alone:
a password is still needed).
"""

from __future__ import annotations

import secrets

from flask import current_app
from flask import request
from itsdangerous import BadData
from itsdangerous import URLSafeTimedSerializer

COOKIE = "passport_device"
KEEP = 8
PATH = "/login"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="passport-device-cookie")


def _max_age() -> int:
    return current_app.config["DEVICE_COOKIE_DAYS"] * 24 * 3600


def _entries() -> list[list]:
    raw = request.cookies.get(COOKIE)
    if not raw or len(raw) > 2000:
        return []
    try:
        entries = _serializer().loads(raw, max_age=_max_age())
    except (BadData, ValueError, TypeError):
        return []
    ok = isinstance(entries, list) and all(
        isinstance(e, list) and len(e) == 2 and isinstance(e[0], int) and isinstance(e[1], str)
        for e in entries
    )
    return entries[:KEEP] if ok else []


def trusted_nonces() -> dict[int, str]:
    """The users this browser has signed in as before, with its nonce for each."""
    return {user_id: nonce for user_id, nonce in _entries()}


def remember_device(response, user_id: int):
    """Add (or renew, with a fresh nonce) ``user_id`` to this browser's device cookie."""
    entries = [[user_id, secrets.token_urlsafe(12)]] + [e for e in _entries() if e[0] != user_id]
    response.set_cookie(
        COOKIE, _serializer().dumps(entries[:KEEP]), max_age=_max_age(), path=PATH,
        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax",
    )
    return response
