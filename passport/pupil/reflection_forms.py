"""The pupil's forms on a reflection's thread: share it or stop sharing, and answer a comment
(issue 8 item 3). Plain words (requirements item 43)."""

from __future__ import annotations

import uuid

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf

from ..formfields import thread_post_form
from ..models.entries import COMMENT_MAX


class ShareForm(FlaskForm):
    """Let the staff who support the pupil read the reflection ("yes"), or stop ("no")."""

    share = HiddenField(validators=[AnyOf(["yes", "no"], message="Choose to share it or keep it private.")])


# The pupil's answer in the thread; ``op`` makes a double tap post it once.
AnswerForm = thread_post_form("Your answer", "Write your answer first.", "answer", COMMENT_MAX)


def fresh_answer_form() -> AnswerForm:
    """An empty answer form with a new operation id."""
    form = AnswerForm(formdata=None)
    form.op.data = str(uuid.uuid4())
    return form
