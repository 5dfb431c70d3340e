"""The confirmation of a previewed MIS import: the signed upload and the preview's fingerprint."""

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired
from wtforms.validators import Length

UPLOAD_MAX = 4 * 1024 * 1024  # the signed, compressed file of a 2 MB upload fits well inside


class ConfirmImportForm(FlaskForm):
    """Apply exactly the file that was previewed, if the school has not changed since."""

    upload = HiddenField(validators=[InputRequired("Upload the file again."), Length(max=UPLOAD_MAX)])
    fingerprint = HiddenField(validators=[InputRequired("Upload the file again."), Length(min=64, max=64)])
