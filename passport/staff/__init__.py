"""Staff pages: the careers leader's programme tools and the tutor's group."""

from flask import Blueprint

# Who may open each page: passport/access.py, checked once for every request.
bp = Blueprint("staff", __name__)

from . import admin  # noqa: E402,F401
from . import checkin_screen  # noqa: E402,F401
from . import destinations  # noqa: E402,F401
from . import ehc  # noqa: E402,F401
from . import entitlement  # noqa: E402,F401
from . import events  # noqa: E402,F401
from . import folders  # noqa: E402,F401
from . import guidance  # noqa: E402,F401
from . import imports  # noqa: E402,F401
from . import late_checkins  # noqa: E402,F401
from . import oversight  # noqa: E402,F401
from . import parents  # noqa: E402,F401
from . import pupil_sessions  # noqa: E402,F401
from . import pupils  # noqa: E402,F401
from . import reflections  # noqa: E402,F401
from . import report_exports  # noqa: E402,F401
from . import reports  # noqa: E402,F401
from . import targets  # noqa: E402,F401
from . import transfer  # noqa: E402,F401
from . import views  # noqa: E402,F401
from . import website  # noqa: E402,F401
