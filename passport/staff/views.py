"""Staff start page (with today's check-in screens), a tutor group's progress, and printing setup codes."""

from __future__ import annotations

from flask import abort
from flask import make_response
from flask import render_template
from flask_login import current_user

from .. import clock
from ..models import Role
from ..models._base import utcnow
from ..operations import accounts
from ..queries import guidance as guidance_q
from ..queries import staff as q
from ..queries.events import todays_events
from . import bp
from .forms import SetupCodesForm


def _group_or_404(group_id: int):
    group = q.group_or_none(current_user, group_id)
    if group is None:
        abort(404)
    return group


@bp.get("/")
def home():
    """The groups this member of staff looks after (all of them for the careers leader), and
    the check-in screens of today's events, which any member of staff may open; for a tutor,
    the guidance interviews still to follow up."""
    return render_template(
        "staff/home.html",
        groups=q.visible_groups(current_user),
        events=todays_events(current_user.school_id, utcnow()),
        follow_ups=guidance_q.follow_ups_for(current_user) if current_user.role == Role.TUTOR else [],
    )


@bp.get("/groups/<int:group_id>")
def group(group_id: int):
    """Each pupil of a group with how many Gatsby criteria they have met and missed."""
    group = _group_or_404(group_id)
    rows = q.group_rows(group, clock.today())
    return render_template("staff/group.html", group=group, rows=rows, form=SetupCodesForm())


@bp.post("/groups/<int:group_id>/setup-codes")
def setup_codes(group_id: int):
    """Issue one-time setup codes and show them once, as slips to print and cut out."""
    group = _group_or_404(group_id)
    form = SetupCodesForm()
    if not form.validate_on_submit():
        abort(400)
    users = q.group_users(group, without_password=form.who.data == "new")
    codes = accounts.issue_setup_codes(current_user, users)
    response = make_response(render_template("staff/setup_codes.html", group=group, users=users, codes=codes))
    # The codes are shown once: no browser or proxy may keep a copy.
    response.headers["Cache-Control"] = "no-store"
    return response
