"""The pupil's targets: what they will do next after an event, and how it went (requirements
item 25; 002 B2, B7). Online only: these forms are not replayed from the offline outbox."""

from __future__ import annotations

import uuid

from flask import abort
from flask import flash
from flask import g
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from .. import clock
from ..domain.targets import TargetStatus
from ..htmx import redirect_or_hx
from ..operations import targets as ops
from ..queries import pupils as pupils_q
from ..queries import targets as q
from . import bp
from .target_forms import TargetForm
from .target_forms import TargetStatusForm

SAVED = {
    TargetStatus.ACHIEVED: "Well done! Your target is marked as done.",
    TargetStatus.DROPPED: "Your target is marked as not doing it any more.",
    TargetStatus.OPEN: "Your target is back on your list.",
}


def _list(status: int = 200, problem: str | None = None):
    targets = q.targets_of(g.pupil)
    return render_template(
        "pupil/targets.html", targets=targets, today=clock.today(), problem=problem
    ), status


@bp.get("/targets")
def targets():
    """The pupil's targets: open ones first, by the date they will check how it went."""
    return _list()


def _entry_or_404(value: str | None):
    """The pupil's own entry ``value`` (a uuid) names, None when it names none; 404 for a
    damaged uuid or anyone else's entry."""
    if not value:
        return None
    try:
        entry_uuid = uuid.UUID(value)
    except ValueError:
        abort(404)
    return pupils_q.own_entry_or_404(g.pupil, entry_uuid)


@bp.route("/targets/new", methods=["GET", "POST"])
def target_new():
    """Set a target, optionally after one of the pupil's entries (``?entry=<uuid>``)."""
    form = TargetForm()
    entry = _entry_or_404(form.entry.data if form.is_submitted() else request.args.get("entry"))
    if not form.is_submitted():
        form.entry.data = str(entry.client_uuid) if entry else ""
    elif form.validate():
        ops.set_target(g.pupil, current_user, form.text.data, form.review_on.data, entry)
        flash("Your target is saved.", "success")
        return redirect_or_hx(url_for("pupil.targets"))
    status = 422 if form.errors else 200
    return render_template(
        "pupil/target_form.html", form=form, entry=entry, today=clock.today()
    ), status


@bp.post("/targets/<int:target_id>/status")
def target_status(target_id: int):
    """Mark one of the pupil's targets done, dropped or open again; 404 for anyone else's."""
    target = q.target_of_or_none(g.pupil, target_id)
    if target is None:
        abort(404)
    form = TargetStatusForm()
    if not form.validate_on_submit():
        return _list(422, "That did not work. Choose one of the buttons.")
    ops.update_status(target, current_user, form.to_status())
    flash(SAVED[form.to_status()], "success")
    return redirect_or_hx(url_for("pupil.targets", _anchor=f"target-{target.id}"))
