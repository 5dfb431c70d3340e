"""Employers and providers at events. They have no accounts: the careers leader gives each
attending organisation a verifier link, which opens a session for that event's time window."""

from flask import Blueprint

bp = Blueprint("employer", __name__)


@bp.after_request
def public_page(response):
    """Nothing here may be kept by a shared cache or listed by a search engine."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


from . import feedback  # noqa: E402,F401
from . import views  # noqa: E402,F401
