"""The form a member of staff comments on a shared reflection with (issue 8 item 3)."""

from __future__ import annotations

import uuid

from ..formfields import thread_post_form
from ..models.entries import COMMENT_MAX

# A comment the pupil reads and can answer; ``op`` makes a double click post it once.
CommentForm = thread_post_form("Your comment", "Write your comment first.", "comment", COMMENT_MAX)


def fresh_comment_form(entry_id: int) -> CommentForm:
    """An empty comment form for one entry (ids carry the entry id: no duplicates on a page)."""
    form = CommentForm(prefix=f"e{entry_id}-comment", formdata=None)
    form.op.data = str(uuid.uuid4())
    return form
