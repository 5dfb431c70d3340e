"""Staff start page (with today's check-in screens), a tutor group's progress, and printing setup codes."""

from __future__ import annotations

from flask import abort
from flask import make_response
from flask import render_template
from flask import request
from flask_login import current_user

from .. import access
from .. import clock
from ..domain import ehc
from ..domain import review
from ..models import Role
from ..models._base import utcnow
from ..operations import accounts
from ..queries import guidance as guidance_q
from ..queries import school as school_q
from ..queries import staff as q
from ..queries import targets as targets_q
from ..queries.events import todays_events
from . import bp
from .forms import SetupCodesForm

# Staff whose pupils are those with SEND (SENCO) or in care (designated teacher), across groups.
CARE_ROLES = frozenset({Role.SENCO, Role.DESIGNATED_TEACHER})


def _group_or_404(group_id: int):
    group = q.group_or_none(current_user, group_id)
    if group is None:
        abort(404)
    return group


@bp.get("/")
def home():
    """The groups this member of staff looks after (all of them for the careers leader), the
    check-in screens of today's events, which any member of staff may open, their pupils'
    targets due for review (item 25; one query) and, for a tutor, the guidance interviews still
    to follow up. The SENCO's and the designated teacher's list links each pupil who has an EHC
    review careers summary to it (item 39)."""
    # The SENCO's and the designated teacher's own pupils, gaps first (issue 8, item 6).
    my_pupils = q.scoped_rows(current_user, clock.today()) if current_user.role in CARE_ROLES else None
    return render_template(
        "staff/home.html",
        groups=q.visible_groups(current_user),
        events=todays_events(current_user.school_id, utcnow()),
        my_pupils=my_pupils,
        ehc_summaries={
            row.pupil.id for row in my_pupils or ()
            if ehc.refusal(ehc_plan=row.pupil.ehc_plan, year_group=row.pupil.year_group) is None
        },
        due=targets_q.due_for(current_user, clock.today()),
        today=clock.today(),
        follow_ups=guidance_q.follow_ups_for(current_user) if current_user.role == Role.TUTOR else [],
    )


@bp.get("/groups/<int:group_id>")
def group(group_id: int):
    """The group's review (issue 8, item 3): pupils by criteria, who needs help most first;
    ``?verified=1`` counts only verified entries (requirements item 16)."""
    group = _group_or_404(group_id)
    verified_only = request.args.get("verified") == "1"
    today = clock.today()
    rows = q.group_rows(group, today, verified_only=verified_only)
    return render_template(
        "staff/group.html", group=group, rows=rows, form=SetupCodesForm(), verified_only=verified_only,
        columns=review.columns(row.progress for row in rows), today=today,
    )


@bp.get("/school")
def school():
    """The whole school at a glance: per year group and criterion, pupils who met it, have it
    due soon or missed it, and how many need help most, with links to the groups' reviews."""
    today = clock.today()
    return render_template(
        "staff/school.html", years=school_q.overview(current_user.school, today), today=today,
        may_open_groups=access.allowed("staff.group", current_user.role),
    )


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
