"""Parents' forms: sign up with the code on a letter from school, and link another child."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms import PasswordField
from wtforms import StringField
from wtforms.validators import EqualTo
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Regexp
from wtforms.validators import ValidationError

from ..formfields import Required
from ..operations.accounts import password_problem


def _code() -> StringField:
    return StringField(
        "Code from the letter", validators=[Required("Enter the code from the letter."), Length(max=20)]
    )


class LinkForm(FlaskForm):
    code = _code()


class SignUpForm(FlaskForm):
    code = _code()
    first_name = StringField(
        "Your first name", validators=[Required("Enter your first name."), Length(max=80)]
    )
    last_name = StringField("Your last name", validators=[Required("Enter your last name."), Length(max=80)])
    email = EmailField(
        "Email address",
        validators=[
            Required("Enter your email address."),
            Length(max=120, message="Use an email address of 120 characters or fewer."),
            # Only the shape: one @, something either side, a dot after it. Nothing is sent to it.
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address like name@example.com."),
        ],
    )
    password = PasswordField("Choose a password", validators=[InputRequired("Choose a password.")])
    confirm = PasswordField(
        "Type the password again",
        validators=[
            InputRequired("Type the password again."),
            EqualTo("password", "The two passwords are different."),
        ],
    )

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.email.data or "", "")
        if problem:
            raise ValidationError(problem)
