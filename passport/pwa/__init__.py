"""The installable, offline app: manifest, service worker, offline page, and the sync API."""

from flask import Blueprint

bp = Blueprint("pwa", __name__)

from . import api  # noqa: E402,F401
from . import views  # noqa: E402,F401
