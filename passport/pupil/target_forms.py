"""The pupil's target forms: set a target, mark how it went (requirements item 25)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError

from .. import clock
from ..domain.targets import review_problem
from ..domain.targets import TargetStatus
from ..domain.targets import TEXT_MAX
from ..formfields import AsciiDateField
from ..formfields import Required

TEXT_MISSING = "Write what you will do next."


class TargetForm(FlaskForm):
    """A next step in the pupil's own words, and when they will check how it went."""

    text_max = TEXT_MAX  # the template's character count

    entry = HiddenField()
    text = TextAreaField(
        "What will you do next?",
        description="For example: Email the college about their open evening.",
        validators=[
            Required(TEXT_MISSING),
            Length(max=TEXT_MAX, message=f"Keep this under {TEXT_MAX} characters."),
        ],
    )
    review_on = AsciiDateField(
        "When will you check how it went?",
        description="Pick a date. Your tutor sees your targets when this date is close.",
        validators=[InputRequired("Choose a date to check how it went.")],
    )

    def validate_review_on(self, field):
        if field.data is not None:
            problem = review_problem(field.data, clock.today())
            if problem:
                raise ValidationError(problem)


class TargetStatusForm(FlaskForm):
    """Mark a target done, not doing it, or still working on it (one button each)."""

    status = HiddenField()

    def validate_status(self, field):
        if field.data not in {s.value for s in TargetStatus}:
            raise ValidationError("Choose one of the buttons.")

    def to_status(self) -> TargetStatus:
        return TargetStatus(self.status.data)
