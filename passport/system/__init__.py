"""Endpoints for machines: the health check that load balancers and the offline probe use."""

from flask import Blueprint

bp = Blueprint("system", __name__)

from . import views  # noqa: E402,F401
