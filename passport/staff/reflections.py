"""Comments on a reflection a pupil shares, from the staff who may read their record (issue 8
item 3). The pupil reads them on their entry page and can answer; when they stop sharing, the
reflection and its thread leave every staff page at once."""

from __future__ import annotations

import uuid

from flask import abort
from flask import flash
from flask import render_template
from flask import url_for
from flask_login import current_user

from ..htmx import is_htmx
from ..htmx import redirect_or_hx
from ..operations import entries as entry_ops
from ..operations import reflections as ops
from ..queries import reflections as threads
from ..queries import verification as q
from . import bp
from .comment_form import CommentForm
from .comment_form import fresh_comment_form
from .pupils import _entry_or_404
from .pupils import _page
from .pupils import _pupil_or_404


def _fragment(group, pupil, entry, status: int = 200, **extra):
    """The entry's reflection section alone, as htmx swaps it."""
    shared = ops.may_read_shared(current_user, entry)
    body = render_template(
        "staff/_reflection.html", group=group, pupil=pupil, entry=entry,
        thread=threads.thread_of(entry) if shared else None,
        comment_form=extra.pop("comment_form", None) or fresh_comment_form(entry.id),
        comment_entry=entry.id, **extra,
    )
    return body, status


def _refused(group, pupil, entry, status: int, form: CommentForm, **extra):
    """The form back with its problem (the reflection block for htmx, else the whole page)."""
    if is_htmx():
        return _fragment(group, pupil, entry, status, comment_form=form, **extra)
    entries = q.entries_for_staff(pupil)
    return _page(group, pupil, entries, None, comment_forms={entry.id: form}, comment_entry=entry.id,
                 **extra), status


@bp.post("/groups/<int:group_id>/pupils/<int:pupil_id>/entries/<int:entry_id>/comments")
def reflection_comment(group_id: int, pupil_id: int, entry_id: int):
    """Comment on the pupil's shared reflection; 409 (with what was typed shown back, unsent)
    when they no longer share it, 422 with the problem when the comment is empty or too long."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    entry = _entry_or_404(pupil, entry_id)
    form = CommentForm(prefix=f"e{entry.id}-comment")
    if not ops.may_read_shared(current_user, entry):
        unsent = (form.body.data or "").strip()
        return _refused(group, pupil, entry, 409, fresh_comment_form(entry.id), unsent=unsent or None)
    if not form.validate_on_submit():
        return _refused(group, pupil, entry, 422, form)
    try:
        ops.post_comment(entry, current_user, form.body.data, uuid.UUID(form.op.data))
    except ops.CommentRefused:
        abort(409)  # unshared between the check above and the write: nothing was saved
    except entry_ops.AlreadyApplied:
        pass  # this very comment was posted before (a double click): show the thread
    except entry_ops.NotYours:
        abort(400)  # an operation id someone else used: not a form this server gave out
    message = f"Comment sent. {pupil.user.first_name} will see it on their home page."
    if is_htmx():
        return _fragment(group, pupil, entry, comment_message=message)
    flash(message, "success")
    anchor = f"reflection-{entry.id}"
    return redirect_or_hx(url_for("staff.pupil", group_id=group.id, pupil_id=pupil.id, _anchor=anchor))

