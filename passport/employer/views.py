"""The verifier link, the pupil's pass as an employer sees it, the confirmation, and the replay of
confirmations saved on the employer's phone with no signal.

An employer sees a pupil's first name and year group and nothing else: no surname, no contact
details, no flags (requirements item 18: visitors are not DBS-checked).
"""

from __future__ import annotations

import uuid
from datetime import UTC

from flask import abort
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from .. import clock
from ..boundary import is_storable
from ..boundary import isolated
from ..boundary import op_label
from ..boundary import takes_json
from ..domain.eligibility import Ineligible
from ..domain.verifier import LinkState
from ..domain.verifier import MARGIN
from ..extensions import db
from ..htmx import is_htmx
from ..htmx import render_page_or_block
from ..models import Entry
from ..models import EventOrganisation
from ..operations import employer as ops
from ..operations.entries import AlreadyApplied
from ..queries import passes
from . import bp
from . import session as verifier_session
from .forms import ConfirmForm

NOT_A_VERIFIER = (
    "This is a pupil's Career Passport pass. If you are at a careers event, open the link your "
    "school gave you first."
)
UNSTORABLE = "This saved confirmation has a character that cannot be stored."
PUPIL_REFUSED = "Pupils cannot confirm encounters. This link is for the organisations at the event."
PASS_PROBLEMS = {
    passes.PassProblem.MALFORMED: (
        400, "That is not a Career Passport pass. Ask the pupil to open their pass and scan it again."
    ),
    passes.PassProblem.FORGED: (
        400, "That pass was not made by Career Passport. Ask the pupil to open their pass in the app."
    ),
    passes.PassProblem.EXPIRED: (
        410, "That pass has expired. Ask the pupil to open their pass in the app, then scan it again."
    ),
    passes.PassProblem.REPLACED: (
        410, "That pass has been replaced by a newer one. Ask the pupil to open their pass in the app."
    ),
}
OTHER_SCHOOL = (403, "That pupil is not from the school running this event, so you cannot confirm them here.")
# The event's own check-in refuses this pupil for the same reason (domain/eligibility.py).
NOT_INVITED = (
    403, "This event is not for that pupil's year group, so it cannot go on their passport. The pupil "
    "can ask their careers leader.",
)
LINK_PROBLEMS = {
    LinkState.REVOKED: (403, "The school has turned this link off. Ask the careers leader for a new one."),
    LinkState.CANCELLED: (410, "This event was cancelled, so this link no longer works."),
    LinkState.ENDED: (410, "This event has finished, so this link no longer opens pupils' passes."),
}
TOO_MANY = (
    429,
    f"This link has confirmed {ops.CONFIRM_LIMIT} pupils in the last "
    f"{int(ops.CONFIRM_PERIOD.total_seconds() // 60)} minutes. Wait a few minutes and try again.",
)


def _london(moment) -> str:
    local = moment.replace(tzinfo=UTC).astimezone(clock.LONDON)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def _problem(status: int, message: str):
    template = "employer/problem.html"
    return render_page_or_block(template, "problem", status=status, message=message, org=None)


def _link_problem(org: EventOrganisation, state: LinkState):
    if state is LinkState.NOT_YET:
        opens = _london(org.event.starts_at - MARGIN)
        return _problem(403, f"This link starts working at {opens}, half an hour before the event.")
    return _problem(*LINK_PROBLEMS[state])


@bp.context_processor
def verifier_context():
    """Employer pages name their outbox owner (``verifier:<id>``) for sync.js."""
    org = verifier_session.organisation()
    return {"verifier_owner": verifier_session.sync_owner() if org else None}


def feedback_open(org: EventOrganisation) -> bool:
    from .feedback import feedback_problem  # the feedback pages use this module's messages

    return feedback_problem(org) is None


@bp.get("/v/<secret>")
def open_link(secret: str):
    """The link the careers leader gave an organisation: start its session, then drop the
    secret from the address bar (and the history) by redirecting to the verifier's page."""
    org = db.session.scalar(select(EventOrganisation).where(EventOrganisation.verifier_secret == secret))
    if org is None:
        return _problem(404, "We do not know this link. Check it is the one your school gave you.")
    if verifier_session.is_pupil():
        return _problem(403, PUPIL_REFUSED)
    state = verifier_session.state(org)
    if state is LinkState.ENDED and feedback_open(org):
        # After the event the link still takes the organisation's feedback (issue 10 item 6).
        current = verifier_session.organisation()
        if current is None or current.id != org.id:  # a phone that confirmed pupils keeps sending them
            verifier_session.start(org, feedback_only=True)
        return redirect(url_for("employer.feedback"), 303)
    if state is not LinkState.OPEN:
        return _link_problem(org, state)
    verifier_session.start(org)
    return redirect(url_for("employer.home"), 303)


@bp.get("/v/")
def home():
    """Who this phone is confirming pupils for, and what is waiting to be sent."""
    org = verifier_session.organisation()
    state = verifier_session.state(org) if org is not None else None
    if org is not None and state is not LinkState.OPEN and not verifier_session.can_sync(org) \
            and not feedback_open(org):
        org = None
    return render_template(
        "employer/home.html", org=org, state=state, feedback_open=org is not None and feedback_open(org),
        syncing=org is not None and verifier_session.can_sync(org) and not verifier_session.feedback_only(),
    )


