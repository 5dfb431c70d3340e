"""The demo school's events, written through the real operations, around ``today``: Year 9's
careers fair three weeks ago (most of the year checked in; the four employers confirmed some
pupils at their stands, with a comment), two provider-access sessions (Year 10's, in school
hours, counts towards the duty and covered the four content items; Year 8's, after school, does
not count and left no time for questions), Year 11's mock interviews open for check-in now, and
a Year 12 university visit to come.

No DEMO ONLY writes are needed: operations.checkin takes the moments a claim was scanned and
received, and operations.employer the moment of a confirmation, so past ones go through them
as they are. Past events fall on school days of this school year (texts.AUTUMN, SPRING,
SUMMER), each on a day when no pupil invited already has an entry of the kind it makes, so an
event never doubles a pupil's own entry of that day; they are left out before the year's first
school day. Their entries come on top of the planned ones.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

from sqlalchemy import select

from ..domain import dates
from ..domain import event_times
from ..domain.events import CONTENT_ITEMS
from ..domain.events import ContentItem
from ..domain.events import entry_for
from ..domain.events import EventKind
from ..domain.kinds import ProviderType
from ..extensions import db
from ..models import Entry
from ..models import Event
from ..models import Pupil
from ..models import School
from ..models import User
from ..operations import checkin
from ..operations import employer
from ..operations import entries
from ..operations import events as event_ops
from ..queries.events import checkin_url
from .record import answers
from .texts import AUTUMN
from .texts import EMPLOYER_COMMENTS
from .texts import EMPLOYERS
from .texts import SPRING
from .texts import SUMMER


@dataclass(frozen=True)
class DemoEvent:
    """An event the demo made: ``when`` is "past", "today" or "upcoming"; ``checked_in`` the
    pupils who checked in, ``confirmed`` the confirmations its organisations made."""

    event: Event
    when: str
    checked_in: int = 0
    confirmed: int = 0


@dataclass(frozen=True)
class DemoEvents:
    """The events in time order, the build's ``now`` (naive UTC, on ``today``), the entries and
    reflections they made, and a pupil invited to today's event who has not checked in yet."""

    events: list[DemoEvent]
    now: datetime
    entries: int
    reflections: int
    to_try: User | None

    @property
    def today(self) -> DemoEvent | None:
        return next((e for e in self.events if e.when == "today"), None)


def school_days(academic_year: int) -> list[date]:
    """The weekdays of the three terms of the school year that starts in ``academic_year``."""
    days = []
    for (m1, d1), (m2, d2) in (AUTUMN, SPRING, SUMMER):
        day, last = date(academic_year + (m1 < 9), m1, d1), date(academic_year + (m2 < 9), m2, d2)
        span = (day + timedelta(n) for n in range((last - day).days + 1))
        days += [d for d in span if d.weekday() < 5]
    return days


def pick_day(days: list[date], target: date, avoid: set[date]) -> date | None:
    """The day of ``days`` nearest ``target`` (the earlier of two as near) not in ``avoid``."""
    return min((d for d in days if d not in avoid), key=lambda d: (abs((d - target).days), d), default=None)


def moment_on(today: date, now: datetime) -> datetime:
    """``now`` (naive UTC) if it falls on ``today`` in England, else the same clock time on
    ``today``: the demo's "now" when it is built for another day (``--today``)."""
    local = event_times.to_local(now)
    return now if local.date() == today else event_times.to_utc(today, local.time())


def todays_window(moment: datetime) -> tuple[datetime, datetime]:
    """A window (naive UTC) open at ``moment``: from about 20 minutes before it (on a multiple
    of five minutes, not before midnight) for two and a half hours, but ending by 23:59 in
    England; built in the last minute of the day, it ends just after ``moment``."""
    local = event_times.to_local(moment).replace(tzinfo=None)
    midnight = datetime.combine(local.date(), time(0))
    start = max(local - timedelta(minutes=20), midnight)
    start -= timedelta(minutes=start.minute % 5, seconds=start.second, microseconds=start.microsecond)
    end = min(start + timedelta(hours=2, minutes=30), midnight + timedelta(hours=23, minutes=59))
    starts_at, ends_at = (event_times.to_utc(local.date(), t.time()) for t in (start, end))
    return min(starts_at, moment), max(ends_at, moment + timedelta(minutes=5))


def _entry_days(school: School, year_group: int, kind: EventKind, provider_type=None) -> set[date]:
    """Days on which a pupil of ``year_group`` has an entry of the kind the event would make."""
    entry_kind, subtype = entry_for(kind, provider_type=provider_type)
    query = (select(Entry.occurred_on).join(Pupil, Pupil.id == Entry.pupil_id)
             .where(Entry.school_id == school.id, Pupil.year_group == year_group,
                    Entry.kind == entry_kind, Entry.subtype == subtype))
    return set(db.session.scalars(query))


