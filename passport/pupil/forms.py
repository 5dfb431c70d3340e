"""The entry and reflection forms; the boundary where a pupil's input is checked."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import Form
from wtforms import HiddenField
from wtforms import RadioField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import ValidationError

from .. import clock
from ..domain import dates
from ..domain.kinds import EntryKind
from ..domain.kinds import KINDS
from ..domain.kinds import REFLECTION_PROMPTS
from ..domain.kinds import SECTORS
from ..domain.kinds import skill_choices
from ..formfields import ascii_int
from ..formfields import AsciiDateField
from ..formfields import AsciiDecimalField
from ..formfields import CheckboxesField
from ..formfields import options
from ..operations.entries import EntryData

ORGANISATION_MAX = 120
DESCRIPTION_MAX = 2000
ANSWER_MAX = 2000
EARLIEST_AGE = 10
# Issue 8 item 3: who reads a shared reflection is every member of staff who may read the
# pupil's record (passport/access.py RECORD_READERS within pupil_scope); the hint says so.
SHARE_LABEL = "Let your tutor read this reflection"
SHARE_HINT = (
    "If you tick this, the staff who support you can read it: your tutor, the careers leader "
    "and careers adviser, and a teacher who looks after extra help for you, if you have one. "
    "They can write a comment and you can answer. If you do not tick it, only you can read it. "
    "You can change your mind at any time."
)


def _validate_uuid_field(field) -> None:
    if field.data:
        try:
            uuid.UUID(field.data)
        except ValueError:
            raise ValidationError("This form is damaged. Reload the page and try again.") from None


def _validate_version_field(field) -> None:
    # ASCII digits only: "²".isdigit() is True but int("²") raises (issue 7, item 2).
    if field.data and ascii_int(field.data) is None:
        raise ValidationError("This form is damaged. Reload the page and try again.")


def version_of(form, default: int | None = None) -> int | None:
    """The version a validated form carries, or ``default`` when it carries none."""
    version = ascii_int(form.version.data)
    return default if version is None else version


def op_of(form) -> uuid.UUID | None:
    """The operation id a form carries (its idempotency key), if any."""
    return uuid.UUID(form.op.data) if form.op.data else None


class EntryForm(FlaskForm):
    """One form for every kind; ``kind`` decides which fields are asked and required."""

    organisation_max = ORGANISATION_MAX  # the templates' character counts
    description_max = DESCRIPTION_MAX

    client_uuid = HiddenField()
    version = HiddenField()
    op = HiddenField()
    occurred_on = AsciiDateField(
        "When was it?", validators=[InputRequired("Enter the date it happened.")]
    )
    subtype = SelectField("What kind?", validate_choice=False)
    organisation = StringField(
        "Organisation",
        validators=[Length(max=ORGANISATION_MAX, message=f"Keep this under {ORGANISATION_MAX} characters.")],
    )
    sector = SelectField(
        "Which area of work? (optional)",
        choices=options([("", "Choose an area"), *SECTORS]),
        validate_choice=False,
    )
    is_stem = BooleanField("It was about science, technology, engineering or maths (STEM)")
    description = TextAreaField(
        "What happened? (optional)",
        validators=[Length(max=DESCRIPTION_MAX, message=f"Keep this under {DESCRIPTION_MAX} characters.")],
    )
    skills = CheckboxesField("Which skills did you use? (optional)", validate_choice=False)
    hours = AsciiDecimalField(
        "How many hours? (optional)",
        places=1,
        validators=[Optional(), NumberRange(min=Decimal("0.5"), max=Decimal("2000"),
                                            message="Enter hours between 0.5 and 2000.")],
    )
    met_staff = BooleanField("I met staff (teachers, lecturers or trainers)")
    met_students = BooleanField("I met students or apprentices")
    adviser_level6 = RadioField(
        "Is your adviser a qualified careers adviser (Level 6 or higher)?",
        choices=options([("yes", "Yes"), ("no", "No"), ("unknown", "I don't know")]),
        default="unknown",
        validate_choice=False,
    )

    def __init__(self, *args, kind: EntryKind, date_of_birth: date, today: date,
                 skills_framework: str = "skills_builder", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.info = KINDS[kind]
        self.date_of_birth = date_of_birth
        self.today = today
        self.organisation.label.text = self.info.organisation_label
        self.subtype.choices = options([("", "Choose one"), *self.info.subtypes])
        self.skills_framework = skills_framework
        self.skills.choices = options(skill_choices(skills_framework, self.skills.data))
        if kind == EntryKind.PROVIDER_ENCOUNTER:
            self.subtype.label.text = "What kind of place?"

    def validate_client_uuid(self, field):
        _validate_uuid_field(field)

    def validate_op(self, field):
        _validate_uuid_field(field)

    def validate_version(self, field):
        _validate_version_field(field)

    def validate_occurred_on(self, field):
        if field.data is None:
            return
        if field.data > self.today:
            raise ValidationError("The date cannot be in the future. Add it after it has happened.")
        earliest = dates.birthday(self.date_of_birth, EARLIEST_AGE)
        if field.data < earliest:
            raise ValidationError(
                f"The date must be after your {EARLIEST_AGE}th birthday "
                f"({earliest.day} {earliest:%B %Y})."
            )

    def validate_subtype(self, field):
        codes = dict(self.info.subtypes)
        if not codes:
            field.data = None
            return
        if not field.data:
            raise ValidationError(
                "Choose what kind of place it was."
                if self.kind == EntryKind.PROVIDER_ENCOUNTER
                else "Choose what kind of activity it was."
            )
        if field.data not in codes:
            raise ValidationError("Choose one of the options in the list.")

    def validate_organisation(self, field):
        field.data = (field.data or "").strip()
        if self.info.organisation_required and not field.data:
            raise ValidationError(self.info.organisation_missing)

    def validate_sector(self, field):
        if field.data and field.data not in dict(SECTORS):
            raise ValidationError("Choose one of the areas in the list.")

    def validate_skills(self, field):
        unknown = set(field.data or ()) - {choice.value for choice in self.skills.choices}
        if unknown:
            raise ValidationError("Choose skills from the list.")

    def validate_hours(self, field):
        if field.data is not None and not self.info.has_hours:
            field.data = None

    def to_data(self) -> EntryData:
        """The validated facts, ready for an operation."""
        level6 = {"yes": True, "no": False}.get(self.adviser_level6.data)
        is_interview = self.kind == EntryKind.GUIDANCE_INTERVIEW
        is_provider = self.kind == EntryKind.PROVIDER_ENCOUNTER
        return EntryData(
            kind=self.kind,
            occurred_on=self.occurred_on.data,
            organisation=self.organisation.data,
            subtype=self.subtype.data or None,
            sector=self.sector.data or None,
            is_stem=bool(self.is_stem.data),
            description=(self.description.data or "").strip(),
            skills=tuple(self.skills.data or ()),
            hours=self.hours.data if self.info.has_hours else None,
            met_staff=bool(self.met_staff.data) and is_provider,
            met_students=bool(self.met_students.data) and is_provider,
            adviser_level6=level6 if is_interview else None,
        )

    def load(self, entry) -> None:
        """Fill the form from a saved entry (for editing)."""
        self.client_uuid.data = str(entry.client_uuid)
        self.version.data = str(entry.version)
        self.op.data = str(uuid.uuid4())
        self.occurred_on.data = entry.occurred_on
        self.subtype.data = entry.subtype or ""
        self.organisation.data = entry.organisation
        self.sector.data = entry.sector or ""
        self.is_stem.data = entry.is_stem
        self.description.data = entry.description
        self.skills.data = entry.skill_codes
        self.skills.choices = options(skill_choices(self.skills_framework, entry.skill_codes))
        self.hours.data = entry.hours
        self.met_staff.data = entry.met_staff
        self.met_students.data = entry.met_students
        self.adviser_level6.data = {True: "yes", False: "no"}.get(entry.adviser_level6, "unknown")


def entry_form_for(pupil, kind: EntryKind, **kwargs) -> EntryForm:
    """The entry form for ``kind``, checking dates against this pupil and today."""
    return EntryForm(
        kind=kind,
        date_of_birth=pupil.date_of_birth,
        today=clock.today(),
        skills_framework=pupil.user.school.settings.skills_framework,
        **kwargs,
    )


def _validate_uuid_field_validator(form, field) -> None:
    _validate_uuid_field(field)


def _validate_version_validator(form, field) -> None:
    _validate_version_field(field)


def reflection_form(kind: EntryKind, answers: dict[str, str] | None = None, **kwargs):
    """A form with one text box per reflection prompt of ``kind`` (built per kind, since the
    prompts differ), plus ``version`` for conflict detection. A POST's own data wins over
    ``answers``."""

    class ReflectionForm(FlaskForm):
        answer_max = ANSWER_MAX  # the template's character counts
        version = HiddenField(validators=[_validate_version_validator])
        op = HiddenField(validators=[_validate_uuid_field_validator])
        # "1" when the form showed the sharing box: a form from before it did (kept on a phone)
        # leaves the choice as it is instead of reading a missing box as "private".
        share_shown = HiddenField()
        shared_with_tutor = BooleanField(SHARE_LABEL)

    for prompt in REFLECTION_PROMPTS[kind]:
        setattr(
            ReflectionForm,
            prompt.key,
            TextAreaField(
                prompt.question,
                description=prompt.hint,
                validators=[Length(max=ANSWER_MAX, message=f"Keep this under {ANSWER_MAX} characters.")],
            ),
        )
    form = ReflectionForm(data=answers or {}, **kwargs)
    form.prompts = REFLECTION_PROMPTS[kind]
    return form


# The fields a pupil writes in their own words, with the words the forms show for them. A page
# that gives back what was typed (the entry was deleted elsewhere) shows these only: never a
# hidden key (op, version), never a code (subtype "talk"), never a field's internal name.
WORDS_FIELDS: dict[str, str] = {"organisation": "Organisation", "description": "What happened"}
for _prompts in REFLECTION_PROMPTS.values():
    for _prompt in _prompts:
        WORDS_FIELDS.setdefault(_prompt.key, _prompt.question)


def typed_words(formdata) -> list[tuple[str, str]]:
    """What the pupil wrote in ``formdata``, as (the question they answered, their words)."""
    words = []
    for name, label in WORDS_FIELDS.items():
        value = (formdata.get(name) or "").strip()
        if value:
            words.append((label, value))
    return words


def shared_of(form) -> bool | None:
    """The sharing choice a valid reflection form holds, or None when it did not ask."""
    return bool(form.shared_with_tutor.data) if form.share_shown.data == "1" else None


def answers_of(form: Form) -> dict[str, str]:
    """The reflection answers a valid form holds, by prompt key."""
    return {p.key: (form[p.key].data or "").strip() for p in form.prompts}
