"""The pupil's feedback on an event they went to (issue 10 item 6; requirements item 42), from
the event's entry on their record. Saved offline on the phone like every pupil write."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import abort
from flask import flash
from flask import g
from flask import url_for
from flask_login import current_user

from .. import clock
from ..domain import feedback as rules
from ..domain.feedback import FeedbackFrom
from ..extensions import db
from ..feedback_forms import feedback_form
from ..feedback_forms import FeedbackForm
from ..htmx import redirect_or_hx
from ..htmx import render_page_or_block
from ..models import Event
from ..operations import entries as entry_ops
from ..operations import feedback as ops
from ..queries import feedback as q
from ..queries import pupils as pupils_q
from . import bp


def event_of_entry(entry) -> Event | None:
    """The event the entry is of, at the pupil's school, or None."""
    event = db.session.get(Event, entry.event_id) if entry.event_id else None
    return event if event is not None and event.school_id == g.pupil.school_id else None


def _page(entry, event, form, status=200, problem=None):
    state = rules.window(event.starts_at, event.ends_at, clock.utcnow())
    return render_page_or_block(
        "pupil/feedback_form.html", "form", status=status, entry=entry, event=event, form=form,
        problem=problem, state=state, closes=rules.closes_at(event.ends_at),
        window_words=ops.WINDOW_WORDS,
    )


DAMAGED = "This form is damaged. Reload the page and try again."
CHANGED = "You changed this feedback somewhere else after opening this page."


@dataclass(frozen=True)
class FeedbackState:
    """What the entry page says about feedback on the entry's event."""

    event: Event
    state: rules.Window
    given: object  # the pupil's EventFeedback, or None


def feedback_state(entry) -> FeedbackState | None:
    """For an entry of an event that is not rejected: whether feedback is open, and what the
    pupil gave (two queries; None for entries of no event)."""
    if entry.event_id is None or entry.verification.value == "rejected":
        return None
    event = event_of_entry(entry)
    if event is None or event.cancelled_at is not None:
        return None
    state = rules.window(event.starts_at, event.ends_at, clock.utcnow())
    return FeedbackState(event, state, q.given(event, rules.key_of(FeedbackFrom.PUPIL, pupil_id=g.pupil.id)))


@bp.context_processor
def feedback_helpers():
    """The entry page asks ``feedback_state(entry)``."""
    return {"feedback_state": feedback_state}


@bp.route("/entries/<uuid:entry_uuid>/feedback", methods=["GET", "POST"])
def feedback(entry_uuid: uuid.UUID):
    """Tell school how the event went: a rating and a sentence; the careers leader reads it."""
    entry = pupils_q.own_entry_or_none(g.pupil, entry_uuid)
    event = event_of_entry(entry) if entry is not None else None
    if event is None:
        abort(404)
    giver = rules.key_of(FeedbackFrom.PUPIL, pupil_id=g.pupil.id)
    form = FeedbackForm()
    if not form.is_submitted():
        return _page(entry, event, feedback_form(q.given(event, giver)))
    if not form.validate():
        return _page(entry, event, form, 422)
    try:
        ops.by_pupil(
            current_user, g.pupil, event, int(form.rating.data), form.comment.data or "", form.op_uuid,
            expected_version=form.version_number,
        )
    except entry_ops.AlreadyApplied:
        pass  # this same form was saved already (a double tap, or the phone's outbox replaying it)
    except entry_ops.NotYours:
        return _page(entry, event, form, 422, problem=DAMAGED)
    except ops.StaleFeedback:
        saved = q.given(event, giver)
        form.version.data, form.op.data = str(saved.version), str(uuid.uuid4())
        said = f"{saved.rating} out of 5" + (f": “{saved.comment}”" if saved.comment else "")
        problem = f"{CHANGED} Saved now: {said}. Send yours to replace it."
        return _page(entry, event, form, 409, problem=problem)
    except ops.FeedbackRefused as refused:
        return _page(entry, event, form, 422, problem=str(refused))
    flash("Thank you. Your careers leader will read your feedback.", "success")
    return redirect_or_hx(url_for("pupil.entry_detail", entry_uuid=entry.client_uuid))
