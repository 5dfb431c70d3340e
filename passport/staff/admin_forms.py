"""Forms of the school's administration pages (staff accounts, tutor groups, settings)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms import StringField
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional
from wtforms.validators import Regexp
from wtforms.validators import ValidationError

from ..domain.kinds import PROVIDER_LABELS
from ..domain.kinds import SKILL_FRAMEWORKS
from ..formfields import AsciiIntegerField
from ..formfields import CheckboxesField
from ..formfields import options
from ..formfields import Required
from ..operations.staff_admin import ADMIN_ROLES

ROLE_LABELS = {
    "tutor": "Tutor",
    "careers_leader": "Careers leader",
    "careers_adviser": "Careers adviser",
    "senco": "SENCO",
    "designated_teacher": "Designated teacher (looked-after children)",
    "senior_leader": "Senior leader",
    "governor": "Governor",
}
ROLE_CHOICES = [(role.value, ROLE_LABELS[role.value]) for role in ADMIN_ROLES]
FRAMEWORK_LABELS = {"skills_builder": "Skills Builder Universal Framework", "cdi": "CDI Framework"}
CHOOSE_ROLE = "Choose a role."
NAME_MAX = 80
EMAIL_MAX = 200
GROUP_MAX = 20
YEARS = (7, 13)
AGES = (11, 19)
VISITS = "Enter how many visits, from 0 to 10."


def _name(label: str, missing: str, limit: int = NAME_MAX, default=None) -> StringField:
    return StringField(
        label,
        default=default,
        validators=[Required(missing), Length(max=limit, message=f"Keep it under {limit} characters.")],
    )



class StaffForm(FlaskForm):
    """Add a member of staff (or a governor)."""

    first_name = _name("First name", "Enter their first name.", NAME_MAX)
    last_name = _name("Last name", "Enter their last name.", NAME_MAX)
    email = StringField(
        "Email address",
        validators=[
            Required("Enter their school email address."),
            Length(max=EMAIL_MAX, message=f"Keep the email address under {EMAIL_MAX} characters."),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address like name@school.org.uk."),
        ],
    )
    role = SelectField("Role", choices=options(ROLE_CHOICES), validators=[InputRequired(CHOOSE_ROLE)])


class RoleForm(FlaskForm):
    """Change an account's role."""

    role = SelectField("Role", choices=options(ROLE_CHOICES), validators=[InputRequired(CHOOSE_ROLE)])


class DeactivateForm(FlaskForm):
    """Deactivate an account, saying why (kept in the audit trail)."""

    reason = _name(
        "Why? (kept in the audit trail)", "Say why, for example: left the school.", 200, "left the school"
    )


class GroupForm(FlaskForm):
    """Add a tutor group."""

    name = _name("Name, for example 9B", "Enter the group's name.", GROUP_MAX)
    year_group = AsciiIntegerField(
        "Year group",
        validators=[
            InputRequired("Enter the year group, from 7 to 13."),
            NumberRange(*YEARS, message="Enter a year group from 7 to 13."),
        ],
    )


class RenameForm(FlaskForm):
    """Rename a tutor group."""

    name = _name("New name", "Enter the group's name.", GROUP_MAX)


class TutorForm(FlaskForm):
    """Choose a group's tutor among the school's tutors ("" for none)."""

    tutor = SelectField("Tutor", choices=[], validate_choice=False)

    def set_tutors(self, tutors) -> TutorForm:
        listed = ((str(t.id), f"{t.display_name} ({t.username})") for t in tutors)
        self.tutor.choices = options([("", "No tutor"), *listed])
        return self

    def validate_tutor(self, field):
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Choose one of the school's tutors.")


def _year(label: str) -> AsciiIntegerField:
    return AsciiIntegerField(
        label,
        validators=[
            InputRequired(f"Enter a year group from {YEARS[0]} to {YEARS[1]}."),
            NumberRange(*YEARS, message=f"Enter a year group from {YEARS[0]} to {YEARS[1]}."),
        ],
    )


def _age(label: str) -> AsciiIntegerField:
    message = f"Enter an age from {AGES[0]} to {AGES[1]}, or leave it empty."
    return AsciiIntegerField(label, validators=[Optional(), NumberRange(*AGES, message=message)])


class SettingsForm(FlaskForm):
    """The school's year ranges, ages and thresholds (requirements item 45). An empty age turns
    that criterion off. Labels and explanations come from ``queries.admin.LABELS``."""

    employer_first_year = _year("Employer encounters: first year group")
    employer_last_year = _year("Employer encounters: last year group")
    stem_employer_before_year = _year("STEM encounter before year")
    lmi_by_age = _age("Labour market information by age")
    stem_learning_by_age = _age("STEM careers learning by age")
    first_workplace_by_age = _age("First experience of a workplace by age")
    second_workplace_by_age = _age("Further experience of a workplace by age")
    providers_by_age = _age("Encounters with every kind of provider by age")
    required_provider_types = CheckboxesField(
        "Kinds of provider to meet", choices=options((p.value, label) for p, label in PROVIDER_LABELS.items())
    )
    university_visits_by_age = _age("University visits by age")
    university_visits_required = AsciiIntegerField(
        "Number of university visits",
        validators=[InputRequired(VISITS), NumberRange(0, 10, message=VISITS)],
    )
    first_interview_by_age = _age("First guidance interview by age")
    further_interview_by_age = _age("Further guidance interview by age")
    skills_framework = SelectField(
        "Skills framework",
        choices=options((code, FRAMEWORK_LABELS.get(code, code)) for code in SKILL_FRAMEWORKS),
    )

    def validate_employer_last_year(self, field):
        first = self.employer_first_year.data
        if first is not None and field.data is not None and field.data < first:
            raise ValidationError("The last year group cannot come before the first.")

    def validate_second_workplace_by_age(self, field):
        first = self.first_workplace_by_age.data
        if field.data is not None and first is not None and field.data < first:
            raise ValidationError("The further experience cannot be due before the first one.")

    def validate_further_interview_by_age(self, field):
        first = self.first_interview_by_age.data
        if field.data is not None and first is not None and field.data < first:
            raise ValidationError("The further interview cannot be due before the first one.")

    def values(self) -> dict:
        """The validated values, named and shaped as SchoolSettings stores them."""
        values = {name: self[name].data for name in self.setting_names()}
        values["required_provider_types"] = ",".join(
            p.value for p in PROVIDER_LABELS if p.value in (self.required_provider_types.data or [])
        )
        return values

    @classmethod
    def from_settings(cls, settings) -> SettingsForm:
        """The form filled from the school's stored settings."""
        data = {name: getattr(settings, name) for name in cls.setting_names()}
        data["required_provider_types"] = [c for c in settings.required_provider_types.split(",") if c]
        return cls(formdata=None, data=data)

    @classmethod
    def setting_names(cls) -> list[str]:
        return [
            "employer_first_year", "employer_last_year", "stem_employer_before_year", "lmi_by_age",
            "stem_learning_by_age", "first_workplace_by_age", "second_workplace_by_age", "providers_by_age",
            "required_provider_types", "university_visits_by_age", "university_visits_required",
            "first_interview_by_age", "further_interview_by_age", "skills_framework",
        ]
