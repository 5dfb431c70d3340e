"""Parents and carers from the school's side (issue 10 item 1): letters with one-time link codes
for one pupil, a tutor group or a whole year group, shown once to print; and the careers leader
unlinking a parent. Every route loads its pupils within the signed-in member of staff's scope."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import url_for
from flask_login import current_user

from ..operations import parents as ops
from ..queries import parents as parents_q
from ..queries import staff as staff_q
from . import bp
from .forms import ActionForm
from .pupils import _pupil_or_404
from .views import _group_or_404


def _letters(pupils, title: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    codes = ops.issue_codes(current_user, pupils)
    page = render_template("staff/parent_letters.html", pupils=pupils, codes=codes, title=title)
    response = make_response(page)
    # The codes are shown once: no browser or proxy may keep a copy.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/groups/<int:group_id>/pupils/<int:pupil_id>/parent-letter", endpoint="parent_letter")
def parent_letter(group_id: int, pupil_id: int):
    """A letter home for one pupil's parent or carer (another for a second carer)."""
    _group, pupil = _pupil_or_404(group_id, pupil_id)
    return _letters([pupil], f"Letter for {pupil.user.first_name} {pupil.user.last_name}'s parent or carer")


@bp.post("/groups/<int:group_id>/parent-letters")
def group_parent_letters(group_id: int):
    """A letter home for each pupil of the group."""
    group = _group_or_404(group_id)
    return _letters(staff_q.group_pupils(group), f"Letters for parents and carers of {group.name}")


@bp.post("/years/<int:year_group>/parent-letters")
def year_parent_letters(year_group: int):
    """A letter home for each pupil of a year group (the careers leader)."""
    pupils = staff_q.year_pupils(current_user.school_id, year_group)
    if not pupils:
        abort(404)
    return _letters(pupils, f"Letters for parents and carers of Year {year_group}")


@bp.post("/groups/<int:group_id>/pupils/<int:pupil_id>/parents/<int:link_id>/unlink")
def parent_unlink(group_id: int, pupil_id: int, link_id: int):
    """The careers leader removes a parent's or carer's link to the pupil, at once."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    link = parents_q.link_of_pupil_or_none(pupil, link_id)
    if link is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        flash("That form had expired. Press the button again.", "error")
    else:
        name = link.parent.display_name
        ops.unlink(current_user, link)
        flash(f"{name} can no longer see {pupil.user.first_name}'s entitlement.", "success")
    return redirect(url_for("staff.pupil", group_id=group.id, pupil_id=pupil.id, _anchor="parents"), 303)
