"""Sign-in, password setup and password change forms."""

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms import StringField
from wtforms.validators import EqualTo
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError

from ..formfields import Required
from ..operations.accounts import PASSWORD_MAX
from ..operations.accounts import password_problem


class LoginForm(FlaskForm):
    username = StringField(
        "Username", validators=[Required("Enter your username."), Length(max=120)]
    )
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password."), Length(max=PASSWORD_MAX)]
    )


def _new_password(label: str = "New password") -> PasswordField:
    # The length and the rest of the policy are checked by domain/passwords.py, in words.
    return PasswordField(label, validators=[InputRequired("Choose a password.")])


def _confirm() -> PasswordField:
    return PasswordField(
        "Type the new password again",
        validators=[
            InputRequired("Type the password again."),
            EqualTo("password", "The two passwords are different."),
        ],
    )


class SetupForm(FlaskForm):
    username = StringField(
        "Username", validators=[Required("Enter the username on your slip."), Length(max=120)]
    )
    code = StringField(
        "Setup code",
        validators=[Required("Enter the setup code on your slip."), Length(max=20)],
    )
    password = _new_password()
    confirm = _confirm()

    def validate_password(self, field):
        # The school's name is checked once the code has shown whose account this is
        # (auth/views.py): before that, a message about it would say which school a username is at.
        problem = password_problem(field.data or "", self.username.data or "", "")
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password."), Length(max=PASSWORD_MAX)],
    )
    password = _new_password()
    confirm = _confirm()

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user

    def validate_password(self, field):
        problem = password_problem(field.data or "", self._user.username, self._user.school.name)
        if problem:
            raise ValidationError(problem)
