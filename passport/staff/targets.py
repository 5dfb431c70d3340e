"""Targets for staff (requirements item 25; 002 B2, B7): the pupil's tutor or the careers
leader sets one from the pupil's page; the due list is on the staff home (``views.home``)."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import url_for
from flask_login import current_user

from ..htmx import redirect_or_hx
from ..operations import targets as ops
from ..queries import verification as q
from . import bp
from .forms import TargetForm
from .pupils import _forms
from .pupils import _page
from .pupils import _pupil_or_404


@bp.post("/groups/<int:group_id>/pupils/<int:pupil_id>/targets")
def target_new(group_id: int, pupil_id: int):
    """Set a target for a pupil the signed-in tutor or careers leader may read (404 otherwise);
    a problem shows the pupil page again with the form, its message and what was typed (422)."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    form = TargetForm(prefix="target")
    if not form.validate_on_submit():
        entries = q.entries_for_staff(pupil)
        return _page(group, pupil, entries, {e.id: _forms(e) for e in entries}, target_form=form), 422
    try:
        ops.set_target(pupil, current_user, form.text.data, form.review_on.data)
    except ops.NotAllowed:
        abort(404)
    flash(f"Target set. {pupil.user.first_name} can see it on their targets page.", "success")
    return redirect_or_hx(url_for("staff.pupil", group_id=group.id, pupil_id=pupil.id, _anchor="targets"))
