"""``/healthz``: answers without a session or a database query."""

from flask import jsonify

from . import bp


@bp.get("/healthz")
def healthz():
    """Always 200 while the process serves requests; no personal data, no cookies."""
    response = jsonify(status="ok")
    response.headers["Cache-Control"] = "no-store"
    return response