@dataclass
class _Builder:
    """Makes the events and their evidence; ``keen`` is each pupil's profile (0.0: a pupil who
    is never there, so pupils with no entries keep none)."""

    rng: random.Random
    school: School
    leader: User
    pupils: list[Pupil]
    keen: dict[int, float]
    today: date
    now: datetime
    used: set[date] = field(default_factory=set)
    entries: int = 0
    reflections: int = 0

    def op(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def year(self, year_group: int) -> list[Pupil]:
        return [p for p in self.pupils if p.year_group == year_group]

    def day(self, weeks: int, year_group: int, kind: EventKind, provider_type=None) -> date | None:
        """A school day ``weeks`` from today (or the nearest free one), before today for a past
        event, after it for one to come; None when there is none."""
        ay = dates.academic_year(self.today)
        if weeks < 0:
            days = [d for d in school_days(ay) if d < self.today]
        else:
            days = [d for d in school_days(ay) + school_days(ay + 1) if d > self.today]
        avoid = self.used | _entry_days(self.school, year_group, kind, provider_type)
        day = pick_day(days, self.today + timedelta(weeks=weeks), avoid)
        if day is not None:
            self.used.add(day)
        return day

    def event(self, starts_at: datetime, ends_at: datetime, organisations, **fields) -> Event:
        event = event_ops.create_event(self.school, self.leader, event_ops.EventData(
            starts_at=starts_at, ends_at=ends_at, **fields))
        for name, sector in organisations:
            event_ops.add_organisation(event, self.leader, name, sector)
        return event

    def check_in(self, event: Event, year_group: int, chance: Callable[[float], float], *,
                 until: datetime | None = None, late: float = 0.0) -> dict[int, datetime]:
        """Pupils of ``year_group`` check in, each with ``chance(keen)``, by QR (one in seven
        types the code) at a moment of the event before ``until``; a share ``late`` of the
        claims reach the server up to two hours later (no signal in the hall). Some reflect."""
        start, end = event.starts_at + timedelta(minutes=1), (until or event.ends_at) - timedelta(minutes=1)
        came: dict[int, datetime] = {}
        for pupil in self.year(year_group):
            keen = self.keen[pupil.id]
            if end <= start or self.rng.random() >= chance(keen):
                continue
            scanned = start + timedelta(seconds=self.rng.randint(0, int((end - start).total_seconds())))
            _, token, typed = checkin_url(event, scanned)
            by_hand = self.rng.random() < 0.15
            delay = timedelta(minutes=self.rng.randint(20, 120) if self.rng.random() < late else 0,
                              seconds=self.rng.randint(1, 20))
            received = min(scanned + delay, until) if until else scanned + delay
            entry = checkin.claim_attendance(
                pupil, pupil.user, token=None if by_hand else token, typed=typed if by_hand else None,
                scanned_at=scanned, received_at=received, op=self.op())
            came[pupil.id] = scanned
            self.entries += 1
            if self.rng.random() < 0.45 * keen:
                said = answers(self.rng, entry.kind, entry.organisation)
                entries.save_reflection(entry, pupil.user, said, 0)
                self.reflections += 1
        return came

    def careers_fair(self) -> DemoEvent | None:
        """Year 9's careers fair: four employers (two in STEM), most of the year checked in, a
        few came but forgot to; each employer confirmed about one pupil in four at its stand."""
        day = self.day(-3, 9, EventKind.CAREERS_FAIR)
        if day is None:
            return None
        stands = (self.rng.sample([e for e in EMPLOYERS if e[2]], 2)
                  + self.rng.sample([e for e in EMPLOYERS if not e[2]], 2))
        event = self.event(
            event_times.to_utc(day, time(13)), event_times.to_utc(day, time(15)),
            [(name, sector) for name, sector, _ in stands], kind=EventKind.CAREERS_FAIR,
            title="Year 9 careers fair", place="Sports hall", is_stem=True,
            sectors=tuple(dict.fromkeys(sector for _, sector, _ in stands)), year_groups=(9,),
            description="Employers' stands in the sports hall, all afternoon: ask them about their jobs.",
        )
        came = self.check_in(event, 9, lambda keen: 0.9 if keen else 0.0, late=0.1)
        confirmed = 0
        for pupil in self.year(9):
            arrived = came.get(pupil.id)
            if arrived is None and self.keen[pupil.id] and self.rng.random() < 0.3:
                arrived = event.starts_at + timedelta(minutes=self.rng.randint(1, 100))
            for org in event.organisations if arrived else ():
                if self.rng.random() < 0.25:
                    at = min(arrived + timedelta(minutes=self.rng.randint(2, 40)), event.ends_at)
                    comment = self.rng.choice(EMPLOYER_COMMENTS) if self.rng.random() < 0.67 else ""
                    employer.confirm_pupil(org, pupil, comment, self.op(), at=at)
                    confirmed += 1
        self.entries += confirmed
        return DemoEvent(event, "past", len(came), confirmed)

    def provider_session(self, year_group: int, weeks: int, provider: tuple[ProviderType, str],
                         hours: tuple[time, time], in_school_hours: bool, **fields) -> DemoEvent | None:
        """A provider-access session for the whole of ``year_group``: in school hours nearly
        everyone comes; after school, a share (the keener pupils more often)."""
        provider_type, name = provider
        day = self.day(weeks, year_group, EventKind.PROVIDER_ACCESS, provider_type)
        if day is None:
            return None
        event = self.event(
            event_times.to_utc(day, hours[0]), event_times.to_utc(day, hours[1]), [(name, None)],
            kind=EventKind.PROVIDER_ACCESS, provider_type=provider_type, year_groups=(year_group,),
            whole_year_invited=True, in_school_hours=in_school_hours, **fields,
        )
        came = self.check_in(event, year_group,
                             lambda keen: keen and (0.92 if in_school_hours else 0.15 + 0.35 * keen))
        return DemoEvent(event, "past", len(came))

    def mock_interviews_now(self) -> tuple[DemoEvent, User | None]:
        """Year 11's mock interviews, open now, with one organisation; a few pupils have checked
        in already. Also a Year 11 pupil who has not, to try checking in as."""
        starts_at, ends_at = todays_window(self.now)
        event = self.event(
            starts_at, ends_at, [("Pennine Building Society", "business_finance")],
            kind=EventKind.MOCK_INTERVIEWS, title="Year 11 mock interviews", place="Library",
            sectors=("business_finance",), year_groups=(11,),
            description="Fifteen-minute mock interviews with volunteers from Pennine Building Society.",
        )
        came = self.check_in(event, 11, lambda keen: 0.15 if keen else 0.0, until=self.now)
        to_try = next((p.user for p in self.year(11) if p.id not in came and self.keen[p.id]), None)
        return DemoEvent(event, "today", len(came)), to_try

    def university_visit(self) -> DemoEvent | None:
        """Year 12's visit to a university in three weeks (nobody has been yet)."""
        day = self.day(3, 12, EventKind.PROVIDER_VISIT, ProviderType.UNIVERSITY)
        if day is None:
            return None
        event = self.event(
            event_times.to_utc(day, time(9, 30)), event_times.to_utc(day, time(14, 30)),
            [("Kingsgate University", None)], kind=EventKind.PROVIDER_VISIT,
            provider_type=ProviderType.UNIVERSITY, title="Year 12 visit to Kingsgate University",
            place="Kingsgate University", year_groups=(12,),
            description="Coach leaves at 9am: a campus tour, a taster lecture and lunch with students.",
        )
        return DemoEvent(event, "upcoming")


def build_events(rng: random.Random, school: School, leader: User, pupils: list[Pupil],
                 keen: dict[int, float], today: date, now: datetime) -> DemoEvents:
    """The demo's events and their evidence, as of ``now`` (naive UTC) on ``today``."""
    now = moment_on(today, now)
    b = _Builder(rng, school, leader, pupils, keen, today, now)
    past = [
        b.careers_fair(),
        b.provider_session(10, -5, (ProviderType.APPRENTICESHIP_PROVIDER, "Apex Apprenticeships"),
                           (time(10, 15), time(11, 15)), True, place="Main hall",
                           title="Year 10 apprenticeships talk: Apex Apprenticeships",
                           description="Assembly: what apprenticeships are, where they lead, questions.",
                           content_items=tuple(CONTENT_ITEMS)),
        b.provider_session(8, -2, (ProviderType.UTC, "Westfield UTC"), (time(16), time(17, 30)), False,
                           title="Year 8 information evening: Westfield UTC", place="Main hall",
                           description="After school, with parents: what a UTC is and what pupils study.",
                           content_items=(ContentItem.PROVIDER_AND_OFFER, ContentItem.CAREERS,
                                          ContentItem.LEARNING_AND_TRAINING)),
    ]
    todays, to_try = b.mock_interviews_now()
    made = sorted((e for e in past if e), key=lambda e: e.event.starts_at) + [todays, b.university_visit()]
    return DemoEvents([e for e in made if e], now, b.entries, b.reflections, to_try)
