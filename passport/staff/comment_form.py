"""The form a member of staff comments on a shared reflection with (issue 8 item 3)."""

from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms import TextAreaField
from wtforms.validators import ValidationError

from ..models.entries import COMMENT_MAX


class CommentForm(FlaskForm):
    """A comment the pupil reads and can answer; ``op`` makes a double click post it once."""

    comment_max = COMMENT_MAX
    op = HiddenField()
    body = TextAreaField("Your comment")

    def validate_op(self, field):
        try:
            uuid.UUID(field.data or "")
        except ValueError:
            raise ValidationError("This form is damaged. Reload the page and try again.") from None

    def validate_body(self, field):
        field.data = (field.data or "").strip()
        if not field.data:
            raise ValidationError("Write your comment first.")
        if len(field.data) > COMMENT_MAX:
            raise ValidationError(f"Keep your comment under {COMMENT_MAX} characters.")


def fresh_comment_form(entry_id: int) -> CommentForm:
    """An empty comment form for one entry (ids carry the entry id: no duplicates on a page)."""
    form = CommentForm(prefix=f"e{entry_id}-comment", formdata=None)
    form.op.data = str(uuid.uuid4())
    return form
