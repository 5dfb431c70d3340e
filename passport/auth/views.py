"""Sign-in, sign-out and first-time password setup."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user

from ..models import Role
from ..operations import accounts
from ..operations import sessions
from . import bp
from . import device
from . import SESSION_KEY
from .forms import LoginForm
from .forms import SetupForm


def home_for(user) -> str:
    """Where a signed-in user starts."""
    if user.role == Role.PUPIL:
        return url_for("pupil.home")
    if user.role == Role.GOVERNOR:
        return url_for("governors.home")
    return url_for("parent.home") if user.role == Role.PARENT else url_for("staff.home")


def signed_in(user, to: str):
    """Start ``user``'s server-side session in a fresh cookie, remember this browser as theirs,
    and send them to ``to``: signing in, and a parent just signed up (parent/views.py)."""
    token = sessions.start_session(user)
    session.clear()
    login_user(user, remember=False)
    session[SESSION_KEY] = token
    session.permanent = True
    return device.remember_device(redirect(to, 303), user.id)


def _safe_next(target: str | None) -> str | None:
    # Only same-site paths: an open redirect after sign-in is a phishing tool.
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.get("/")
def index():
    """Send a visitor to sign-in, and a signed-in user to their own start page."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


def _wait_words(seconds: int) -> str:
    minutes = (seconds + 59) // 60
    return f"{seconds} seconds" if seconds < 90 else f"{minutes} minutes"


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with username and password; guessing is slowed, never a lock-out (operations/throttle)."""
    form = LoginForm()
    status = 200
    retry_after = 0
    if form.validate_on_submit():
        result = accounts.authenticate(
            form.username.data, form.password.data, request.remote_addr or "", device.trusted_nonces()
        )
        if result.outcome is accounts.SignIn.OK:
            return signed_in(result.user, _safe_next(request.args.get("next")) or home_for(result.user))
        if result.outcome is accounts.SignIn.THROTTLED:
            retry_after = result.retry_after
            form.form_errors.append(
                f"Too many wrong passwords for this username from a browser it has not signed in on. "
                f"Try again in {_wait_words(retry_after)}. On your own phone or computer you can sign in now."
            )
            status = 429
        else:
            form.form_errors.append("That username and password do not match. Check them and try again.")
            status = 401
        form.password.data = ""
    elif form.is_submitted():
        status = 422
    response = make_response(render_template("auth/login.html", form=form), status)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@bp.post("/logout")
def logout():
    """Sign out: end this browser's session on the server, and forget it here."""
    sessions.end_session(session.get(SESSION_KEY))
    logout_user()
    session.clear()
    flash("You have signed out.", "info")
    response = redirect(url_for("auth.login"), 303)
    # The HTTP cache only. Not "storage": that would wipe IndexedDB, and with it other pupils'
    # unsynced outbox items on a shared phone (issue 7, item 5). The page (static/js/sync.js)
    # already cleared this user's saved pages, outbox items and key.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Choose a password with the one-time setup code that school gave you."""
    form = SetupForm()
    status = 200
    if request.method == "GET" and request.args.get("username"):
        form.username.data = request.args["username"]
    if form.validate_on_submit():
        ip = request.remote_addr or ""
        wait = accounts.setup_wait(form.username.data, ip)
        if wait:
            form.form_errors.append(f"Too many wrong setup codes. Try again in {_wait_words(wait)}.")
            status = 429
        else:
            found = accounts.check_setup_code(form.username.data, form.code.data)
            if isinstance(found, accounts.SetupError):
                accounts.record_failed_setup(form.username.data, ip)
                form.code.errors.append(
                    "That setup code has expired. Ask your tutor for a new one."
                    if found is accounts.SetupError.EXPIRED
                    else "That username and setup code do not match, or the code has been used. "
                    "Check your slip, or ask your tutor for a new code."
                )
                status = 422
            elif problem := accounts.password_problem(form.password.data, found.username, found.school.name):
                form.password.errors.append(problem)
                status = 422
            else:
                accounts.set_password_with_code(found, form.password.data)
                flash("Your password is set. Sign in with it now.", "success")
                return redirect(url_for("auth.login"), 303)
    elif form.is_submitted():
        status = 422
    form.password.data = form.confirm.data = ""
    return render_template("auth/setup.html", form=form), status
