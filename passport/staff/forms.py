"""Staff forms."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed
from flask_wtf.file import FileField
from flask_wtf.file import FileRequired
from flask_wtf.file import FileSize
from wtforms import BooleanField
from wtforms import HiddenField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import AnyOf
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import ValidationError

from .. import clock
from ..domain.kinds import SECTORS
from ..domain.targets import review_problem
from ..domain.targets import TEXT_MAX as TARGET_TEXT_MAX
from ..formfields import AsciiDateField
from ..formfields import options
from ..formfields import Required
from ..models import ActionOwner
from ..models.guidance import ACTION_MAX
from ..models.guidance import ADVICE_MAX
from ..models.guidance import ADVISER_NAME_MAX
from ..operations.guidance import ActionData
from ..operations.guidance import InterviewData
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
            Required("Enter the name of the employer or provider."),
            Length(max=ORGANISATION_MAX, message=f"Keep the name under {ORGANISATION_MAX} characters."),
        ],
    )
    sector = SelectField(
        "Area of work (optional)",
        choices=options([("", "Choose an area"), *SECTORS]),
        validate_choice=False,
    )

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
            Required("Say why, so the pupil can put it right."),
            Length(max=REASON_MAX, message=f"Keep the reason under {REASON_MAX} characters."),
        ],
    )


class TargetForm(FlaskForm):
    """Set a target for a pupil, with the date their tutor will review it (item 25). The
    pupil sees the words on their own targets page."""

    text = TextAreaField(
        "Target",
        description="One next step, in words the pupil will understand. They see it.",
        validators=[
            Required("Write the target."),
            Length(max=TARGET_TEXT_MAX, message=f"Keep the target under {TARGET_TEXT_MAX} characters."),
        ],
    )
    review_on = AsciiDateField(
        "Review date",
        validators=[InputRequired("Choose the date to review the target.")],
    )

    def validate_review_on(self, field):
        if field.data is not None:
            problem = review_problem(field.data, clock.today())
            if problem:
                raise ValidationError(problem)
ACTION_ROWS = 3  # blank rows left blank are ignored; more actions: record them on a second visit
OWNER_CHOICES = [
    ("pupil", "The pupil"),
    ("adviser", "The adviser"),
    ("tutor", "The tutor"),
    ("parent", "A parent or carer"),
]


class InterviewForm(FlaskForm):
    """Record a guidance interview: the advice given and the agreed next steps (requirements
    items 10, 20). Each action row is ``action_<n>_text``, ``_owner`` and ``_due``."""

    advice_max = ADVICE_MAX
    action_max = ACTION_MAX

    held_on = AsciiDateField(
        "Date of the interview", validators=[InputRequired("Enter the date of the interview.")]
    )
    adviser_name = StringField(
        "Adviser's name",
        validators=[
            Required("Enter the adviser's name."),
            Length(max=ADVISER_NAME_MAX, message=f"Keep the name under {ADVISER_NAME_MAX} characters."),
        ],
    )
    adviser_level6 = RadioField(
        "Is the adviser qualified to Level 6 or higher?",
        choices=options([("yes", "Yes"), ("no", "No")]),
        validators=[InputRequired("Say whether the adviser is qualified to Level 6 or higher.")],
    )
    advice = TextAreaField(
        "Advice given",
        validators=[
            Required("Enter the advice given."),
            Length(max=ADVICE_MAX, message=f"Keep the advice under {ADVICE_MAX:,} characters."),
        ],
    )
    further_offered = BooleanField("A further interview was offered")
    considering_university = BooleanField("The pupil is considering university")

    def validate_held_on(self, field):
        if field.data is not None and field.data > clock.today():
            raise ValidationError("The date of the interview cannot be in the future.")


    def action_rows(self):
        """The (text, owner, due) fields of each row, for the template."""
        return [(self[f"action_{n}_text"], self[f"action_{n}_owner"], self[f"action_{n}_due"])
                for n in range(1, ACTION_ROWS + 1)]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for text, owner, due in self.action_rows():
            text.data = (text.data or "").strip()
            if not text.data and (owner.data or due.data):
                text.errors.append("Say what the action is, or clear its row.")
                ok = False
            if text.data and owner.data not in dict(OWNER_CHOICES):
                owner.errors.append("Choose who will do it.")
                ok = False
        return ok

    def to_data(self) -> InterviewData:
        return InterviewData(
            held_on=self.held_on.data,
            adviser_name=self.adviser_name.data,
            adviser_level6=self.adviser_level6.data == "yes",
            advice=self.advice.data,
            further_offered=self.further_offered.data,
            considering_university=self.considering_university.data,
            actions=tuple(
                ActionData(text.data, ActionOwner(owner.data), due.data)
                for text, owner, due in self.action_rows() if text.data
            ),
        )


for _n in range(1, ACTION_ROWS + 1):
    setattr(InterviewForm, f"action_{_n}_text", StringField(
        f"Action {_n}",
        validators=[Length(max=ACTION_MAX, message=f"Keep the action under {ACTION_MAX} characters.")],
    ))
    setattr(InterviewForm, f"action_{_n}_owner", SelectField(
        f"Who will do action {_n}?", choices=options([("", "Choose who"), *OWNER_CHOICES]),
        validate_choice=False,  # checked in InterviewForm.validate, where a blank row is allowed
    ))
    setattr(InterviewForm, f"action_{_n}_due", AsciiDateField(f"Action {_n} due by (optional)"))


class FollowUpForm(FlaskForm):
    """The tutor has followed up an interview: only the CSRF token."""


class ActionStatusForm(FlaskForm):
    """An adviser or the careers leader sets an agreed action open or done."""

    status = HiddenField(validators=[AnyOf(["open", "done"], message="Choose open or done.")])
