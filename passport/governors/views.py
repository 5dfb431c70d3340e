"""The governors' page. Views load, authorise (passport/access.py), call, render."""

from __future__ import annotations

from flask import render_template
from flask import request
from flask_login import current_user

from .. import clock
from ..domain import reports as rules
from ..queries import reports as q
from . import bp


@bp.get("/")
def home():
    """The cohort report's shares, anonymised: no names, no group under SUPPRESS_BELOW, and
    none that could pick out a pupil in a small group (domain/reports.shown_to_governors);
    every figure from what is already recorded."""
    verified_only = request.args.get("verified") == "1"
    years = q.cohort(current_user.school, clock.today(), verified_only=verified_only)
    return render_template(
        "governors/home.html", years=years, verified_only=verified_only, groups=rules.GROUPS,
        shown=rules.shown_to_governors, suppress_below=rules.SUPPRESS_BELOW,
    )
