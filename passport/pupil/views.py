"""The pupil's pages. Views load, authorise (passport/access.py; the pupil's own records), call, render."""

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
from ..documents.download import attachment
from ..documents.statement import render_statement_pdf
from ..domain.kinds import EntryKind
from ..domain.kinds import KINDS
from ..htmx import is_htmx
from ..htmx import redirect_or_hx
from ..htmx import render_page_or_block
from ..htmx import trigger
from ..operations import entries as ops
from ..queries import entitlement as entitlement_q
from ..queries import pupils as q
from . import bp
from .forms import answers_of
from .forms import entry_form_for
from .forms import EntryForm
from .forms import op_of
from .forms import reflection_form
from .forms import SHARE_HINT
from .forms import shared_of
from .forms import typed_words
from .forms import version_of
from .reflections import entry_page
from .reflections import thread_context


@bp.before_request
def load_pupil():
    """Every view here acts for the signed-in pupil, in their own school only."""
    g.pupil = current_user.pupil
    if g.pupil is None or g.pupil.school_id != current_user.school_id:
        abort(403)


def _entry_form(kind: EntryKind) -> EntryForm:
    return entry_form_for(g.pupil, kind)


def _kind_or_none(value: str | None) -> EntryKind | None:
    try:
        return EntryKind(value)
    except ValueError:
        return None


@bp.get("/")
def home():
    """What is done, what is next, what is overdue, in plain words, and this year's entitlement
    statement (issue 10 item 4)."""
    today = clock.today()
    home = q.home(g.pupil, today)
    years = entitlement_q.years_of(g.pupil, today, progress=home.progress)
    this_year = next((y for y in years if y.current), None)
    return render_template("pupil/home.html", home=home, this_year=this_year)


@bp.get("/entitlement.pdf")
def statement_pdf():
    """This year's entitlement statement as a one-page PDF (issue 10 item 4)."""
    return attachment(render_statement_pdf(g.pupil, clock.today()), "entitlement.pdf")


@bp.get("/timeline")
def timeline():
    """Every entry, grouped by school year."""
    entries = q.entries_of(g.pupil)
    return render_template("pupil/timeline.html", years=q.timeline(g.pupil, entries, clock.today()))


@bp.route("/entries/new", methods=["GET", "POST"])
def entry_new():
    """Choose a kind, then fill in its form; saving is idempotent on the form's client_uuid."""
    kind = _kind_or_none(request.values.get("kind"))
    if kind is None:
        status = 404 if request.values.get("kind") else 200
        return render_template("pupil/choose_kind.html", unknown=request.values.get("kind")), status
    form = _entry_form(kind)
    if not form.is_submitted():
        form.client_uuid.data = str(uuid.uuid4())
        form.occurred_on.data = clock.today()
    elif form.validate():
        try:
            entry, _created = ops.record_entry(
                g.pupil, current_user, form.to_data(), uuid.UUID(form.client_uuid.data or str(uuid.uuid4()))
            )
        except ops.NotYours:
            abort(404)
        except ops.AlreadyApplied:
            return _gone()
        if is_htmx():
            progress = q.progress_for(g.pupil, clock.today())
            response = render_page_or_block(
                "pupil/saved.html", "saved", status=201, entry=entry, progress=progress
            )
            return trigger(response, "entrySaved", {"uuid": str(entry.client_uuid)})
        flash("Saved to your passport.", "success")
        return redirect_or_hx(url_for("pupil.entry_detail", entry_uuid=entry.client_uuid))
    status = 422 if form.errors else 200
    return render_page_or_block("pupil/entry_form.html", "form", status=status, form=form, entry=None)


@bp.get("/entries/<uuid:entry_uuid>")
def entry_detail(entry_uuid: uuid.UUID):
    """One entry with its reflection."""
    return entry_page(q.own_entry_or_404(g.pupil, entry_uuid))


def _gone():
    """The entry was deleted (or was never this pupil's): show back what they wrote, in their
    words and under the questions they answered (no field names, no operation ids)."""
    return render_page_or_block("pupil/gone.html", "gone", status=410, typed=typed_words(request.form))


