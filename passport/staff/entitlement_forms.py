"""The careers leader's entitlement forms: change a shipped item's words or hide it, add the
school's own item with its rule."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import ValidationError

from ..domain.entitlement import ACTIVITY_KINDS
from ..domain.entitlement import NEEDED_MAX
from ..domain.entitlement import WORDING_MAX
from ..domain.kinds import KINDS
from ..formfields import options
from ..formfields import Required

_TOO_LONG = f"Use {WORDING_MAX} characters or fewer."


class DefaultItemForm(FlaskForm):
    wording = TextAreaField("Words on the statement", validators=[Length(max=WORDING_MAX, message=_TOO_LONG)])
    hidden = BooleanField("Leave this item out of the statement")


class NewItemForm(FlaskForm):
    year_group = SelectField("Year group", choices=options([(str(y), f"Year {y}") for y in range(7, 14)]),
                             validators=[InputRequired("Choose a year group.")])
    wording = TextAreaField("Words on the statement", validators=[
        Required("Write what pupils in this year will have done."),
        Length(max=WORDING_MAX, message=_TOO_LONG),
    ])
    tie = RadioField("Ticked when", choices=options([
        ("criterion", "a benchmark criterion is met"),
        ("activity", "the pupil has enough activities of one kind in that school year"),
    ]), validators=[InputRequired("Choose what ticks this item.")])
    criterion_key = SelectField("Benchmark criterion", choices=[], validate_choice=False)
    activity_kind = SelectField("Kind of activity", choices=options(
        [("", "Choose a kind")] + [(k.value, KINDS[k].label) for k in ACTIVITY_KINDS]))
    needed = IntegerField("How many", default=1, validators=[
        Optional(), NumberRange(1, NEEDED_MAX, f"Choose a number from 1 to {NEEDED_MAX}.")])

    def __init__(self, criteria: dict[str, str] | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = criteria or {}
        self.criterion_key.choices = [("", "Choose a criterion")] + list(criteria.items())
        self._criteria = criteria

    def validate_criterion_key(self, field):
        if self.tie.data == "criterion" and field.data not in self._criteria:
            raise ValidationError("Choose a criterion.")

    def validate_activity_kind(self, field):
        if self.tie.data == "activity" and field.data not in {k.value for k in ACTIVITY_KINDS}:
            raise ValidationError("Choose a kind of activity.")
