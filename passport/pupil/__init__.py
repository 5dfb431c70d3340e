"""The pupil's own passport: home, timeline, entries, reflections and targets."""

from flask import Blueprint

# Who may open each page: passport/access.py, checked once for every request.
bp = Blueprint("pupil", __name__)

from . import checkin  # noqa: E402,F401
from . import cv  # noqa: E402,F401
from . import feedback  # noqa: E402,F401
from . import folder  # noqa: E402,F401
from . import guidance  # noqa: E402,F401
from . import la_sharing  # noqa: E402,F401
from . import pass_views  # noqa: E402,F401
from . import portable  # noqa: E402,F401
from . import reflections  # noqa: E402,F401
from . import sync  # noqa: E402,F401
from . import targets  # noqa: E402,F401
from . import views  # noqa: E402,F401
