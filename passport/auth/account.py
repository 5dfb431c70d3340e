"""A signed-in user's own account: change the password, sign out on every device."""

from __future__ import annotations

from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_login import current_user
from flask_login import login_required
from flask_login import logout_user
from flask_wtf import FlaskForm

from .. import clock
from ..la_forms import la_form_for
from ..models import Role
from ..operations import accounts
from ..operations import la_sharing as la_ops
from ..operations import sessions
from ..queries import parents as parents_q
from . import bp
from . import SESSION_KEY
from .forms import ChangePasswordForm


@bp.get("/account")
@login_required
def account():
    """The account page: change the password, or sign out everywhere (a lost phone); a pupil
    also sees which parents and carers are linked to them (issue 10 item 1)."""
    pupil = current_user.pupil if current_user.role == Role.PUPIL else None
    if pupil is None:
        return render_template("auth/account.html", form=FlaskForm(), parents=[])
    return render_template(
        "auth/account.html", form=FlaskForm(), parents=parents_q.parents_of(pupil),
        la_form=la_form_for(pupil), la_chooses=la_ops.may_choose(current_user, pupil, clock.today()),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the password (current one first); every other session ends (issue 7, item 3)."""
    form = ChangePasswordForm(current_user)
    status = 200
    if form.validate_on_submit():
        outcome = accounts.change_password(
            current_user, form.current.data, form.password.data, request.remote_addr or "",
            keep=session.get(SESSION_KEY),
        )
        if outcome is accounts.PasswordChange.OK:
            flash("Your password is changed. Your other phones and computers are signed out.", "success")
            return redirect(url_for("auth.account"), 303)
        if outcome is accounts.PasswordChange.THROTTLED:
            form.form_errors.append("Too many wrong current passwords. Wait a few minutes and try again.")
            status = 429
        else:
            form.current.errors.append("That is not your current password.")
            status = 422
    elif form.is_submitted():
        status = 422
    form.current.data = form.password.data = form.confirm.data = ""
    return render_template("auth/change_password.html", form=form), status


@bp.route("/account/sign-out-everywhere", methods=["GET", "POST"])
@login_required
def sign_out_everywhere():
    """Ask first (GET), then end every session of this user, this browser's too (POST)."""
    form = FlaskForm()
    if request.method == "GET" or not form.validate_on_submit():
        return render_template("auth/sign_out_everywhere.html", form=form)
    sessions.end_all_sessions(current_user, current_user, "signed_out_everywhere")
    logout_user()
    session.clear()
    flash("You are signed out on every phone and computer. Sign in again here.", "info")
    response = redirect(url_for("auth.login"), 303)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