@bp.route("/entries/<uuid:entry_uuid>/edit", methods=["GET", "POST"])
def entry_edit(entry_uuid: uuid.UUID):
    """Change an entry's facts; a stale version shows the saved copy beside the pupil's."""
    entry = q.own_entry_or_none(g.pupil, entry_uuid)
    if entry is None:
        return _gone() if request.method == "POST" else abort(404)
    form = _entry_form(entry.kind)
    conflict, saved = None, False
    if not form.is_submitted():
        form.load(entry)
    elif form.validate():
        try:
            ops.update_entry(
                entry, current_user, form.to_data(), version_of(form, entry.version), op_of(form)
            )
            saved = True
        except ops.AlreadyApplied:
            saved = True  # this very edit was saved before (a double tap or a retry)
        except ops.StaleVersion as stale:
            conflict = stale.current
            form.version.data = str(stale.current.version)
        except ops.Locked:
            form.form_errors.append(
                "School has confirmed this entry, so its date, kind and organisation cannot change. "
                "Ask your careers leader if something is wrong."
            )
    if saved:
        flash("Your changes are saved.", "success")
        return redirect_or_hx(url_for("pupil.entry_detail", entry_uuid=entry.client_uuid))
    status = 409 if conflict is not None else (422 if form.errors or form.form_errors else 200)
    return render_page_or_block(
        "pupil/entry_form.html", "form", status=status, form=form, entry=entry, conflict=conflict
    )


@bp.route("/entries/<uuid:entry_uuid>/delete", methods=["GET", "POST"])
def entry_delete(entry_uuid: uuid.UUID):
    """Ask, then delete. Verified entries are kept as the school's evidence."""
    entry = q.own_entry_or_404(g.pupil, entry_uuid)
    if request.method == "POST":
        try:
            ops.delete_entry(entry, current_user)
        except ops.Locked:
            flash("School has confirmed this entry, so it cannot be deleted.", "error")
            return redirect_or_hx(url_for("pupil.entry_detail", entry_uuid=entry_uuid))
        flash("Deleted.", "info")
        return redirect_or_hx(url_for("pupil.timeline"))
    return render_template("pupil/confirm_delete.html", entry=entry)


@bp.route("/entries/<uuid:entry_uuid>/reflection", methods=["GET", "POST"])
def reflection(entry_uuid: uuid.UUID):
    """Answer the reflection prompts for the entry's kind."""
    entry = q.own_entry_or_none(g.pupil, entry_uuid)
    if entry is None:
        return _gone() if request.method == "POST" else abort(404)
    previous = entry.reflection
    form = reflection_form(entry.kind, answers=previous.answers if previous else {})
    conflict, saved = None, False
    if not form.is_submitted():
        form.version.data = str(previous.version) if previous else "0"
        form.op.data = str(uuid.uuid4())
        form.share_shown.data = "1"
        form.shared_with_tutor.data = bool(previous and previous.shared_with_tutor)
    elif form.validate():
        expected = version_of(form)
        try:
            ops.save_reflection(
                entry, current_user, answers_of(form), expected, op_of(form), shared=shared_of(form)
            )
            saved = True
        except ops.AlreadyApplied:
            saved = True  # saved before by this same form (a double tap or a retry)
        except ops.StaleVersion:
            conflict = entry.reflection
            form.version.data = str(conflict.version)
    if saved:
        if is_htmx():
            context = thread_context(entry, just_saved=True)
            return render_page_or_block("pupil/entry.html", "reflection", **context)
        flash("Your reflection is saved.", "success")
        return redirect_or_hx(url_for("pupil.entry_detail", entry_uuid=entry.client_uuid))
    status = 409 if conflict is not None else (422 if form.errors else 200)
    return render_page_or_block(
        "pupil/reflection_form.html", "form", status=status, form=form, entry=entry,
        conflict=conflict, kind_info=KINDS[entry.kind], share_hint=SHARE_HINT,
    )
