"""The careers leader's review of an event's late check-ins (issue 7, item 1): accept one, or
reject it with a reason the pupil sees. The list itself is on the event page (events.py)."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import url_for
from flask_login import current_user

from ..htmx import redirect_or_hx
from ..operations import checkin_review as ops
from ..queries.late_checkins import late_claim_or_none
from . import bp
from .events import _event_or_404
from .events import _event_page
from .events import _private
from .forms import ActionForm
from .forms import OrganisationForm
from .forms import RejectForm


def _claim_or_404(event_id: int, claim_id: int):
    """The careers leader's own event's claim; 404 for any other (never 403)."""
    event = _event_or_404(event_id)
    if claim_id > 2**63 - 1:  # no database id is that large (and SQLite cannot even compare it)
        abort(404)
    claim = late_claim_or_none(event, claim_id)
    if claim is None:
        abort(404)
    return event, claim


DAMAGED = "This form is damaged. Reload the page and try again."


def _refused(event, claim_id: int, message: str, reason: str | None):
    """The event page again (422), the message beside the claim and the reason as typed."""
    response = _event_page(
        event, OrganisationForm(), status=422,
        late_error={"claim": claim_id, "message": message, "reason": reason or ""},
    )
    return _private(response)


def _back(event):
    return redirect_or_hx(url_for("staff.event", event_id=event.id, _anchor="late-checkins"))


@bp.post("/events/<int:event_id>/late/<int:claim_id>/accept")
def late_checkin_accept(event_id: int, claim_id: int):
    """Accept a late check-in: it stays on the pupil's passport, marked reviewed."""
    event, claim = _claim_or_404(event_id, claim_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        ops.accept_late_checkin(claim, current_user)
    except ops.CannotReview as problem:
        flash(str(problem), "error")
    else:
        flash("Check-in accepted.", "success")
    return _back(event)


@bp.post("/events/<int:event_id>/late/<int:claim_id>/reject")
def late_checkin_reject(event_id: int, claim_id: int):
    """Reject a late check-in with a reason: the pupil's entry shows it as not confirmed."""
    event, claim = _claim_or_404(event_id, claim_id)
    form = RejectForm()
    if not form.validate_on_submit():
        message = " ".join(m for name, ms in form.errors.items() for m in ms if name != "csrf_token")
        return _refused(event, claim.id, message or DAMAGED, form.reason.data)
    try:
        ops.reject_late_checkin(claim, current_user, form.reason.data)
    except (ops.CannotReview, ValueError) as problem:
        return _refused(event, claim.id, str(problem), form.reason.data)
    flash("Check-in rejected. The pupil sees your reason.", "success")
    return _back(event)
