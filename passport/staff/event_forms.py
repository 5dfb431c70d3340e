"""The careers leader's event form: what an event is, when, for whom, and what its attendance
records (split from staff/forms.py, which keeps the smaller staff forms)."""

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import ValidationError

from ..domain import event_times
from ..domain.events import CONTENT_ITEMS
from ..domain.events import content_items_from
from ..domain.events import EVENT_LABELS
from ..domain.events import EventKind
from ..domain.kinds import EntryKind
from ..domain.kinds import KINDS
from ..domain.kinds import PROVIDER_LABELS
from ..domain.kinds import ProviderType
from ..domain.kinds import SECTORS
from ..formfields import AsciiDateField
from ..formfields import AsciiIntegerField
from ..formfields import AsciiTimeField
from ..formfields import CheckboxesField
from ..formfields import options
from ..formfields import Required
from ..operations.events import EventData
from ..operations.events import PROVIDER_KINDS

TITLE_MAX = 120
PLACE_MAX = 120
DESCRIPTION_MAX = 2000
YEAR_GROUPS = range(7, 14)
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]  # browsers send seconds when the input's step asks for them


class EventForm(FlaskForm):
    """Create or change an event. Times are typed in UK local time; ``to_data`` turns them into
    the naive UTC the operation stores. Questions that apply to some kinds only are checked
    only for those kinds."""

    kind = SelectField(
        "What kind of event?",
        choices=options([("", "Choose one"), *((k.value, label) for k, label in EVENT_LABELS.items())]),
        validate_choice=False,
    )
    title = StringField(
        "Title",
        validators=[
            Required("Enter a title, like “Year 10 careers fair”."),
            Length(max=TITLE_MAX, message=f"Keep the title under {TITLE_MAX} characters."),
        ],
    )
    day = AsciiDateField(
        "Date",
        validators=[InputRequired("Enter the date of the event.")],
        invalid_value_message="Enter a real date, like 12/03/2026.",
    )
    starts = AsciiTimeField(
        "Starts at",
        validators=[InputRequired("Enter the time it starts, like 09:00.")],
        format=TIME_FORMATS,
        invalid_value_message="Enter the time it starts, like 09:00 or 14:30.",
    )
    ends = AsciiTimeField(
        "Ends at",
        validators=[InputRequired("Enter the time it ends, like 12:30.")],
        format=TIME_FORMATS,
        invalid_value_message="Enter the time it ends, like 12:30 or 15:00.",
    )
    place = StringField(
        "Where? (optional)",
        validators=[Length(max=PLACE_MAX, message=f"Keep this under {PLACE_MAX} characters.")],
    )
    online = BooleanField("It happens online")
    is_stem = BooleanField("It is about science, technology, engineering or maths (STEM)")
    sectors = CheckboxesField("Areas of work (optional)", choices=options(SECTORS), validate_choice=False)
    year_groups = CheckboxesField(
        "Which year groups are invited?",
        choices=options((str(y), f"Year {y}") for y in YEAR_GROUPS),
        validate_choice=False,
    )
    provider_type = SelectField(
        "What kind of provider?",
        choices=options([("", "Choose one"), *((p.value, label) for p, label in PROVIDER_LABELS.items())]),
        validate_choice=False,
    )
    whole_year_invited = BooleanField("Every pupil in the year groups is invited (not a selected group)")
    in_school_hours = BooleanField("It is in school hours", default=True)
    # Issue 7 item 1: how long a check-in saved with no signal may take to arrive, per event.
    late_window_hours = AsciiIntegerField(
        "Hours a check-in saved with no signal may take to arrive (optional)",
        validators=[Optional()],
    )
    content_items = CheckboxesField(
        "What does the provider cover?",
        choices=options((item.value, label) for item, label in CONTENT_ITEMS.items()),
        validate_choice=False,
    )
    other_kind = SelectField(
        "What does attending count as?",
        choices=options([("", "Choose one"), *((k.value, info.label) for k, info in KINDS.items())]),
        validate_choice=False,
    )
    other_subtype = SelectField(
        "What kind of activity? (if the list has one)",
        choices=[SelectChoice("", "Choose one")]
        + [
            SelectChoice(code, label, optgroup=info.label)
            for info in KINDS.values()
            for code, label in info.subtypes
        ],
        validate_choice=False,
    )
    description = TextAreaField(
        "Description (optional)",
        validators=[Length(max=DESCRIPTION_MAX, message=f"Keep this under {DESCRIPTION_MAX} characters.")],
    )

    @property
    def event_kind(self) -> EventKind | None:
        try:
            return EventKind(self.kind.data)
        except ValueError:
            return None

    def validate_kind(self, field):
        if self.event_kind is None:
            raise ValidationError("Choose what kind of event it is.")

    def validate_place(self, field):
        field.data = (field.data or "").strip()

    def validate_ends(self, field):
        if self.day.data is None or self.starts.data is None or field.data is None:
            return
        problem = event_times.window_problem(*self._window())
        if problem:
            raise ValidationError(problem)

    def validate_sectors(self, field):
        if set(field.data or ()) - dict(SECTORS).keys():
            raise ValidationError("Choose areas of work from the list.")

    def validate_year_groups(self, field):
        chosen = set(field.data or ())
        if not chosen:
            raise ValidationError("Choose at least one year group.")
        if chosen - {str(y) for y in YEAR_GROUPS}:
            raise ValidationError("Choose year groups from the list.")

    def validate_provider_type(self, field):
        if self.event_kind not in PROVIDER_KINDS:
            field.data = ""
            return
        if field.data not in {p.value for p in ProviderType}:
            raise ValidationError("Choose what kind of provider is coming.")

    def validate_content_items(self, field):
        if self.event_kind is not EventKind.PROVIDER_ACCESS:
            field.data = []
            return
        try:
            content_items_from(field.data or ())
        except ValueError:
            raise ValidationError("Choose what the provider covers from the four in the list.") from None

    def validate_other_kind(self, field):
        if self.event_kind is not EventKind.OTHER:
            field.data = ""
            return
        if field.data not in {k.value for k in EntryKind}:
            raise ValidationError("Choose what attending the event counts as.")

    def validate_other_subtype(self, field):
        if self.event_kind is not EventKind.OTHER or self.other_kind.data not in {k.value for k in EntryKind}:
            field.data = ""
            return
        info = KINDS[EntryKind(self.other_kind.data)]
        codes = dict(info.subtypes)
        if not codes:
            field.data = ""
        elif field.data not in codes:
            raise ValidationError(f"Choose what kind of activity it is, from the list under “{info.label}”.")

    def _window(self):
        return (
            event_times.to_utc(self.day.data, self.starts.data),
            event_times.to_utc(self.day.data, self.ends.data),
        )

    def validate_late_window_hours(self, field):
        ceiling = current_app.config["CHECKIN_MAX_DELAY_HOURS"]
        if field.data is not None and not 1 <= field.data <= ceiling:
            raise ValidationError(f"Enter a number of hours from 1 to {ceiling}, or leave it empty.")

    def to_data(self) -> EventData:
        """The validated facts, ready for an operation."""
        starts_at, ends_at = self._window()
        kind = self.event_kind
        return EventData(
            kind=kind,
            title=self.title.data,
            starts_at=starts_at,
            ends_at=ends_at,
            place=self.place.data or "",
            online=bool(self.online.data),
            is_stem=bool(self.is_stem.data),
            sectors=tuple(code for code, _ in SECTORS if code in set(self.sectors.data or ())),
            year_groups=tuple(sorted(int(y) for y in self.year_groups.data)),
            provider_type=ProviderType(self.provider_type.data) if kind in PROVIDER_KINDS else None,
            whole_year_invited=bool(self.whole_year_invited.data),
            in_school_hours=bool(self.in_school_hours.data),
            content_items=content_items_from(self.content_items.data or ()),
            description=(self.description.data or "").strip(),
            late_window_hours=self.late_window_hours.data,
            other_kind=EntryKind(self.other_kind.data) if kind is EventKind.OTHER else None,
            other_subtype=(self.other_subtype.data or None) if kind is EventKind.OTHER else None,
        )

    def load(self, event) -> None:
        """Fill the form from a saved event (for changing it)."""
        start, end = event_times.to_local(event.starts_at), event_times.to_local(event.ends_at)
        self.kind.data = event.kind.value
        self.title.data = event.title
        self.day.data, self.starts.data, self.ends.data = start.date(), start.time(), end.time()
        self.place.data = event.place
        self.online.data = event.online
        self.is_stem.data = event.is_stem
        self.sectors.data = event.sector_list
        self.year_groups.data = [str(y) for y in event.year_group_list]
        self.provider_type.data = event.provider_type or ""
        self.whole_year_invited.data = event.whole_year_invited
        self.in_school_hours.data = event.in_school_hours
        self.content_items.data = event.content_item_list
        self.description.data = event.description
        self.late_window_hours.data = event.late_window_hours
        if event.kind is EventKind.OTHER:
            self.other_kind.data = event.entry_kind.value
            self.other_subtype.data = event.entry_subtype or ""
