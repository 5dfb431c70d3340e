"""The pupil's forms on a reflection's thread: share it or stop sharing, and answer a comment
(issue 8 item 3). Plain words (requirements item 43)."""

from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms import TextAreaField
from wtforms.validators import AnyOf
from wtforms.validators import ValidationError

from ..models.entries import COMMENT_MAX


class ShareForm(FlaskForm):
    """Let the staff who support the pupil read the reflection ("yes"), or stop ("no")."""

    share = HiddenField(validators=[AnyOf(["yes", "no"], message="Choose to share it or keep it private.")])


class AnswerForm(FlaskForm):
    """The pupil's answer in the thread; ``op`` makes a double tap post it once."""

    comment_max = COMMENT_MAX
    op = HiddenField()
    body = TextAreaField("Your answer")

    def validate_op(self, field):
        try:
            uuid.UUID(field.data or "")
        except ValueError:
            raise ValidationError("This form is damaged. Reload the page and try again.") from None

    def validate_body(self, field):
        field.data = (field.data or "").strip()
        if not field.data:
            raise ValidationError("Write your answer first.")
        if len(field.data) > COMMENT_MAX:
            raise ValidationError(f"Keep your answer under {COMMENT_MAX} characters.")


def fresh_answer_form() -> AnswerForm:
    """An empty answer form with a new operation id."""
    form = AnswerForm(formdata=None)
    form.op.data = str(uuid.uuid4())
    return form
