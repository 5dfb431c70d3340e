"""Governors: the careers programme's figures, anonymised (issue 11 item 7; requirements item
33: "anonymised aggregates only, built from existing data with no extra staff input")."""

from flask import Blueprint

# Who may open each page: passport/access.py, checked once for every request.
bp = Blueprint("governors", __name__)

from . import views  # noqa: E402,F401
