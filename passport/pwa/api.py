"""``/api/csrf``: a fresh CSRF token and the signed-in user, for replaying the outbox."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from ..extensions import login_manager
from . import bp


@bp.get("/api/csrf")
def csrf_token():
    """The token to send as ``X-CSRFToken`` and the id the outbox items must belong to."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    response = jsonify(csrf_token=generate_csrf(), user=current_user.id)
    response.headers["Cache-Control"] = "no-store"
    return response
