"""``/api/csrf``: a fresh CSRF token and whose outbox items may be sent, for replaying the outbox.
``/api/outbox-key``: the keys that seal those owners' outbox items on the phone."""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app
from flask import jsonify
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..employer.session import sync_owner
from ..extensions import login_manager
from . import bp

# Part of every outbox key: changing it gives every owner a new key (and strands items sealed
# under the old one on phones), so it changes only with a migration plan (docs/offline.md).
OUTBOX_KEY_VERSION = "1"


def _owners() -> list[str]:
    """The outbox owners this browser's session speaks for: the signed-in user's id as a string,
    and ``"verifier:<id>"`` for an open verifier link."""
    owners = [str(current_user.id)] if current_user.is_authenticated else []
    verifier = sync_owner()
    if verifier is not None:
        owners.append(verifier)
    return owners


def outbox_key(secret: str | bytes, owner: str, version: str = OUTBOX_KEY_VERSION) -> bytes:
    """The AES-256 key sealing ``owner``'s outbox items (issue 7, item 5): HMAC-SHA256 of the
    owner and key version under the app's secret. Nothing about it is stored on the server; only
    that owner's session is ever given it."""
    secret = secret.encode() if isinstance(secret, str) else secret
    message = f"passport outbox key|v{version}|{owner}".encode()
    return hmac.new(secret, message, hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _private(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/api/csrf")
def csrf_token():
    """The token to send as ``X-CSRFToken``, and whose outbox items this browser may send:
    ``user`` is the signed-in user's id as a string, or ``"verifier:<id>"`` for an employer's
    verifier link; ``owners`` lists both when a browser has both."""
    owners = _owners()
    if not owners:
        return login_manager.unauthorized()
    return _private(jsonify(csrf_token=generate_csrf(), user=owners[0], owners=owners))


@bp.get("/api/outbox-key")
def outbox_keys():
    """``{"keys": {owner: base64url key}}`` for the owners of this session only: a phone keeps
    each owner's key only while that owner is signed in on it (static/js/outbox.js). 401 with
    no session, and the phone then forgets every key it holds."""
    owners = _owners()
    if not owners:
        return login_manager.unauthorized()
    secret = current_app.config["SECRET_KEY"]
    keys = {owner: _b64(outbox_key(secret, owner)) for owner in owners}
    return _private(jsonify(keys=keys, version=OUTBOX_KEY_VERSION))
