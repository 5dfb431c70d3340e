"""``/api/csrf``: a fresh CSRF token and whose outbox items may be sent, for replaying the outbox."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..employer.session import sync_owner
from ..extensions import login_manager
from . import bp


@bp.get("/api/csrf")
def csrf_token():
    """The token to send as ``X-CSRFToken``, and whose outbox items this browser may send:
    ``user`` is the signed-in user's id as a string, or ``"verifier:<id>"`` for an employer's
    verifier link; ``owners`` lists both when a browser has both."""
    owners = [str(current_user.id)] if current_user.is_authenticated else []
    verifier = sync_owner()
    if verifier is not None:
        owners.append(verifier)
    if not owners:
        return login_manager.unauthorized()
    response = jsonify(csrf_token=generate_csrf(), user=owners[0], owners=owners)
    response.headers["Cache-Control"] = "no-store"
    return response
