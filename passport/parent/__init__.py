"""Parents and carers: signing up with a letter's code, linking more children, and reading each
child's entitlement statement, read-only (issue 10; requirements items 29–30)."""

from flask import Blueprint

# Who may open each page: passport/access.py, checked once for every request.
bp = Blueprint("parent", __name__)

from . import views  # noqa: E402,F401
