"""The local-authority sharing form, the same words for a parent and for a pupil of 16 or over
(requirements item 36; 001 ¶37)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from .formfields import options


class LaSharingForm(FlaskForm):
    share = RadioField(
        "What may school share with the local authority's service for young people?",
        choices=options([
            ("all", "What helps with plans after school: plans, offers and whether help is needed"),
            ("basic", "Only name, address and date of birth"),
        ]),
        validators=[InputRequired("Choose one.")],
    )


def la_form_for(pupil) -> LaSharingForm:
    """The form showing the pupil's current choice."""
    return LaSharingForm(formdata=None, data={"share": "basic" if pupil.la_basic_only else "all"})
