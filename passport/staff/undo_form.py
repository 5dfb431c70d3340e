"""The form to undo a verification or a rejection: a reason is required (issue 7 item 8)."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from ..formfields import Required
from ..operations.verification import REASON_MAX

MISSING = "Say why you are undoing it: the pupil sees your reason."


class UndoForm(FlaskForm):
    """Undo a decision on an entry, saying why (the pupil sees the reason and who undid it)."""

    reason = TextAreaField(
        "Why are you undoing it?",
        validators=[
            Required(MISSING),
            Length(max=REASON_MAX, message=f"Keep the reason under {REASON_MAX} characters."),
        ],
    )

