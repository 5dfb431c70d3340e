"""Sign-in and password setup forms."""

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms import StringField
from wtforms.validators import EqualTo
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError

from ..operations.accounts import PASSWORD_MAX
from ..operations.accounts import PASSWORD_MIN


class LoginForm(FlaskForm):
    username = StringField(
        "Username", validators=[InputRequired("Enter your username."), Length(max=120)]
    )
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password."), Length(max=PASSWORD_MAX)]
    )


class SetupForm(FlaskForm):
    username = StringField(
        "Username", validators=[InputRequired("Enter the username on your slip."), Length(max=120)]
    )
    code = StringField(
        "Setup code",
        validators=[InputRequired("Enter the setup code on your slip."), Length(max=20)],
    )
    password = PasswordField(
        "New password",
        validators=[
            InputRequired("Choose a password."),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=f"Use at least {PASSWORD_MIN} characters (and no more than {PASSWORD_MAX}).",
            ),
        ],
    )
    confirm = PasswordField(
        "Type the new password again",
        validators=[
            InputRequired("Type the password again."),
            EqualTo("password", "The two passwords are different."),
        ],
    )

    def validate_password(self, field):
        if field.data and self.username.data and field.data.lower() == self.username.data.lower():
            raise ValidationError("Your password cannot be your username.")
