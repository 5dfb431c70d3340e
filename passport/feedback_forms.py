"""The feedback form after an event, the same for a pupil, a parent or carer and an organisation
(issue 10 item 6): a rating from 1 to 5, as radio buttons in a fieldset, and an optional
sentence."""

from __future__ import annotations

import uuid

from wtforms import HiddenField
from wtforms import RadioField
from wtforms import TextAreaField
from wtforms.validators import AnyOf
from wtforms.validators import InputRequired
from wtforms.validators import Length

from .domain.feedback import COMMENT_MAX
from .domain.feedback import RATINGS
from .formfields import ascii_int
from .formfields import OperationForm
from .formfields import options

CHOOSE = "Choose a rating from 1 to 5."


class FeedbackForm(OperationForm):
    """``op`` (made with the page) makes a double tap, or a pupil's phone replaying the form
    saved offline, one save (operations.feedback.by_pupil)."""

    comment_max = COMMENT_MAX
    rating = RadioField(
        "How was it?",
        choices=options((str(n), f"{n}: {words}") for n, words in RATINGS.items()),
        validators=[InputRequired(CHOOSE), AnyOf([str(n) for n in RATINGS], message=CHOOSE)],
        validate_choice=False,
    )
    comment = TextAreaField(
        "In a sentence, why? (optional)",
        validators=[Length(max=COMMENT_MAX, message=f"Keep it to {COMMENT_MAX} characters or fewer.")],
    )

    # The version of the feedback the form started from (0: none yet); checked for a pupil's.
    version = HiddenField()

    @property
    def op_uuid(self) -> uuid.UUID:
        return uuid.UUID(self.op.data)

    @property
    def version_number(self) -> int | None:
        """The version the form started from, or None when it does not say (do not check)."""
        return ascii_int(self.version.data)


def feedback_form(row=None, **kw) -> FeedbackForm:
    """An empty form, or one showing what was given before (``row``), with a fresh ``op``."""
    form = FeedbackForm(formdata=None, **kw)
    if row is not None:
        form.rating.data, form.comment.data = str(row.rating), row.comment
    form.version.data = str(row.version if row is not None else 0)
    form.op.data = str(uuid.uuid4())
    return form
