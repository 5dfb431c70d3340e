"""The careers leader's form for the school's published careers page (issue 11 item 8)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Regexp

from ..formfields import AsciiDateField
from ..formfields import Required

TEXT_MAX = 2000


class WebsiteForm(FlaskForm):
    text_max = TEXT_MAX
    leader_name = StringField("The careers leader's name", validators=[
        Required("Enter the careers leader's name."),
        Length(max=120, message="Keep the name to 120 characters."),
    ])
    leader_email = StringField("Their work email address", validators=[
        Required("Enter a work email address."),
        Length(max=120, message="Use an email address of 120 characters or fewer."),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address like name@school.sch.uk."),
    ])
    leader_phone = StringField("Their work phone number (optional)", validators=[
        Length(max=40, message="Keep the phone number to 40 characters."),
        Regexp(r"^[0-9 +()-]*$", message="Use digits, spaces, + and brackets only."),
    ])
    summary = TextAreaField("A summary of the careers programme", validators=[
        Required("Write a summary of the programme."),
        Length(max=TEXT_MAX, message=f"Keep it to {TEXT_MAX} characters or fewer."),
    ])
    impact = TextAreaField("How the school measures the programme's impact", validators=[
        Required("Say how the school measures its impact."),
        Length(max=TEXT_MAX, message=f"Keep it to {TEXT_MAX} characters or fewer."),
    ])
    next_review = AsciiDateField("When this is next reviewed", validators=[
        InputRequired("Enter the date of the next review."),
    ])
