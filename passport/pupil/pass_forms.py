"""The pupil's pass and sharing forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField

from ..formfields import options

SHARE_OPTIONS = (
    ("first_name", "My first name and the first letter of my surname (for example, Amy J.)"),
    ("full_name", "My full name"),
    ("none", "No name at all"),
)


class ReplacePassForm(FlaskForm):
    """Only the CSRF token: replacing the pass is one button."""


class ShareNameForm(FlaskForm):
    share_name = RadioField(
        "What should your proof links say your name is?", choices=options(SHARE_OPTIONS), default="first_name"
    )
