"""A reflection's thread on the pupil's entry page: share it with the staff who support them or
stop, read their comments and answer (issue 8 item 3). Answers need a connection: the service
worker keeps no answer for later, and the page says so (docs/offline.md)."""

from __future__ import annotations

import uuid

from flask import abort
from flask import flash
from flask import g
from flask import url_for
from flask_login import current_user

from ..fetches import is_real_open
from ..htmx import is_htmx
from ..htmx import redirect_or_hx
from ..htmx import render_block
from ..htmx import render_page_or_block
from ..operations import entries as entry_ops
from ..operations import reflections as ops
from ..queries import pupils as q
from ..queries import reflections as threads
from ..queries.oversight import latest_undo
from . import bp
from .reflection_forms import AnswerForm
from .reflection_forms import fresh_answer_form
from .reflection_forms import ShareForm

SHARED = "The staff who support you can read this reflection now."
PRIVATE = "Only you can read this reflection now."


def thread_context(
    entry, answer_form: AnswerForm | None = None, new: frozenset = frozenset(), **extra
) -> dict:
    """What the entry page's reflection block shows: the thread, and the forms."""
    return dict(
        entry=entry, thread=threads.thread_of(entry) if entry.reflection else [],
        answer_form=answer_form or fresh_answer_form(), new_comments=new, **extra,
    )


def entry_page(entry):
    """The entry page; opening it reads the staff comments on its reflection (marked "New")."""
    context = thread_context(entry)
    new = frozenset(c.id for c in context["thread"] if c.read_at is None)
    if new and is_real_open():
        ops.mark_read(entry, current_user)
    context["new_comments"] = new
    return render_page_or_block("pupil/entry.html", "reflection", undo=latest_undo(entry), **context)


def _block(entry, status: int = 200, **extra):
    return render_block("pupil/entry.html", "reflection", **thread_context(entry, **extra)), status


SHARE_DAMAGED = "Something went wrong with that button. Reload the page and try again."


@bp.post("/entries/<uuid:entry_uuid>/reflection/sharing")
def reflection_sharing(entry_uuid: uuid.UUID):
    """Let the staff who support me read this reflection and comment, or stop them (at once)."""
    entry = q.own_entry_or_404(g.pupil, entry_uuid)
    if entry.reflection is None:
        abort(404)
    form = ShareForm()
    if not form.validate_on_submit():
        # A damaged form (a changed value): the reflection as it is, with what to do.
        return _page_or_block(entry, 422, share_problem=SHARE_DAMAGED)  # 422: htmx swaps it
    shared = form.share.data == "yes"
    ops.set_sharing(entry, current_user, shared)
    if is_htmx():
        return _block(entry, message=SHARED if shared else PRIVATE)
    flash(SHARED if shared else PRIVATE, "success")
    return redirect_or_hx(url_for("pupil.entry_detail", entry_uuid=entry_uuid, _anchor="reflection"))


@bp.post("/entries/<uuid:entry_uuid>/comments")
def reflection_comment(entry_uuid: uuid.UUID):
    """Answer the comments on my shared reflection; the thread back, or the form with its
    problem and what I typed (422), or 409 with what I typed shown back when I no longer share
    it."""
    entry = q.own_entry_or_404(g.pupil, entry_uuid)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _page_or_block(entry, 422, answer_form=form)
    try:
        ops.post_comment(entry, current_user, form.body.data, uuid.UUID(form.op.data))
    except ops.CommentRefused as refused:
        return _page_or_block(entry, 409, problem=str(refused), unsent=form.body.data)
    except entry_ops.AlreadyApplied:
        pass  # this very answer was posted before (a double tap): show the thread
    except entry_ops.NotYours:
        abort(400)  # an operation id someone else used: not a form this server gave out
    if is_htmx():
        return _block(entry, thread_message="Your answer is sent.")
    flash("Your answer is sent.", "success")
    return redirect_or_hx(url_for("pupil.entry_detail", entry_uuid=entry_uuid, _anchor="thread"))


def _page_or_block(entry, status: int, **extra):
    if is_htmx():
        return _block(entry, status, **extra)
    return render_page_or_block(
        "pupil/entry.html", "reflection", status=status, undo=latest_undo(entry),
        **thread_context(entry, **extra),
    )
