"""An organisation's feedback on the event it came to, through its verifier link (issue 10
item 6; requirements item 19: "evaluate the activity"): from the event's start until 28 days
after it; one per organisation, changed by giving it again."""

from __future__ import annotations

from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from .. import clock
from ..domain import feedback as feedback_rules
from ..domain.feedback import FeedbackFrom
from ..domain.verifier import LinkState
from ..feedback_forms import feedback_form
from ..feedback_forms import FeedbackForm
from ..models import EventOrganisation
from ..operations import feedback as feedback_ops
from ..queries import feedback as feedback_q
from . import bp
from . import session as verifier_session
from .views import _problem
from .views import LINK_PROBLEMS
from .views import NOT_A_VERIFIER
from .views import PUPIL_REFUSED


def feedback_problem(org: EventOrganisation):
    """Why the organisation cannot give feedback now (a response), or None when it can."""
    event = org.event
    if org.revoked_at is not None:
        return _problem(*LINK_PROBLEMS[LinkState.REVOKED])
    if event.cancelled_at is not None:
        return _problem(*LINK_PROBLEMS[LinkState.CANCELLED])
    state = feedback_rules.window(event.starts_at, event.ends_at, clock.utcnow())
    if state is feedback_rules.Window.NOT_YET:
        return _problem(403, feedback_ops.WINDOW_WORDS[state])
    if state is feedback_rules.Window.CLOSED:
        return _problem(410, "Feedback on this event is closed. Thank you for coming.")
    return None


def _feedback_page(org, form, status: int = 200, problem: str | None = None):
    response = make_response(render_template(
        "employer/feedback.html", org=org, form=form, problem=problem,
        closes=feedback_rules.closes_at(org.event.ends_at),
    ), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/v/feedback", methods=["GET", "POST"])
def feedback():
    """The organisation's feedback on the event, through its link: how it went, in a sentence.
    One per organisation; giving it again changes it."""
    if verifier_session.is_pupil():
        return _problem(403, PUPIL_REFUSED)
    org = verifier_session.organisation()
    if org is None:
        return render_template("employer/not_verifier.html", message=NOT_A_VERIFIER), 403
    if (problem := feedback_problem(org)) is not None:
        return problem
    giver = feedback_rules.key_of(FeedbackFrom.EMPLOYER, organisation_id=org.id)
    form = FeedbackForm()
    if not form.is_submitted():
        given = feedback_q.given(org.event, giver)
        if request.args.get("sent") and given is not None:
            response = make_response(render_template("employer/feedback_sent.html", org=org))
            response.headers["Cache-Control"] = "no-store"
            return response
        return _feedback_page(org, feedback_form(given))
    if not form.validate():
        return _feedback_page(org, form, 422)
    try:
        feedback_ops.by_organisation(org, int(form.rating.data), form.comment.data or "")
    except feedback_ops.FeedbackRefused as refused:
        return _feedback_page(org, form, 422, problem=str(refused))
    return redirect(url_for("employer.feedback", sent=1), 303)
