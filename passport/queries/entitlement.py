"""Entitlement statements read from the record (issue 10 items 2–4; requirements items 29–30):
a school's items, and one pupil's statements with each item done, still to come or missed.
A fixed number of queries whatever the size of the record (bench/parent_view.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime

from sqlalchemy import select

from ..domain import benchmarks
from ..domain import entitlement as rules
from ..domain.kinds import KINDS
from ..extensions import db
from ..models import EntitlementItem
from ..models import Entry
from ..models import Event
from ..models import GuidanceInterview
from ..models import Pupil
from ..models import SchoolSettings
from .progress import progress_of_pupil


def rows_of(school_id: int) -> list[EntitlementItem]:
    """The school's stored changes and own items (one query)."""
    return list(db.session.scalars(
        select(EntitlementItem).where(EntitlementItem.school_id == school_id).order_by(EntitlementItem.id)
    ))


def _rule_of(row: EntitlementItem) -> rules.Rule:
    if row.criterion_key:
        return rules.Criterion(row.criterion_key)
    return rules.Activity(row.activity_kind, row.needed or 1, row.year_group, row.year_group)


def items_of(school_id: int, rows: list[EntitlementItem] | None = None) -> tuple[rules.Item, ...]:
    """The school's statement items: the defaults as the careers leader changed them, then the
    school's own."""
    rows = rows_of(school_id) if rows is None else rows
    overrides = [rules.Override(r.default_key, r.wording, r.hidden) for r in rows if r.default_key]
    own = [
        rules.Item(r.year_group, r.wording or "", _rule_of(r), ref=r.id)
        for r in rows if not r.default_key and r.wording
    ]
    return rules.statement_items(overrides, own)


@dataclass(frozen=True)
class YearStatement:
    year_group: int
    current: bool
    results: list[rules.ItemResult]

    def count(self, status: rules.ItemStatus) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass(frozen=True)
class ChildStatement:
    years: list[YearStatement]  # this year first, then past years, newest first
    upcoming_events: list[Event]
    shared_interviews: list[GuidanceInterview]
    # Everything the child has done, newest first (not rejected ones): kind, where, when, and
    # whether school confirmed it; never what they wrote about it.
    activities: list[rules.RecordedActivity]


def activity_title(entry) -> str:
    """What an entry was, in the words a parent reads: its kind and organisation; never the
    pupil's own description or reflection."""
    label = KINDS[entry.kind].label
    return f"{label}: {entry.organisation}" if entry.organisation else label


def _activities(pupil: Pupil) -> list[rules.RecordedActivity]:
    rows = db.session.execute(
        select(Entry.id, Entry.kind, Entry.occurred_on, Entry.organisation, Entry.verification)
        .where(Entry.pupil_id == pupil.id, Entry.school_id == pupil.school_id)
        .order_by(Entry.occurred_on, Entry.id)
    )
    return [
        rules.RecordedActivity(r.id, r.kind, r.occurred_on, activity_title(r), r.verification) for r in rows
    ]


def upcoming_events(pupil: Pupil, now: datetime, limit: int = 6) -> list[Event]:
    """The school's next events open to the pupil's year group (an event with no year groups is
    for everyone), soonest first; one query."""
    events = db.session.scalars(
        select(Event)
        .where(Event.school_id == pupil.school_id, Event.cancelled_at.is_(None), Event.ends_at >= now)
        .order_by(Event.starts_at, Event.id)
    )
    year = str(pupil.year_group)
    return [e for e in events if not e.year_groups or year in e.year_groups.split(",")][:limit]


def years_of(
    pupil: Pupil, today: date, activities: list[rules.RecordedActivity] | None = None,
    progress: benchmarks.Progress | None = None,
) -> list[YearStatement]:
    """The pupil's statements for this year and every past year that has items, this year first
    (``progress``: the pupil's, when the caller has read it already)."""
    if progress is None:
        progress = progress_of_pupil(pupil, db.session.get(SchoolSettings, pupil.school_id), today)
    activities = _activities(pupil) if activities is None else activities
    results = rules.evaluate(items_of(pupil.school_id), progress, activities, pupil.year_group, today)
    by_year: dict[int, list[rules.ItemResult]] = {}
    for r in results:
        if r.item.year_group <= pupil.year_group:
            by_year.setdefault(r.item.year_group, []).append(r)
    return [
        YearStatement(y, y == pupil.year_group, by_year[y]) for y in sorted(by_year, reverse=True)
    ]


def statement_of(pupil: Pupil, today: date, now: datetime) -> ChildStatement:
    """What a linked parent reads about their child: the statements, the next events for the
    child's year, and the guidance interviews the child shares with parents (with actions)."""
    shared = list(db.session.scalars(
        select(GuidanceInterview)
        .where(
            GuidanceInterview.pupil_id == pupil.id,
            GuidanceInterview.school_id == pupil.school_id,
            GuidanceInterview.shared_with_parents.is_(True),
        )
        .order_by(GuidanceInterview.held_on.desc(), GuidanceInterview.id.desc())
    ))
    activities = _activities(pupil)
    done = [a for a in reversed(activities) if rules.counts(a, today)]
    return ChildStatement(years_of(pupil, today, activities), upcoming_events(pupil, now), shared, done)
