"""Pupils' progress read through the cache (``models.PupilProgress``): computed from the whole
record once per record version, settings version and day, then read back in one query for any
number of pupils (docs/decisions.md, "Progress is cached per record version").

The order matters for correctness under concurrent writes: a pupil's ``record_version`` is read
(with the pupil) *before* their entries, so a progress is never stored under a version newer
than the facts it was computed from; at worst it is stored under an older one and recomputed
on the next read.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from ..domain import benchmarks
from ..extensions import db
from ..models import Entry
from ..models import PupilProgress
from ..models import SchoolSettings
from ..models.record_version import has_pending_writes
from .guidance import interview_rows
from .pupils import facts
from .pupils import pupil_facts

log = logging.getLogger(__name__)


class PupilLike(Protocol):
    """A ``Pupil`` or a row of its columns: what the rules and the cache need."""

    id: int
    record_version: int
    date_of_birth: date
    year_group: int
    considering_university: bool
    further_interview_offered_on: date | None


# --- the stored form: per criterion only what differs between pupils ------------------------

# A stand-in pupil for the criteria's names: benchmark, title and source depend on the school's
# settings alone (an age, a year), never on the pupil, so they are not stored per pupil.
_ANYONE = benchmarks.PupilFacts(date_of_birth=date(2010, 9, 1), year_group=9, considering_university=True)
_STATUS = {s.value: s for s in benchmarks.Status}


def heads(rules: benchmarks.BenchmarkSettings, today: date) -> dict[str, tuple[int, str, str]]:
    """{criterion key: (benchmark, title, source)} under these settings."""
    criteria = benchmarks.progress(_ANYONE, (), rules, today).criteria
    return {c.key: (c.benchmark, c.title, c.source) for c in criteria}


def dump(progress: benchmarks.Progress) -> list[list]:
    """``progress`` as JSON-ready lists: [key, status, due, evidence, missing, evidence_refs]
    per criterion, in order (what the pupil page, the staff pupil page and the review cells
    read; the names come back from ``heads``)."""
    return [
        [c.key, c.status.value, c.due.isoformat() if c.due else None, c.evidence, list(c.missing),
         list(c.evidence_refs)]
        for c in progress.criteria
    ]


def load(criteria: list[list], named: dict[str, tuple[int, str, str]]) -> benchmarks.Progress:
    """The Progress ``dump`` stored; ValueError, TypeError or KeyError if it is not one."""
    return benchmarks.Progress(tuple(
        benchmarks.CriterionStatus(
            key, *named[key][:2], _STATUS[status], date.fromisoformat(due) if due else None,
            named[key][2], evidence, tuple(missing), tuple(refs),
        )
        for key, status, due, evidence, missing, refs in criteria
    ))


# --- reading through the cache ---------------------------------------------------------------


def progress_by_pupil(
    pupils: list[PupilLike], settings: SchoolSettings, today: date, *, verified_only: bool = False
) -> dict[int, benchmarks.Progress]:
    """{pupil id: progress} for ``pupils`` of the school whose ``settings`` these are.

    One query for the cached rows. Only if some are stale (new record version, new settings
    version, another day, never computed): two more (their entries' columns, their recorded
    interviews) and one upsert in its own short transaction, whatever the number of pupils.
    """
    if not pupils:
        return {}
    ids = [p.id for p in pupils]
    cached = {
        row.pupil_id: row
        for row in db.session.execute(
            select(
                PupilProgress.pupil_id, PupilProgress.record_version, PupilProgress.settings_version,
                PupilProgress.computed_for, PupilProgress.criteria,
            ).where(PupilProgress.pupil_id.in_(ids), PupilProgress.verified_only.is_(verified_only))
        )
    }
    result: dict[int, benchmarks.Progress] = {}
    named = heads(settings.as_benchmark_settings(verified_only=verified_only), today)
    stale = []
    for p in pupils:
        row = cached.get(p.id)
        if (
            row is not None
            and row.record_version == p.record_version
            and row.settings_version == settings.version
            and row.computed_for == today
        ):
            try:
                result[p.id] = load(row.criteria, named)
                continue
            except (ValueError, TypeError, KeyError):
                pass  # a stored form this code does not read: compute it again
        stale.append(p)
    if stale:
        fresh = _compute(stale, settings, today, verified_only)
        result.update(fresh)
        _store(stale, fresh, settings.version, today, verified_only)
    return result


def progress_of_pupil(pupil: PupilLike, settings: SchoolSettings, today: date, **kw) -> benchmarks.Progress:
    """One pupil's progress through the cache (see ``progress_by_pupil``)."""
    return progress_by_pupil([pupil], settings, today, **kw)[pupil.id]


def _compute(pupils: list[PupilLike], settings: SchoolSettings, today: date, verified_only: bool):
    by_pupil: dict[int, list[benchmarks.EntryFacts]] = {p.id: [] for p in pupils}
    rows = db.session.execute(
        select(
            Entry.pupil_id, Entry.id, Entry.kind, Entry.subtype, Entry.occurred_on, Entry.is_stem,
            Entry.met_staff, Entry.met_students, Entry.verification, Entry.adviser_level6,
        )
        .where(Entry.pupil_id.in_(by_pupil), Entry.school_id == settings.school_id)
        # Newest first, as the pages list them: the evidence refs keep this order.
        .order_by(Entry.occurred_on.desc(), Entry.id.desc())
    )
    for row in rows:
        by_pupil[row.pupil_id].append(facts(row))
    for r in interview_rows(by_pupil):
        by_pupil[r.pupil_id].append(benchmarks.interview_facts(r.held_on, r.adviser_level6))
    rules = settings.as_benchmark_settings(verified_only=verified_only)
    return {p.id: benchmarks.progress(pupil_facts(p), by_pupil[p.id], rules, today) for p in pupils}


def _upsert_statement():
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(PupilProgress.__table__)
    changing = ("record_version", "settings_version", "computed_for", "criteria")
    return statement.on_conflict_do_update(
        index_elements=["pupil_id", "verified_only"],
        set_={name: statement.excluded[name] for name in changing},
    )


def _store(pupils, fresh, settings_version: int, today: date, verified_only: bool) -> None:
    """Upsert the fresh progress in a transaction of its own (so a page's read never commits
    the page's session, and two readers racing on one pupil both succeed: the last one wins,
    and both wrote the same value or an older version that the next read recomputes).

    Skipped when this session has written and not yet committed: those facts may still be
    rolled back, and on PostgreSQL the upsert would wait on this session's own row lock."""
    if has_pending_writes(db.session):
        return
    rows = [
        {"pupil_id": p.id, "verified_only": verified_only, "record_version": p.record_version,
         "settings_version": settings_version, "computed_for": today, "criteria": dump(fresh[p.id])}
        for p in pupils
    ]
    try:
        with db.engine.begin() as connection:
            connection.execute(_upsert_statement(), rows)
    except DBAPIError:  # e.g. SQLite busy past its timeout: the page still has its figures
        log.warning("progress cache not written for %d pupils", len(rows), exc_info=True)
