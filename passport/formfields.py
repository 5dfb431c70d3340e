"""Form building blocks shared by the blueprints' forms."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from flask_wtf.file import FileRequired
from wtforms import DateField
from wtforms import DecimalField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import SelectField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import TimeField
from wtforms import widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import StopValidation
from wtforms.validators import ValidationError


class Required:
    """A required text box, for every form: surrounding spaces are dropped, and nothing but
    spaces counts as empty (WTForms' ``InputRequired`` accepts "   "). Stops the chain, so a
    blank box shows only ``message``."""

    field_flags = {"required": True}
    refuses_blank = True  # tests/test_blank_text.py finds the fields by this

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field) -> None:
        field.data = field.data.strip() if isinstance(field.data, str) else ""
        if not field.data:
            field.errors[:] = []
            raise StopValidation(self.message)


class OperationForm(FlaskForm):
    """A form whose ``op`` (a UUID made with the page) makes a double tap or a replay apply once."""

    op = HiddenField()

    def validate_op(self, field):
        try:
            uuid.UUID(field.data or "")
        except ValueError:
            raise ValidationError("This form is damaged. Reload the page and try again.") from None


def thread_post_form(label: str, missing: str, what: str, limit: int) -> type[OperationForm]:
    """A post in a reflection's thread (a staff comment, the pupil's answer): required, under
    ``limit`` characters, once per ``op``."""

    class ThreadPostForm(OperationForm):
        comment_max = limit
        too_long = f"Keep your {what} under {limit} characters."
        body = TextAreaField(label, validators=[Required(missing), Length(max=limit, message=too_long)])

    return ThreadPostForm


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (easier on a phone than a multi-select)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


# The input boundary for numbers, dates and times (issue 7, item 2). Python's int(), Decimal()
# and some parsers accept any Unicode digit ("١٢", "１２"; int("²") raises after isdigit() says
# yes), and Decimal() accepts "NaN", "sNaN" and "Infinity"; a form accepts ASCII digits only.
_ASCII_INT = re.compile(r"[0-9]{1,18}", re.ASCII)
_ASCII_DECIMAL = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})?", re.ASCII)
_ASCII_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_ASCII_TIME = re.compile(r"[0-9]{2}:[0-9]{2}(?::[0-9]{2})?", re.ASCII)
# Far enough for any real record, near enough that adding a day or a time zone cannot overflow.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def ascii_int(text: str | None, *, maximum: int = 2**31 - 1) -> int | None:
    """``text`` as a whole number from 0 to ``maximum`` written in ASCII digits, else None."""
    text = (text or "").strip()
    if not _ASCII_INT.fullmatch(text) or int(text) > maximum:
        return None
    return int(text)


def _first(valuelist) -> str | None:
    return valuelist[0].strip() if valuelist and isinstance(valuelist[0], str) else None


class AsciiDecimalField(DecimalField):
    """A decimal written like ``1.5``: ASCII digits, no sign, no exponent, no NaN or Infinity."""

    def process_formdata(self, valuelist):
        text = _first(valuelist)
        if not text:
            self.data = None
            return
        if not _ASCII_DECIMAL.fullmatch(text):
            self.data = None
            self.raw_data = [text]
            raise ValueError(self.gettext("Enter a number, like 1.5."))
        self.data = Decimal(text)


class AsciiIntegerField(IntegerField):
    """A whole number written in ASCII digits (``int()`` also takes "١٢" and "１２")."""

    def process_formdata(self, valuelist):
        text = _first(valuelist)
        if not text:
            self.data = None
            return
        self.data = ascii_int(text)
        if self.data is None:
            self.raw_data = [text]
            raise ValueError(self.gettext("Enter a whole number, like 24."))


class AsciiDateField(DateField):
    """A date as the browser's date input sends it (``2026-03-10``), between 1900 and 2199."""

    def process_formdata(self, valuelist):
        text = _first(valuelist)
        if not text:
            self.data = None
            return
        try:
            if not _ASCII_DATE.fullmatch(text):
                raise ValueError
            self.data = date.fromisoformat(text)
        except ValueError:
            self.data = None
            raise ValueError(self.invalid_value_message or "Enter a real date, like 12/03/2026.") from None
        if not EARLIEST_DATE <= self.data <= LATEST_DATE:
            self.data = None
            raise ValueError(f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}.")


class AsciiTimeField(TimeField):
    """A time as the browser's time input sends it (``09:30`` or ``09:30:00``)."""

    def process_formdata(self, valuelist):
        text = _first(valuelist)
        if text and not _ASCII_TIME.fullmatch(text):
            self.data = None
            raise ValueError(self.invalid_value_message or "Enter a time, like 09:00.")
        super().process_formdata([text] if text else valuelist)


class DocumentUploadForm(FlaskForm):
    """A certificate or reference for a leavers' folder, by the pupil or their tutor or careers
    leader (issue 9, item 2). The file is checked by ``operations.folder.prepare_upload``."""

    kind = SelectField(
        "What is it?", choices=options([("certificate", "A certificate"), ("reference", "A reference")]),
        validators=[InputRequired("Choose certificate or reference.")],
    )
    title = StringField(
        "Its name",
        description="For example: Duke of Edinburgh Bronze, or Reference from Metro Buses.",
        validators=[
            Required("Give it a name."),
            Length(max=120, message="Keep the name under 120 characters."),
        ],
    )
    file = FileField(
        "The file",
        description="A PDF, or a photo or scan (JPEG or PNG), of up to 5 MB.",
        validators=[FileRequired("Choose the file to upload.")],
    )
