"""Signing in and out, first-time password setup, and answering requests that need a sign-in."""

from __future__ import annotations

from flask import Blueprint
from flask import jsonify
from flask import make_response
from flask import redirect
from flask import request
from flask import session
from flask import url_for
from flask_login import LoginManager

from ..models import User
from ..operations import sessions

bp = Blueprint("auth", __name__)
# The Flask session's key for the server-side session token.
SESSION_KEY = "sid"


def init_login(login_manager: LoginManager) -> None:
    """Wire Flask-Login: load the user of a live server-side session, and answer
    unauthenticated requests sensibly."""

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        # The cookie alone is not enough: its session row must still exist (issue 7, item 3),
        # so an ended session's copied cookie is refused. A remember-me cookie carries no
        # session token, so it signs nobody in.
        return sessions.user_for(session.get(SESSION_KEY), user_id)

    @login_manager.unauthorized_handler
    def unauthorized():
        login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
        # htmx and API callers get 401, never a login page that "succeeds" as their response.
        if request.headers.get("HX-Request") == "true":
            response = make_response("", 401)
            response.headers["HX-Redirect"] = login_url
            return response
        if wants_json():
            return jsonify(error="Please sign in again."), 401
        return redirect(login_url)


def wants_json() -> bool:
    """An API or sync call (JSON in or out), which must get a status, never a login page."""
    return (
        request.path.startswith("/api/")
        or request.is_json
        or request.accept_mimetypes.best == "application/json"
    )


from . import account  # noqa: E402,F401
from . import views  # noqa: E402,F401
