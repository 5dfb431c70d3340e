"""What a pupil's own pages read: their entries, their progress, their timeline."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import lazyload

from ..domain import benchmarks
from ..domain import dates
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import Pupil
from ..models import Reflection
from .guidance import interview_rows
from .reflections import Unread
from .reflections import unread_for


def entries_of(pupil: Pupil) -> list[Entry]:
    """The pupil's entries, newest first, with skills and reflections loaded (3 queries)."""
    return list(
        db.session.scalars(
            select(Entry)
            .where(Entry.pupil_id == pupil.id, Entry.school_id == pupil.school_id)
            .order_by(Entry.occurred_on.desc(), Entry.id.desc())
        )
    )


def own_entry_or_none(pupil: Pupil, client_uuid: uuid.UUID) -> Entry | None:
    """The pupil's entry with this uuid, or None when it is missing or someone else's."""
    return db.session.scalar(
        select(Entry).where(Entry.client_uuid == client_uuid, Entry.pupil_id == pupil.id)
    )


def own_entry_or_404(pupil: Pupil, client_uuid: uuid.UUID) -> Entry:
    """As own_entry_or_none, but 404 (never 403: another pupil's entry must not be confirmed
    to exist)."""
    entry = own_entry_or_none(pupil, client_uuid)
    if entry is None:
        abort(404)
    return entry


def facts(entry) -> benchmarks.EntryFacts:
    """The plain values the benchmark rules read from an entry (or a row of its columns)."""
    return benchmarks.EntryFacts(
        kind=entry.kind,
        occurred_on=entry.occurred_on,
        subtype=entry.subtype,
        is_stem=entry.is_stem,
        met_staff=entry.met_staff,
        met_students=entry.met_students,
        verification=entry.verification,
        ref=getattr(entry, "id", None),
        adviser_level6=entry.adviser_level6,
    )


def interview_facts_of(pupil: Pupil) -> list[benchmarks.EntryFacts]:
    """The guidance interviews advisers recorded for the pupil, as the rules read them (one
    query): B8 counts them with the pupil's verified interview entries (requirements item 10)."""
    return [benchmarks.interview_facts(r.held_on, r.adviser_level6) for r in interview_rows([pupil.id])]


def pupil_facts(pupil: Pupil) -> benchmarks.PupilFacts:
    return benchmarks.PupilFacts(
        date_of_birth=pupil.date_of_birth,
        year_group=pupil.year_group,
        considering_university=pupil.considering_university,
        further_interview_offered_on=pupil.further_interview_offered_on,
    )


def progress_of(pupil: Pupil, entries: list[Entry], today: date) -> benchmarks.Progress:
    """The pupil's status on every per-pupil Gatsby criterion, under their school's settings
    (one query more, for the interviews advisers recorded)."""
    return _progress(pupil, [facts(e) for e in entries] + interview_facts_of(pupil), today)


def _progress(pupil: Pupil, entry_facts: list[benchmarks.EntryFacts], today: date) -> benchmarks.Progress:
    settings = pupil.user.school.settings.as_benchmark_settings()
    return benchmarks.progress(pupil_facts(pupil), entry_facts, settings, today)


@dataclass(frozen=True)
class Home:
    """What the pupil's home page shows."""

    progress: benchmarks.Progress
    recent: list[Entry]
    # Every entry still to reflect on, as plain rows (client_uuid, kind, organisation), newest
    # first; rejected entries are left out (they are in ``rejected``, to fix first).
    to_reflect: list
    unreflected: int
    # Entries school did not confirm, with the reason: shown first, so the pupil can fix them
    # (requirements item 16: self-reported, verified, rejected).
    rejected: list[Entry]
    rejected_count: int
    # Entries whose reflection has staff comments the pupil has not read (issue 8 item 3).
    unread_comments: list[Unread]


RECENT = 3


def progress_for(pupil: Pupil, today: date) -> benchmarks.Progress:
    """The pupil's progress through the cache (queries/progress.py): one query when it is
    fresh, three and an upsert when the record, the settings or the day changed since."""
    from .progress import progress_of_pupil

    return progress_of_pupil(pupil, pupil.user.school.settings, today)


def home(pupil: Pupil, today: date) -> Home:
    """Progress and the lists of the home page in four queries, whatever the record's size
    (five when some entries were rejected): the cached progress, the newest entries, one query
    of plain rows for the entries still to reflect on or rejected (only the newest of those are
    loaded whole), and the unread comments on the pupil's reflections."""
    mine = (Entry.pupil_id == pupil.id, Entry.school_id == pupil.school_id)
    newest = (Entry.occurred_on.desc(), Entry.id.desc())
    progress = progress_for(pupil, today)
    recent = list(
        db.session.scalars(
            select(Entry)
            .options(joinedload(Entry.reflection), lazyload(Entry.skills))
            .where(*mine)
            .order_by(*newest)
            .limit(RECENT)
        )
    )
    # All of them (plain rows, a few bytes each): home says how many and lists every one.
    rejected_now = Entry.verification == Verification.REJECTED
    waiting = db.session.execute(
        select(Entry.client_uuid, Entry.kind, Entry.organisation, rejected_now.label("rejected"))
        .outerjoin(Reflection, Reflection.entry_id == Entry.id)
        .where(*mine, or_(Reflection.entry_id.is_(None), rejected_now))
        .order_by(*newest)
    ).all()
    to_reflect = [r for r in waiting if not r.rejected]
    rejected_count = len(waiting) - len(to_reflect)
    rejected = (
        list(
            db.session.scalars(
                select(Entry)
                .options(joinedload(Entry.verified_by), lazyload(Entry.skills))
                .where(*mine, rejected_now)
                .order_by(*newest)
                .limit(RECENT)
            )
        )
        if rejected_count
        else []
    )
    return Home(
        progress=progress,
        recent=recent,
        to_reflect=to_reflect,
        unreflected=len(to_reflect),
        rejected=rejected,
        rejected_count=rejected_count,
        unread_comments=unread_for(pupil),
    )


@dataclass(frozen=True)
class SchoolYear:
    """One group of the timeline: the entries of one school year."""

    academic_year: int
    year_group: int
    label: str
    entries: list[Entry]


def timeline(pupil: Pupil, entries: list[Entry], today: date) -> list[SchoolYear]:
    """The entries grouped by school year, newest year first (entries already newest first)."""
    groups: dict[int, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(dates.academic_year(entry.occurred_on), []).append(entry)
    return [
        SchoolYear(
            academic_year=year,
            year_group=dates.year_group_on(
                dates.school_year_bounds(year)[0], current_year_group=pupil.year_group, today=today
            ),
            label=dates.school_year_label(year),
            entries=items,
        )
        for year, items in sorted(groups.items(), reverse=True)
    ]
