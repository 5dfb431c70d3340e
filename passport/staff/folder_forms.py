"""The careers leader's leavers' folder forms: the principal's letter, a year group's batch."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange

from ..formfields import AsciiIntegerField
from ..formfields import Required
from ..models.folder import LETTER_MAX


class LetterForm(FlaskForm):
    """The letter's template (checked for its merge fields by operations.folder.save_letter)."""

    letter_max = LETTER_MAX  # the template's character count
    template = TextAreaField(
        "The letter",
        validators=[
            Required("Write the letter."),
            Length(max=LETTER_MAX, message=f"Keep the letter under {LETTER_MAX} characters."),
        ],
    )
    signed_by = StringField("Signed by", validators=[Required("Say who signs the letter.")])
    signer_role = StringField(
        "Their role", validators=[Required("Say their role, such as Principal or Headteacher.")]
    )


class BatchForm(FlaskForm):
    year_group = AsciiIntegerField(
        "Year group",
        validators=[
            InputRequired("Choose a year group."),
            NumberRange(7, 13, "Choose a year group from 7 to 13."),
        ],
    )
