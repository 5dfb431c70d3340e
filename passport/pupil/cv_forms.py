"""The pupil's CV form (requirements item 26; 002 B6): plain boxes, one item per line for the
lists, two referee rows, and the entries to show as checkboxes. Every limit has a message in
plain words, and the two achievement boxes count words, as 002 B6 asks for."""

from __future__ import annotations

import uuid

from wtforms import HiddenField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import Length
from wtforms.validators import ValidationError

from ..domain import cv as rules
from ..domain.kinds import KINDS
from ..formfields import CheckboxesField
from ..formfields import OperationForm
from ..operations.cv import CvData
from ..operations.cv import Referee


class WordLimit:
    """At most ``limit`` words (002 B6), with the count in the message."""

    def __init__(self, limit: int, what: str):
        self.limit = limit
        self.what = what

    def __call__(self, form, field) -> None:
        problem = rules.words_problem(field.data, self.limit, self.what)
        if problem:
            raise ValidationError(problem)


class Lines:
    """A one-item-per-line box: a bounded number of lines, each a bounded length."""

    def __init__(self, what: str):
        self.what = what

    def __call__(self, form, field) -> None:
        problem = rules.lines_problem(field.data, self.what)
        if problem:
            raise ValidationError(problem)


def _chars(limit: int, what: str) -> Length:
    return Length(max=limit, message=f"Keep {what} under {limit:,} characters.")


def _list(label: str, hint: str, what: str) -> TextAreaField:
    return TextAreaField(label, description=hint,
                         validators=[_chars(rules.LIST_MAX, what), Lines(what)])


LIST_FIELDS = ("education", "jobs", "volunteering", "interests")


class CvForm(OperationForm):
    """The whole CV in one form, saved in one go (online, or later from the phone)."""

    short_words = rules.SHORT_WORDS
    long_words = rules.LONG_WORDS
    statement_words = rules.STATEMENT_WORDS

    version = HiddenField()
    statement = TextAreaField(
        "Personal statement",
        description=f"A few sentences about you and what you want to do next. "
                    f"Up to {rules.STATEMENT_WORDS} words.",
        validators=[_chars(rules.TEXT_MAX, "your statement"),
                    WordLimit(rules.STATEMENT_WORDS, "personal statement")],
    )
    achievements_100 = TextAreaField(
        "What you achieved, in 100 words",
        description="A short description for application forms. Up to 100 words.",
        validators=[_chars(rules.TEXT_MAX, "this description"),
                    WordLimit(rules.SHORT_WORDS, "100-word description")],
    )
    achievements_250 = TextAreaField(
        "What you achieved, in 250 words",
        description="A longer description for your CV and personal statements. Up to 250 words.",
        validators=[_chars(rules.TEXT_MAX, "this description"),
                    WordLimit(rules.LONG_WORDS, "250-word description")],
    )
    education = _list("Education and qualifications",
                      "One on each line, for example: GCSE English Language (predicted 6).",
                      "education and qualifications")
    jobs = _list("Part-time jobs", "One on each line, for example: Saturday job, Greggs, since 2025.",
                 "part-time jobs")
    volunteering = _list("Volunteering", "One on each line, for example: Food bank helper, St Mary's.",
                         "volunteering")
    interests = _list("Interests", "One on each line, for example: Football, drawing, coding.", "interests")
    referee_1_name = StringField("Name", validators=[_chars(rules.NAME_MAX, "the name")])
    referee_1_relationship = StringField("How they know you", description="For example: my tutor.",
                                         validators=[_chars(rules.NAME_MAX, "this")])
    referee_1_contact = StringField("Their email or phone (kept private)",
                                    validators=[_chars(rules.CONTACT_MAX, "the contact details")])
    referee_2_name = StringField("Name", validators=[_chars(rules.NAME_MAX, "the name")])
    referee_2_relationship = StringField("How they know you", description="For example: my manager at work.",
                                         validators=[_chars(rules.NAME_MAX, "this")])
    referee_2_contact = StringField("Their email or phone (kept private)",
                                    validators=[_chars(rules.CONTACT_MAX, "the contact details")])
    entries = CheckboxesField("Things from your passport to show", choices=[], validate_choice=False)

    def validate_version(self, field):
        if field.data and not (field.data.isascii() and field.data.isdigit() and len(field.data) < 10):
            raise ValidationError("This form is damaged. Reload the page and try again.")

    def validate_entries(self, field):
        if len(field.data or ()) > rules.CHOSEN_MAX:
            raise ValidationError(f"Choose up to {rules.CHOSEN_MAX} things to show.")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for n in range(1, rules.REFEREES + 1):
            name = self[f"referee_{n}_name"]
            if not (name.data or "").strip() and any(
                (self[f"referee_{n}_{part}"].data or "").strip() for part in ("relationship", "contact")
            ):
                name.errors = [*name.errors, f"Write the name of referee {n}, or clear their details."]
                ok = False
        return ok

    def expected_version(self) -> int | None:
        return int(self.version.data) if self.version.data else None

    def operation(self) -> uuid.UUID:
        return uuid.UUID(self.op.data)

    def to_data(self, allowed: set[str]) -> CvData:
        """The form as CvData; only entries in ``allowed`` (the pupil's own) are kept."""
        chosen = []
        for value in self.entries.data or ():
            try:
                key = str(uuid.UUID(value))
            except ValueError:
                continue
            if key in allowed:
                chosen.append(key)
        referees = tuple(
            Referee(self[f"referee_{n}_name"].data or "", self[f"referee_{n}_relationship"].data or "",
                    self[f"referee_{n}_contact"].data or "")
            for n in range(1, rules.REFEREES + 1)
        )
        return CvData(
            statement=self.statement.data or "", achievements_100=self.achievements_100.data or "",
            achievements_250=self.achievements_250.data or "",
            **{name: self[name].data or "" for name in LIST_FIELDS},
            referees=referees, entry_uuids=tuple(chosen),
        )


def entry_label(entry) -> str:
    """How an entry is named in the list of things to show."""
    what = entry.organisation or KINDS[entry.kind].label
    return f"{what} ({KINDS[entry.kind].label}, {entry.occurred_on.strftime('%B %Y')})"


def cv_form(entries, data: CvData | None = None, version: int = 0, formdata=None, **kwargs) -> CvForm:
    """The CV form with the pupil's ``entries`` as choices; filled from ``data`` when the
    pupil has not submitted it (a fresh ``op`` each time), from the request otherwise."""
    if data is not None and formdata is None:
        values = dict(
            statement=data.statement, achievements_100=data.achievements_100,
            achievements_250=data.achievements_250, education=data.education, jobs=data.jobs,
            volunteering=data.volunteering, interests=data.interests, entries=list(data.entry_uuids),
        )
        for n, referee in enumerate(data.referees[: rules.REFEREES], start=1):
            values.update({f"referee_{n}_name": referee.name,
                           f"referee_{n}_relationship": referee.relationship,
                           f"referee_{n}_contact": referee.contact})
        form = CvForm(formdata=None, data=values, **kwargs)
        form.version.data = str(version)
        form.op.data = str(uuid.uuid4())
    else:
        form = CvForm(formdata=formdata, **kwargs) if formdata is not None else CvForm(**kwargs)
    form.entries.choices = [(str(e.client_uuid), entry_label(e)) for e in entries]
    return form
