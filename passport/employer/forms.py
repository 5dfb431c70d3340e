"""The employer's one form: "this pupil spoke with us", with an optional one-line comment."""

from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms import StringField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError

from ..operations.employer import COMMENT_MAX


class ConfirmForm(FlaskForm):
    """``op`` is the form's operation id (made with the page, so a double tap, a retry or an
    offline replay is one confirmation). ``who`` ("Amy, Year 9") only labels the item in the
    phone's outbox; the server ignores it."""

    op = HiddenField(validators=[InputRequired("This form is damaged. Scan the pass again.")])
    who = HiddenField()
    comment = StringField(
        "Anything to add? (optional, one line)",
        validators=[Length(max=COMMENT_MAX, message=f"Keep this under {COMMENT_MAX} characters.")],
    )

    def validate_op(self, field) -> None:
        try:
            uuid.UUID(field.data or "")
        except ValueError:
            raise ValidationError("This form is damaged. Scan the pass again.") from None

    @property
    def op_uuid(self) -> uuid.UUID:
        return uuid.UUID(self.op.data)
