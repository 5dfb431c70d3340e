"""The pupil's own passport: home, timeline, entries and reflections."""

from flask import Blueprint

from ..auth import guard
from ..models import Role

bp = Blueprint("pupil", __name__)
guard(bp, [Role.PUPIL])

from . import checkin  # noqa: E402,F401
from . import pass_views  # noqa: E402,F401
from . import sync  # noqa: E402,F401
from . import views  # noqa: E402,F401
