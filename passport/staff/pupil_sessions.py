"""Staff sign a pupil out on every device (a lost or stolen phone; issue 7, item 3): the
pupil's tutor or the careers leader, same school only (the load-or-404 of pupils.py), audited."""

from __future__ import annotations

from flask import flash
from flask import redirect
from flask import url_for
from flask_login import current_user

from ..operations import sessions
from . import bp
from .forms import ActionForm
from .pupils import _pupil_or_404


@bp.post("/groups/<int:group_id>/pupils/<int:pupil_id>/sign-out-everywhere", endpoint="pupil_sign_out")
def pupil_sign_out(group_id: int, pupil_id: int):
    """End every session of the pupil; they sign in again with their password."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    if not ActionForm().validate_on_submit():
        flash("That form had expired. Press the button again.", "error")
    else:
        ended = sessions.end_all_sessions(pupil.user, current_user, "signed_out_by_staff")
        flash(
            f"{pupil.user.first_name} is signed out on every device ({ended} session(s) ended). "
            "They sign in again with their password.",
            "success",
        )
    return redirect(url_for("staff.pupil", group_id=group.id, pupil_id=pupil.id), 303)
