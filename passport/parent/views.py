"""The parent's pages. Views load, authorise (passport/access.py; the parent's own links), call,
render. A parent reads only children linked to them, and of each only the statement, the
activities that met it, upcoming events and the guidance the child shares with parents: never
reflections, tutor-only data or sensitive flags (requirements item 30)."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from .. import clock
from ..auth.views import signed_in
from ..documents.download import attachment
from ..documents.download import pupil_filename
from ..documents.statement import render_statement_pdf
from ..domain import feedback as feedback_rules
from ..domain.entitlement import ROUTE_LINKS
from ..domain.feedback import FeedbackFrom
from ..extensions import db
from ..feedback_forms import feedback_form
from ..feedback_forms import FeedbackForm
from ..la_forms import la_form_for
from ..la_forms import LaSharingForm
from ..models import Event
from ..models import Role
from ..operations import feedback as feedback_ops
from ..operations import la_sharing as la_ops
from ..operations import parents as ops
from ..queries import entitlement as statements
from ..queries import feedback as feedback_q
from ..queries import parents as q
from . import bp
from .forms import LinkForm
from .forms import SignUpForm


def _wait_words(seconds: int) -> str:
    return f"{seconds} seconds" if seconds < 90 else f"{(seconds + 59) // 60} minutes"


def _checked_code(form, email: str):
    """The code's row, or None with the problem put on the form (and the try counted)."""
    ip = request.remote_addr or ""
    if wait := ops.wait(email, ip):
        form.code.errors.append(f"Too many wrong codes. Try again in {_wait_words(wait)}.")
        return None
    row = ops.find_code(form.code.data)
    if isinstance(row, ops.CodeProblem):
        ops.record_failure(email, ip)
        form.code.errors.append(ops.CODE_MESSAGES[row])
        return None
    return row


@bp.route("/start", methods=["GET", "POST"])
def sign_up():
    """A parent or carer makes their account with the code on the letter from school."""
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("parent.link") if current_user.role == Role.PARENT else url_for("auth.index"))
    form = SignUpForm()
    status = 200
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:20]
    if form.validate_on_submit():
        status = 422
        if ops.email_taken(form.email.data):
            form.email.errors.append(
                "There is already an account with this email. Sign in, then add your child with this code."
            )
        elif (row := _checked_code(form, form.email.data)) is not None:
            parent = ops.sign_up(row, ops.NewParent(
                form.first_name.data, form.last_name.data, form.email.data, form.password.data
            ))
            response = signed_in(parent, url_for("parent.home"))
            flash(f"Welcome. You can now see {row.pupil.user.first_name}'s careers entitlement.", "success")
            return response
    elif form.is_submitted():
        status = 422
    form.password.data = form.confirm.data = ""
    return render_template("parent/sign_up.html", form=form), status


@bp.get("/")
def home():
    """The children linked to this parent; with one child, their statement at once."""
    links = q.links_of(current_user)
    if len(links) == 1:
        return redirect(url_for("parent.child", link_id=links[0].id))
    return render_template("parent/home.html", links=links, form=LinkForm())


@bp.route("/link", methods=["GET", "POST"])
def link():
    """Link another child (at this school or another school of the trust) with their letter's code."""
    form = LinkForm()
    status = 200
    if form.validate_on_submit():
        status = 422
        if (row := _checked_code(form, current_user.username)) is not None:
            result = ops.link_child(current_user, row)
            if isinstance(result, ops.CodeProblem):
                form.code.errors.append(ops.CODE_MESSAGES[result])
            else:
                flash(f"{row.pupil.user.first_name} is linked to your account.", "success")
                return redirect(url_for("parent.child", link_id=result.id), 303)
    elif form.is_submitted():
        status = 422
    return render_template("parent/link.html", form=form), status


def _link_or_404(link_id: int):
    found = q.link_of_or_none(current_user, link_id)
    if found is None:
        abort(404)
    return found


@bp.get("/children/<int:link_id>/entitlement.pdf")
def child_pdf(link_id: int):
    """This year's statement as a one-page PDF to print."""
    pupil = _link_or_404(link_id).pupil
    name = pupil_filename("entitlement", pupil.user.first_name, pupil.user.last_name)
    return attachment(render_statement_pdf(pupil, clock.today()), name)


@bp.get("/children/<int:link_id>")
def child(link_id: int):
    """One child's entitlement: this year's statement and past years', each item done (with the
    activity, its date and whether the school verified it), still to come or missed."""
    found = _link_or_404(link_id)
    pupil = found.pupil
    statement = statements.statement_of(pupil, clock.today(), clock.utcnow())
    return _child_page(found, statement)


def _giver(found) -> str:
    return feedback_rules.key_of(FeedbackFrom.PARENT, author_id=found.parent_id, pupil_id=found.pupil_id)


def _child_page(found, statement, la_form: LaSharingForm | None = None, status: int = 200):
    pupil = found.pupil
    la_form = la_form or la_form_for(pupil)
    response = make_response(render_template(
        "parent/child.html", link=found, pupil=pupil, statement=statement, links=ROUTE_LINKS,
        others=[other for other in q.links_of(current_user) if other.id != found.id],
        la_form=la_form, parent_chooses=la_ops.may_choose(current_user, pupil, clock.today()),
        to_rate=feedback_q.open_events_of(pupil, clock.utcnow(), _giver(found)),
    ), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/children/<int:link_id>/la-sharing")
def la_sharing(link_id: int):
    """The parent's choice of what school shares with the local authority, while the child is
    under 16 (requirements item 36; 001 ¶37)."""
    found = _link_or_404(link_id)
    form = LaSharingForm()
    if not form.validate_on_submit():
        statement = statements.statement_of(found.pupil, clock.today(), clock.utcnow())
        return _child_page(found, statement, form, 422)
    try:
        la_ops.set_choice(current_user, found.pupil, form.share.data == "basic", clock.today())
    except la_ops.NotTheirChoice:
        abort(403)
    flash("Your choice is saved.", "success")
    return redirect(url_for("parent.child", link_id=link_id, _anchor="la-sharing"), 303)


def _event_of_child_or_404(found, event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or event.school_id != found.pupil.school_id or not feedback_ops.went(found.pupil, event):
        abort(404)
    return event


def _feedback_page(found, event, form, status: int = 200, problem: str | None = None):
    state = feedback_rules.window(event.starts_at, event.ends_at, clock.utcnow())
    response = make_response(render_template(
        "parent/feedback.html", link=found, pupil=found.pupil, event=event, form=form, problem=problem,
        state=state, closes=feedback_rules.closes_at(event.ends_at), window_words=feedback_ops.WINDOW_WORDS,
    ), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/children/<int:link_id>/events/<int:event_id>/feedback", methods=["GET", "POST"])
def feedback(link_id: int, event_id: int):
    """A parent's or carer's feedback on an event their child went to (requirements item 42)."""
    found = _link_or_404(link_id)
    event = _event_of_child_or_404(found, event_id)
    form = FeedbackForm()
    if not form.is_submitted():
        return _feedback_page(found, event, feedback_form(feedback_q.given(event, _giver(found))))
    if not form.validate():
        return _feedback_page(found, event, form, 422)
    try:
        feedback_ops.by_parent(found, event, int(form.rating.data), form.comment.data or "")
    except feedback_ops.FeedbackRefused as refused:
        return _feedback_page(found, event, form, 422, problem=str(refused))
    flash("Thank you. The careers leader will read your feedback.", "success")
    return redirect(url_for("parent.child", link_id=found.id, _anchor="feedback-heading"), 303)
