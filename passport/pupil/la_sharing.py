"""A pupil of 16 or over chooses what school shares with the local authority (requirements item
36; 001 ¶37); before 16 their parent or carer does (passport/parent/views.py)."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import clock
from ..la_forms import LaSharingForm
from ..operations import la_sharing as ops
from ..queries import parents as parents_q
from . import bp


@bp.post("/la-sharing")
def la_sharing():
    form = LaSharingForm()
    if not form.validate_on_submit():
        return render_template(
            "auth/account.html", form=FlaskForm(), parents=parents_q.parents_of(g.pupil), la_form=form,
            la_chooses=True,
        ), 422
    try:
        ops.set_choice(current_user, g.pupil, form.share.data == "basic", clock.today())
    except ops.NotTheirChoice:
        abort(403)
    flash("Your choice is saved.", "success")
    return redirect(url_for("auth.account", _anchor="la-sharing"), 303)
