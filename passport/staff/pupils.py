"""One pupil's entries for their tutor or the careers leader, who verify or reject the ones
the pupil reported themselves (requirements item 16). Shows what deciding needs: kind,
organisation, date, description and verification; never the sensitive flags (item 38)."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import render_template
from flask import url_for
from flask_login import current_user

from .. import access
from .. import clock
from ..domain import ehc
from ..domain import review
from ..htmx import is_htmx
from ..htmx import redirect_or_hx
from ..htmx import render_page_or_block
from ..htmx import trigger
from ..operations import verification as ops
from ..operations.record_views import note_record_view
from ..queries import oversight
from ..queries import parents as parents_q
from ..queries import pupils as pupil_q
from ..queries import reflections as threads_q
from ..queries import staff as staff_q
from ..queries import targets as targets_q
from ..queries import verification as q
from . import bp
from .comment_form import fresh_comment_form
from .forms import RejectForm
from .forms import TargetForm
from .forms import VerifyForm
from .undo_form import UndoForm

FORMS = {"verify": VerifyForm, "reject": RejectForm, "undo": UndoForm}


def _pupil_or_404(group_id: int, pupil_id: int):
    """The group and pupil if the signed-in staff may read the pupil's record
    (``access.pupil_scope``); 404 otherwise (another school's ids, or a pupil not theirs, tell
    nothing). Pupils never get here: passport/access.py answers 403."""
    pupil = staff_q.pupil_or_none(current_user, group_id, pupil_id)
    if pupil is None or pupil.tutor_group is None:
        abort(404)
    return pupil.tutor_group, pupil


def _entry_or_404(pupil, entry_id: int):
    entry = q.entry_of_or_none(pupil, entry_id)
    if entry is None:
        abort(404)
    return entry


def _forms(entry, **given) -> dict:
    """The entry's own Verify, Reject and Undo forms (``given`` replaces one with the submitted
    form); field ids carry the entry id, so a page of many entries has no duplicate ids."""
    return {
        which: given.get(which) or form(prefix=f"e{entry.id}-{which}", formdata=None)
        for which, form in FORMS.items()
    }


def reflection_context(entries, comment_forms: dict | None = None) -> dict:
    """The threads of the reflections the pupil shares now (one query; a private one is not
    there at all) and each one's comment form (``comment_forms`` replaces some)."""
    shared = threads_q.shared_threads(entries)
    given = comment_forms or {}
    return {
        "threads": shared,
        "comment_forms": {eid: given.get(eid) or fresh_comment_form(eid) for eid in shared},
    }


def _page(group, pupil, entries, forms, target_form=None, comment_forms=None, **extra):
    """The pupil page, with each entry's last undo (one query), the pupil's progress, the
    sensitive flags for the roles that may see them (requirements item 38), the pupil's
    targets (one query), with the form to set one for the staff who may (``access.VERIFIERS``),
    the reflections the pupil shares with their threads (one query), and the link to the EHC
    review careers summary for those who may open it (item 39)."""
    # Issue 7 item 8: every staff read of one pupil's record is noted (one insert, at most one
    # row per viewer, pupil and page a minute), here where the whole record is drawn, so a form
    # shown again with its problem counts too; the careers leader sees the log.
    note_record_view(current_user, pupil, "staff.pupil")
    today = clock.today()
    forms = forms or {entry.id: _forms(entry) for entry in entries}
    has_summary = ehc.refusal(ehc_plan=pupil.ehc_plan, year_group=pupil.year_group) is None
    return render_template(
        "staff/pupil.html", group=group, pupil=pupil, entries=entries, forms=forms,
        **reflection_context(entries, comment_forms),
        undos=oversight.undos_for(entries), progress=pupil_q.progress_for(pupil, today),
        review_cell=lambda criterion: review.cell(criterion, today),
        sensitive=access.may(current_user.role, access.SEE_SENSITIVE),
        targets=targets_q.targets_of(pupil),
        target_form=target_form or TargetForm(prefix="target", formdata=None),
        may_set_targets=access.may(current_user.role, access.VERIFIERS),
        ehc_summary=has_summary and access.may(current_user.role, access.EHC_SUMMARY_READERS),
        parents=parents_q.parents_of(pupil),
        may_print_letter=access.allowed("staff.parent_letter", current_user.role),
        may_unlink=access.allowed("staff.parent_unlink", current_user.role), **extra,
    )


@bp.get("/groups/<int:group_id>/pupils/<int:pupil_id>", endpoint="pupil")
def pupil_page(group_id: int, pupil_id: int):
    """The pupil's entries, with Verify and Reject on the ones waiting for a decision."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    entries = q.entries_for_staff(pupil)
    forms = {entry.id: _forms(entry) for entry in entries}
    return _page(group, pupil, entries, forms)


def _decided(group, pupil, entry, message: str):
    if is_htmx():
        response = render_page_or_block(
            "staff/pupil.html", "entry",
            group=group, pupil=pupil, entry=entry, forms={entry.id: _forms(entry)}, message=message,
            undos=oversight.undos_for([entry]), **reflection_context([entry]),
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
            undos=oversight.undos_for([entry]), **reflection_context([entry]),
        )
    entries = q.entries_for_staff(pupil)
    all_forms = {e.id: (forms if e.id == entry.id else _forms(e)) for e in entries}
    return _page(group, pupil, entries, all_forms, problem_entry=entry.id, problem=problem), status


def _decide(group_id: int, pupil_id: int, entry_id: int, which: str, decide, message: str):
    """Verify, reject or undo (``which``) through ``decide(entry, form)``: the form back with its
    problem, 409 when no one may decide on the entry, else the decided entry."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    entry = _entry_or_404(pupil, entry_id)
    form = FORMS[which](prefix=f"e{entry.id}-{which}")
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


@bp.post("/groups/<int:group_id>/pupils/<int:pupil_id>/entries/<int:entry_id>/undo")
def entry_undo(group_id: int, pupil_id: int, entry_id: int):
    """Undo a mistaken verification or rejection, with the reason the pupil sees (issue 7
    item 8). The same staff who may verify may undo: the careers leader, and the pupil's tutor."""
    return _decide(
        group_id, pupil_id, entry_id, "undo",
        lambda entry, form: ops.undo_decision(entry, current_user, form.reason.data),
        "Undone. The entry is back to what the pupil recorded, and they can see your reason.",
    )
