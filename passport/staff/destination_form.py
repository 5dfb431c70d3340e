"""The careers leader's form for one leaver's destination (issue 11 item 4)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import InputRequired
from wtforms.validators import Length

from ..domain.destinations import DestinationKind
from ..formfields import AsciiDateField
from ..formfields import options


class DestinationForm(FlaskForm):
    kind = SelectField(
        "Destination",
        choices=options((k.value, k.label) for k in DestinationKind),
        validators=[InputRequired("Choose a destination.")],
    )
    detail = StringField(
        "Where (optional)", validators=[Length(max=120, message="Keep it to 120 characters.")]
    )
    left_on = AsciiDateField("Left school on", validators=[InputRequired("Enter the date they left.")])
    left_early = BooleanField("Left a programme before completing it (the local authority must be told)")