def _verifier_or_problem():
    """(org, None) for an organisation whose link is open now, else (None, a response)."""
    if verifier_session.is_pupil():
        return None, _problem(403, PUPIL_REFUSED)
    org = verifier_session.organisation()
    if org is None:
        return None, render_template("employer/not_verifier.html", message=NOT_A_VERIFIER)
    state = verifier_session.state(org)
    if verifier_session.feedback_only():
        return None, _problem(*LINK_PROBLEMS[LinkState.ENDED])  # opened after the event
    if state is not LinkState.OPEN:
        return None, _link_problem(org, state)
    return org, None


def _check_pass(org: EventOrganisation, token: str):
    """(pupil, None) for a good pass of a pupil at the event's school, else (None, (status,
    message))."""
    try:
        pupil = passes.pupil_for(token)
    except passes.PassError as error:
        return None, PASS_PROBLEMS[error.problem]
    refusal = ops.eligibility_of(org, pupil)
    if refusal is Ineligible.OTHER_SCHOOL:
        return None, OTHER_SCHOOL
    if refusal is Ineligible.NOT_INVITED:
        return None, NOT_INVITED
    return pupil, None


def _verifier_and_pupil(token: str):
    """(org, pupil, None) for an open verifier link and a good pass of a pupil at its school,
    else (org or None, None, the response that says why)."""
    org, problem = _verifier_or_problem()
    if problem is not None:
        return None, None, problem
    pupil, refused = _check_pass(org, token)
    if refused is not None:
        return org, None, _problem(*refused)
    return org, pupil, None


def _confirmed_entry(org, pupil) -> Entry | None:
    return ops.confirmed_entry(org, pupil)


@bp.get("/p/<token>")
def pass_page(token: str):
    """A pupil's pass. Without an open verifier link it says what it is and nothing about the
    pupil; with one, the first name, year group and the confirm form."""
    org, pupil, problem = _verifier_and_pupil(token)
    if problem is not None:
        return problem
    form = ConfirmForm()
    form.op.data = str(uuid.uuid4())
    form.who.data = f"{pupil.user.first_name}, Year {pupil.year_group}"
    return render_template(
        "employer/pass.html", org=org, pupil=pupil, token=token, form=form,
        already=_confirmed_entry(org, pupil),
    )


@bp.post("/p/<token>/confirm")
def confirm(token: str):
    """"This pupil spoke with us": one verified entry on their record, once."""
    org, pupil, problem = _verifier_and_pupil(token)
    if problem is not None:
        return problem
    form = ConfirmForm()
    if not form.validate():
        return render_page_or_block(
            "employer/pass.html", "confirm", status=422, org=org, pupil=pupil, token=token, form=form,
            already=None,
        )
    try:
        entry, now = ops.confirm_pupil(org, pupil, form.comment.data, form.op_uuid)
    except ops.TooMany:
        return _problem(*TOO_MANY)
    except (ops.LinkClosed, AlreadyApplied):
        return _problem(410, "This confirmation can no longer be made. The school may have withdrawn it.")
    template = "employer/confirmed.html"
    context = {"org": org, "pupil": pupil, "entry": entry, "new": now}
    if is_htmx():
        return render_page_or_block(template, "confirmed", **context)
    return render_template(template, **context)


def _apply(item, org: EventOrganisation) -> dict:
    """One outbox item: checked like the online form, applied by the same operation."""
    result = {"op": op_label(item)}
    fields = item.get("fields") if isinstance(item, dict) else None
    if not isinstance(item, dict) or item.get("action") != "employer.confirm" or not isinstance(fields, dict):
        return {**result, "status": "invalid", "message": "This saved confirmation is damaged."}
    texts = {k: v for k, v in fields.items() if isinstance(v, str)}
    if not all(is_storable(k) and is_storable(v) for k, v in texts.items()):
        return {**result, "status": "invalid", "message": UNSTORABLE}
    form = ConfirmForm(formdata=MultiDict(texts), meta={"csrf": False})
    if not form.validate() or texts.get("op") != item.get("op"):
        messages = " ".join(m for ms in form.errors.values() for m in ms)
        return {**result, "status": "invalid", "message": messages or "This saved confirmation is damaged."}
    pupil, refused = _check_pass(org, texts.get("token", ""))
    if refused is not None:
        return {**result, "status": "forbidden" if refused[0] == 403 else "invalid", "message": refused[1]}
    try:
        _entry, now = ops.confirm_pupil(org, pupil, form.comment.data, form.op_uuid)
    except AlreadyApplied:
        return {**result, "status": "gone", "message": "The school has withdrawn this confirmation."}
    except ops.LinkClosed:
        return {**result, "status": "invalid", "message": "This link no longer accepts confirmations."}
    return {**result, "status": "applied" if now else "duplicate"}


@bp.post("/v/sync")
@takes_json
def sync():
    """Replay confirmations saved on the employer's phone: the pupils' outbox protocol
    (docs/offline.md) with ``owner`` ``verifier:<id>`` and action ``employer.confirm``."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        abort(400)
    org = verifier_session.organisation()
    if org is None or not verifier_session.can_sync(org) or verifier_session.feedback_only():
        return jsonify(error="Open the link your school gave you again to send these."), 401
    if str(body.get("owner")) != verifier_session.owner(org):
        return jsonify(error="These confirmations were saved for another organisation's link."), 409
    if len(body["items"]) > 100:
        return jsonify(error="Send at most 100 items at a time."), 413
    results = []
    for item in body["items"]:
        try:
            results.append(isolated(_apply, item, org, passthrough=(ops.TooMany,)))
        except ops.TooMany:
            # The whole batch waits on the phone; what was applied comes back as "duplicate".
            return jsonify(error=TOO_MANY[1]), 429
    return jsonify(results=results)
