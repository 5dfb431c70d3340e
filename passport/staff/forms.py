"""Staff forms."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed
from flask_wtf.file import FileField
from flask_wtf.file import FileRequired
from flask_wtf.file import FileSize
from wtforms import RadioField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError

from .. import clock
from ..domain.kinds import SECTORS
from ..domain.targets import review_problem
from ..domain.targets import TEXT_MAX as TARGET_TEXT_MAX
from ..formfields import AsciiDateField
from ..formfields import options
from ..operations.verification import REASON_MAX

IMPORT_MAX_BYTES = 2 * 1024 * 1024  # as MAX_CONTENT_LENGTH; a school of 2,000 is about 200 kB
ORGANISATION_MAX = 120


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


class ImportForm(FlaskForm):
    """Upload a CSV exported from the school's MIS."""

    file = FileField(
        "CSV file from your MIS",
        validators=[
            FileRequired("Choose the CSV file exported from your MIS."),
            FileAllowed(["csv"], "Choose a .csv file. In Excel use File, Save As, and the type CSV UTF-8."),
            FileSize(IMPORT_MAX_BYTES, message="The file is larger than 2 MB. Split it by year group."),
        ],
    )


class OrganisationForm(FlaskForm):
    """Add an employer or provider attending an event."""

    name = StringField(
        "Name of the employer or provider",
        validators=[
            InputRequired("Enter the name of the employer or provider."),
            Length(max=ORGANISATION_MAX, message=f"Keep the name under {ORGANISATION_MAX} characters."),
        ],
    )
    sector = SelectField(
        "Area of work (optional)",
        choices=options([("", "Choose an area"), *SECTORS]),
        validate_choice=False,
    )

    def validate_name(self, field):
        field.data = (field.data or "").strip()
        if not field.data:
            raise ValidationError("Enter the name of the employer or provider.")

    def validate_sector(self, field):
        if field.data and field.data not in dict(SECTORS):
            raise ValidationError("Choose one of the areas in the list.")


class ActionForm(FlaskForm):
    """A button that changes something (cancel, revoke, reissue, rotate): only the CSRF token."""


class VerifyForm(FlaskForm):
    """Confirm a pupil's entry, with an optional note the pupil sees."""

    note = StringField(
        "Note for the pupil (optional)",
        validators=[Length(max=REASON_MAX, message=f"Keep the note under {REASON_MAX} characters.")],
    )


class RejectForm(FlaskForm):
    """Say an entry cannot be confirmed, and why (the pupil sees the reason)."""

    reason = TextAreaField(
        "Why can it not be confirmed?",
        validators=[
            InputRequired("Say why, so the pupil can put it right."),
            Length(max=REASON_MAX, message=f"Keep the reason under {REASON_MAX} characters."),
        ],
    )

    def validate_reason(self, field):
        field.data = (field.data or "").strip()
        if not field.data:
            raise ValidationError("Say why, so the pupil can put it right.")


class TargetForm(FlaskForm):
    """Set a target for a pupil, with the date their tutor will review it (item 25). The
    pupil sees the words on their own targets page."""

    text = TextAreaField(
        "Target",
        description="One next step, in words the pupil will understand. They see it.",
        validators=[
            InputRequired("Write the target."),
            Length(max=TARGET_TEXT_MAX, message=f"Keep the target under {TARGET_TEXT_MAX} characters."),
        ],
    )
    review_on = AsciiDateField(
        "Review date",
        validators=[InputRequired("Choose the date to review the target.")],
    )

    def validate_text(self, field):
        field.data = (field.data or "").strip()
        if not field.data:
            raise ValidationError("Write the target.")

    def validate_review_on(self, field):
        if field.data is not None:
            problem = review_problem(field.data, clock.today())
            if problem:
                raise ValidationError(problem)
