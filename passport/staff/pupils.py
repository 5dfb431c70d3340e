"""One pupil's entries for their tutor or the careers leader, who verify or reject the ones
the pupil reported themselves (requirements item 16). Shows what deciding needs: kind,
organisation, date, description and verification; never the sensitive flags (item 38)."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import render_template
from flask import url_for
from flask_login import current_user

from ..htmx import is_htmx
from ..htmx import redirect_or_hx
from ..htmx import render_page_or_block
from ..htmx import trigger
from ..operations import verification as ops
from ..queries import staff as staff_q
from ..queries import verification as q
from . import bp
from .forms import RejectForm
from .forms import VerifyForm


def _pupil_or_404(group_id: int, pupil_id: int):
    """The group and pupil if the signed-in staff may see them: the careers leader any group
    of their school, a tutor their own groups; 404 otherwise (another school's ids tell
    nothing). Pupils never get here: the blueprint guard answers 403."""
    group = staff_q.group_or_none(current_user, group_id)
    pupil = q.pupil_in_group_or_none(group, pupil_id) if group is not None else None
    if pupil is None:
        abort(404)
    return group, pupil


def _entry_or_404(pupil, entry_id: int):
    entry = q.entry_of_or_none(pupil, entry_id)
    if entry is None:
        abort(404)
    return entry


def _forms(entry, verify: VerifyForm | None = None, reject: RejectForm | None = None) -> dict:
    """The entry's own Verify and Reject forms; field ids carry the entry id, so a page of
    many entries has no duplicate ids."""
    prefix = f"e{entry.id}"
    return {
        "verify": verify or VerifyForm(prefix=f"{prefix}-verify", formdata=None),
        "reject": reject or RejectForm(prefix=f"{prefix}-reject", formdata=None),
    }


@bp.get("/groups/<int:group_id>/pupils/<int:pupil_id>", endpoint="pupil")
def pupil_page(group_id: int, pupil_id: int):
    """The pupil's entries, with Verify and Reject on the ones waiting for a decision."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    entries = q.entries_for_staff(pupil)
    forms = {entry.id: _forms(entry) for entry in entries}
    return render_template("staff/pupil.html", group=group, pupil=pupil, entries=entries, forms=forms)


def _decided(group, pupil, entry, message: str):
    if is_htmx():
        response = render_page_or_block(
            "staff/pupil.html", "entry",
            group=group, pupil=pupil, entry=entry, forms={entry.id: _forms(entry)}, message=message,
        )
        return trigger(response, "entryVerified", {"entry": entry.id})
    flash(message, "success")
    anchor = f"entry-{entry.id}"
    return redirect_or_hx(url_for("staff.pupil", group_id=group.id, pupil_id=pupil.id, _anchor=anchor))


def _refused(group, pupil, entry, forms: dict, status: int = 422, problem: str | None = None):
    """The form back with its problem and what was typed: the entry alone for htmx, the whole
    page otherwise."""
    if is_htmx():
        return render_page_or_block(
            "staff/pupil.html", "entry", status=status,
            group=group, pupil=pupil, entry=entry, forms={entry.id: forms}, problem=problem,
        )
    entries = q.entries_for_staff(pupil)
    all_forms = {e.id: (forms if e.id == entry.id else _forms(e)) for e in entries}
    return render_template(
        "staff/pupil.html", group=group, pupil=pupil, entries=entries, forms=all_forms,
        problem_entry=entry.id, problem=problem,
    ), status


def _decide(group_id: int, pupil_id: int, entry_id: int, which: str, decide, message: str):
    """Verify or reject (``which``) through ``decide(entry, form)``: the form back with its
    problem, 409 when no one may decide on the entry, else the decided entry."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    entry = _entry_or_404(pupil, entry_id)
    form = {"verify": VerifyForm, "reject": RejectForm}[which](prefix=f"e{entry.id}-{which}")
    if not form.validate_on_submit():
        return _refused(group, pupil, entry, _forms(entry, **{which: form}))
    try:
        decide(entry, form)
    except ops.CannotVerify as refusal:
        return _refused(group, pupil, entry, _forms(entry), status=409, problem=str(refusal))
    return _decided(group, pupil, entry, message)


@bp.post("/groups/<int:group_id>/pupils/<int:pupil_id>/entries/<int:entry_id>/verify")
def entry_verify(group_id: int, pupil_id: int, entry_id: int):
    """Confirm an entry the pupil reported themselves."""
    return _decide(
        group_id, pupil_id, entry_id, "verify",
        lambda entry, form: ops.verify_entry(entry, current_user, form.note.data),
        "Entry confirmed. The pupil can see it is verified.",
    )


@bp.post("/groups/<int:group_id>/pupils/<int:pupil_id>/entries/<int:entry_id>/reject")
def entry_reject(group_id: int, pupil_id: int, entry_id: int):
    """Say an entry cannot be confirmed, with the reason the pupil sees."""
    return _decide(
        group_id, pupil_id, entry_id, "reject",
        lambda entry, form: ops.reject_entry(entry, current_user, form.reason.data),
        "Entry not confirmed. The pupil will see your reason.",
    )
