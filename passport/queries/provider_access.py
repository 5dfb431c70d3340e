"""Provider access read from the record (issue 11 item 3; domain/provider_access.py has the
rules): each year group's pupils by phase, and the provider statement the school publishes
(item 14: "providers that visited; encounters per phase"). Fixed queries."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date

from sqlalchemy import select

from ..domain import dates
from ..domain import provider_access as rules
from ..domain.events import EventKind
from ..domain.kinds import PROVIDER_LABELS
from ..domain.kinds import ProviderType
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import Event
from ..models import EventOrganisation
from ..models import Pupil
from ..models import School
from .action_lists import Listed
from .action_lists import listed_of
from .action_lists import pupil_rows

_QUALIFYING = (
    Event.kind == EventKind.PROVIDER_ACCESS, Event.whole_year_invited.is_(True),
    Event.in_school_hours.is_(True), Event.cancelled_at.is_(None),
)


def _dates_met(school: School) -> dict[int, list[date]]:
    """{pupil id: the dates of their qualifying provider encounters} (one query)."""
    met: dict[int, list[date]] = {}
    rows = db.session.execute(
        select(Entry.pupil_id, Entry.occurred_on)
        .join(Event, Event.id == Entry.event_id)
        .where(Entry.school_id == school.id, Event.school_id == school.id,
               Entry.verification != Verification.REJECTED, *_QUALIFYING)
    )
    for pupil_id, on in rows:
        met.setdefault(pupil_id, []).append(on)
    return met


@dataclass
class YearAccess:
    year_group: int
    phase: rules.Phase
    counts: dict[rules.PhaseStatus, int] = field(default_factory=dict)
    behind: list[tuple[Listed, int, rules.PhaseStatus]] = field(default_factory=list)  # fewer than two

    @property
    def pupils(self) -> int:
        return sum(self.counts.values())


def by_year(school: School, today: date) -> list[YearAccess]:
    """Years 8–13: each pupil's encounters in their phase, and who has fewer than two (missed
    first). Two queries."""
    met = _dates_met(school)
    years: dict[int, YearAccess] = {}
    for r in pupil_rows(school, Pupil.year_group >= rules.PHASES[0].first_year):
        phase = rules.current_phase(r.year_group)
        year = years.setdefault(r.year_group, YearAccess(r.year_group, phase))
        n = rules.encounters_in(phase, r.year_group, met.get(r.id, []), today)
        state = rules.status(phase, r.year_group, n, today)
        year.counts[state] = year.counts.get(state, 0) + 1
        if state is not rules.PhaseStatus.DONE:
            year.behind.append((listed_of(r), n, state))
    for year in years.values():
        year.behind.sort(key=lambda t: (t[2] is not rules.PhaseStatus.MISSED, t[1], t[0].name))
    return [years[y] for y in sorted(years)]


@dataclass(frozen=True)
class Session:
    on: date
    title: str
    provider_type: str
    providers: list[str]
    year_groups: str
    phases: list[int]
    pupils: int


@dataclass(frozen=True)
class Statement:
    school_year: str
    sessions: list[Session]
    per_phase: dict[int, tuple[int, int]]  # phase: (sessions, pupil encounters)


def _provider_type(value: str | None) -> ProviderType | None:
    try:
        return ProviderType(value) if value else None
    except ValueError:
        return None


def statement(school: School, today: date) -> Statement:
    """This school year's qualifying sessions with the providers that came, and per phase the
    sessions and the encounters pupils had (three queries)."""
    start, end = dates.school_year_bounds(dates.academic_year(today))
    events = list(db.session.scalars(
        select(Event).where(Event.school_id == school.id, *_QUALIFYING, Event.starts_at >= start,
                            Event.starts_at <= end).order_by(Event.starts_at, Event.id)
    ))
    ids = [e.id for e in events]
    names: dict[int, list[str]] = {}
    pupils: dict[int, int] = {}
    if ids:
        for event_id, name in db.session.execute(
            select(EventOrganisation.event_id, EventOrganisation.name)
            .where(EventOrganisation.event_id.in_(ids)).order_by(EventOrganisation.name)
        ):
            names.setdefault(event_id, []).append(name)
        for event_id, n in db.session.execute(
            select(Entry.event_id, db.func.count(db.func.distinct(Entry.pupil_id)))
            .where(Entry.event_id.in_(ids), Entry.verification != Verification.REJECTED)
            .group_by(Entry.event_id)
        ):
            pupils[event_id] = n
    sessions, per_phase = [], {p.number: (0, 0) for p in rules.PHASES}
    for e in events:
        years = sorted(int(y) for y in e.year_groups.split(",") if y.strip().isdigit())
        phases = sorted({
            p.number for p in rules.PHASES if not years or {p.first_year, p.first_year + 1} & set(years)
        })
        for number in phases:
            s, n = per_phase[number]
            per_phase[number] = (s + 1, n + pupils.get(e.id, 0))
        label = PROVIDER_LABELS.get(_provider_type(e.provider_type), e.provider_type or "")
        sessions.append(Session(
            e.starts_at.date(), e.title, label, names.get(e.id, []), ", ".join(map(str, years)) or "all",
            phases, pupils.get(e.id, 0),
        ))
    return Statement(dates.school_year_label(dates.academic_year(today)), sessions, per_phase)
