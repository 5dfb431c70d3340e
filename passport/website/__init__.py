"""The school's public careers page (issue 11 item 8; requirements item 35): what the school
must publish about its careers programme, as a page to link to or embed in its own website."""

from flask import Blueprint

# Who may open each page: passport/access.py, checked once for every request.
bp = Blueprint("website", __name__)

from . import views  # noqa: E402,F401
