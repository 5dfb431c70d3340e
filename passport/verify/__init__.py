"""Public verification: anyone can check a pupil's proof link, without an account."""

from flask import Blueprint

bp = Blueprint("verify", __name__)


@bp.after_request
def public_page(response):
    """Proof pages are for the person the pupil gave the link to: not for shared caches or
    search engines."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


from . import views  # noqa: E402,F401
