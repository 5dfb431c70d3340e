"""Staff forms."""

from flask_wtf import FlaskForm
from wtforms import RadioField

from ..formfields import options


class SetupCodesForm(FlaskForm):
    """Print setup codes for a tutor group."""

    who = RadioField(
        "Which pupils?",
        choices=options(
            [
                ("new", "Only pupils who have not set a password yet"),
                ("all", "Every pupil in the group (their old codes stop working)"),
            ]
        ),
        default="new",
    )
