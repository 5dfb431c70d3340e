"""Error pages that answer a full page, an htmx fragment, or JSON, as the request wants."""

from __future__ import annotations

from flask import Flask
from flask import jsonify
from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .auth import wants_json
from .htmx import is_htmx

MESSAGES = {
    400: "Something in that request was not right.",
    403: "You do not have permission to see this.",
    404: "We could not find that page. It may have been deleted.",
    405: "That page cannot be used that way.",
    413: "That file is too large.",
    429: "Too many attempts. Please wait a few minutes and try again.",
    500: "Something went wrong on our side. Nothing you did caused it.",
}


def _render(code: int, message: str):
    if wants_json():
        return jsonify(error=message), code
    template = "errors/_error.html" if is_htmx() else "errors/error.html"
    return render_template(template, code=code, message=message), code


def register(app: Flask) -> None:
    """Install the handlers for HTTP errors and for a missing or stale CSRF token."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, "This form had expired. Please go back, reload the page and try again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        # abort(400, "what was wrong") says more than the generic wording; Werkzeug's own
        # descriptions (the class default) are for developers, so the generic one is used.
        said = error.description if error.description != type(error).description else None
        return _render(code, said or MESSAGES.get(code, error.description or "Error"))
