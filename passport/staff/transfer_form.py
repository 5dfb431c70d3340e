"""The form that uploads a pupil's record exported by another school."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed
from flask_wtf.file import FileField
from flask_wtf.file import FileRequired
from flask_wtf.file import FileSize

from ..documents.export import MAX_BYTES


class TransferForm(FlaskForm):
    """Upload the .json file a pupil downloaded from their passport at another school."""

    file = FileField(
        "The pupil's passport file (.json)",
        validators=[
            FileRequired("Choose the .json file the pupil downloaded from their old school's passport."),
            FileAllowed(["json"], "Choose a .json file: the one the pupil downloaded from Your data."),
            FileSize(MAX_BYTES, message="The file is larger than 2 MB: it is not a passport export."),
        ],
    )
