"""The pupil's guidance forms: tick an action done, and choose whether their tutor sees an
interview (requirements items 20, 22)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms import RadioField
from wtforms.validators import AnyOf
from wtforms.validators import InputRequired

from ..domain.kinds import ActionStatus
from ..formfields import options


class ActionTickForm(FlaskForm):
    """Mark one of the pupil's own actions done, or not done after all."""

    status = HiddenField(
        validators=[AnyOf([s.value for s in ActionStatus], message="Choose done or not done.")]
    )


class ConsentForm(FlaskForm):
    """Share an interview with the tutor, or stop sharing it. Plain words (requirements item 43)."""

    share = RadioField(
        "Can your tutor see what you and your careers adviser talked about?",
        choices=options([
            ("yes", "Yes, my tutor can see it"),
            ("no", "No, keep it between me and my careers adviser"),
        ]),
        validators=[InputRequired("Choose yes or no.")],
    )


class ParentConsentForm(FlaskForm):
    """Share an interview with the parents and carers linked to the pupil, or stop (item 24)."""

    share = RadioField(
        "Can your parents or carers see what you and your careers adviser talked about?",
        choices=options([
            ("yes", "Yes, my parents or carers can see it"),
            ("no", "No, they cannot see it"),
        ]),
        validators=[InputRequired("Choose yes or no.")],
    )
