"""Staff forms."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed
from flask_wtf.file import FileField
from flask_wtf.file import FileRequired
from flask_wtf.file import FileSize
from wtforms import RadioField

from ..formfields import options

IMPORT_MAX_BYTES = 2 * 1024 * 1024  # as MAX_CONTENT_LENGTH; a school of 2,000 is about 200 kB


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
