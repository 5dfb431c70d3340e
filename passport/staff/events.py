"""The careers leader's events: the programme, one event with the organisations attending, their
verifier links and the evidence the event produced, and the forms that change them. Other staff
get 403 here; they open an event's check-in screen (checkin_screen.py) from the staff home page
or a link the careers leader gives them."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import render_template
from flask import Response
from flask import url_for
from flask_login import current_user

from ..documents.qr import qr_svg
from ..domain import event_times
from ..domain import feedback as feedback_rules
from ..domain.events import CONTENT_ITEMS
from ..domain.events import EVENT_LABELS
from ..htmx import is_htmx
from ..htmx import redirect_or_hx
from ..htmx import render_page_or_block
from ..models._base import utcnow
from ..operations import events as ops
from ..queries import events as q
from ..queries import feedback as feedback_q
from ..queries.attendance import attendance_at
from ..queries.late_checkins import late_checkins
from . import bp
from .event_forms import EventForm
from .forms import ActionForm
from .forms import OrganisationForm


@bp.context_processor
def event_helpers() -> dict:
    """Formatting for the event templates (no rules: the duty status comes from queries)."""
    return {
        "EVENT_LABELS": EVENT_LABELS,
        "event_when": lambda event: event_times.describe(event.starts_at, event.ends_at),
        "clock_time": lambda moment: event_times.clock_time(event_times.to_local(moment)),
        "time_at_event": lambda moment, event: event_times.time_on(
            moment, event_times.to_local(event.starts_at).date()
        ),
        "local_iso": lambda moment: event_times.to_local(moment).isoformat(timespec="minutes"),
        "provider_duty": q.provider_duty,
        "provider_content": q.provider_content,
        "CONTENT_ITEMS": CONTENT_ITEMS,
        "verifier_url": q.verifier_url,
        "qr_svg": qr_svg,
    }


def _event_or_404(event_id: int):
    """The event if it is the signed-in user's school's; 404 otherwise (never 403, so another
    school's event ids tell nothing)."""
    event = q.event_or_none(current_user.school_id, event_id)
    if event is None:
        abort(404)
    return event


def _private(response: Response) -> Response:
    """The page shows verifier links: no browser or proxy may keep a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/events")
def events():
    """The school's events, upcoming first, then past ones."""
    return render_template("staff/events.html", lists=q.events_of(current_user.school_id, utcnow()))


@bp.route("/events/new", methods=["GET", "POST"])
def event_new():
    """Create an event; the form comes back with every problem (422) and what was typed."""
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = ops.create_event(current_user.school, current_user, form.to_data())
        except ops.InvalidEvent as problem:
            form.form_errors.append(str(problem))
        else:
            flash("Event saved. Add the employers or providers coming.", "success")
            return redirect_or_hx(url_for("staff.event", event_id=event.id))
    status = 422 if form.errors else 200
    return render_page_or_block("staff/event_form.html", "form", status=status, form=form, event=None)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def event_edit(event_id: int):
    """Change an event (not a cancelled one)."""
    event = _event_or_404(event_id)
    form = EventForm()
    if not form.is_submitted():
        form.load(event)
    elif form.validate():
        try:
            ops.update_event(event, current_user, form.to_data())
        except ops.InvalidEvent as problem:
            form.form_errors.append(str(problem))
        except ops.Cancelled:
            form.form_errors.append("This event was cancelled, so it cannot change.")
        else:
            flash("Your changes are saved.", "success")
            return redirect_or_hx(url_for("staff.event", event_id=event.id))
    status = 422 if form.errors else 200
    return render_page_or_block("staff/event_form.html", "form", status=status, form=form, event=event)


@bp.get("/events/<int:event_id>")
def event(event_id: int):
    """One event: its facts, whether it counts towards the provider-access duty, the check-in
    screen, the pupils checked in and confirmed, and the organisations with their verifier links."""
    event = _event_or_404(event_id)
    return _private(_event_page(event, OrganisationForm()))


def _event_page(event, organisation_form: OrganisationForm, status: int = 200, **extra) -> Response:
    return render_page_or_block(
        "staff/event.html", "organisations", status=status,
        event=event, organisation_form=organisation_form,
        state=q.window_state(event, utcnow()), attendance=attendance_at(event),
        late=late_checkins(event), feedback=feedback_q.of_event(event),
        closes=feedback_rules.closes_at(event.ends_at), **extra,
    )


@bp.post("/events/<int:event_id>/organisations")
def organisation_add(event_id: int):
    """Add an employer or provider; htmx gets the updated list (or the form with its problem)."""
    event = _event_or_404(event_id)
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = ops.add_organisation(event, current_user, form.name.data, form.sector.data)
        except ops.Cancelled:
            form.form_errors.append("This event was cancelled, so no one can be added.")
        else:
            if is_htmx():
                return _private(_event_page(event, OrganisationForm(formdata=None), status=201))
            flash(f"{organisation.name} added, with their own verifier link.", "success")
            return redirect_or_hx(url_for("staff.event", event_id=event.id, _anchor=f"org-{organisation.id}"))
    return _private(_event_page(event, form, status=422))


def _organisation_or_404(event, organisation_id: int):
    organisation = q.organisation_or_none(event, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _organisation_action(event_id: int, organisation_id: int, action, message: str) -> Response:
    """Revoke or reissue a verifier link: the card for htmx, POST-redirect-GET otherwise."""
    event = _event_or_404(event_id)
    organisation = _organisation_or_404(event, organisation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        action(organisation, current_user)
    except ops.Cancelled:
        flash("This event was cancelled, so its links cannot change.", "error")
        return redirect_or_hx(url_for("staff.event", event_id=event.id))
    if is_htmx():
        return _private(
            Response(
                render_template(
                    "staff/_organisation.html", event=event, org=organisation,
                    message=message.format(name=organisation.name),
                )
            )
        )
    flash(message.format(name=organisation.name), "success")
    return redirect_or_hx(url_for("staff.event", event_id=event.id, _anchor=f"org-{organisation.id}"))


@bp.post("/events/<int:event_id>/organisations/<int:organisation_id>/revoke")
def verifier_revoke(event_id: int, organisation_id: int):
    """Stop an organisation's verifier link working."""
    return _organisation_action(
        event_id, organisation_id, ops.revoke_verifier_link, "{name}'s verifier link no longer works."
    )


@bp.post("/events/<int:event_id>/organisations/<int:organisation_id>/reissue")
def verifier_reissue(event_id: int, organisation_id: int):
    """Give an organisation a new verifier link; the old one stops working."""
    return _organisation_action(
        event_id, organisation_id, ops.reissue_verifier_link,
        "{name} has a new verifier link. The old one no longer works: send them this one.",
    )


@bp.post("/events/<int:event_id>/cancel")
def event_cancel(event_id: int):
    """Cancel an event: its check-in codes and verifier links stop working."""
    event = _event_or_404(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    ops.cancel_event(event, current_user)
    flash("The event is cancelled. Its check-in codes and verifier links no longer work.", "success")
    return redirect_or_hx(url_for("staff.event", event_id=event.id))


@bp.post("/events/<int:event_id>/checkin-secret")
def checkin_secret_rotate(event_id: int):
    """New check-in codes: every code shown, photographed or shared before stops working."""
    event = _event_or_404(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        ops.rotate_checkin_secret(event, current_user)
    except ops.Cancelled:
        flash("This event was cancelled, so it has no check-in codes.", "error")
    else:
        flash("New check-in codes made. Codes shown before now no longer work.", "success")
    return redirect_or_hx(url_for("staff.event", event_id=event.id))
