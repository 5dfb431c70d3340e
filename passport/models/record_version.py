"""One session listener bumps ``Pupil.record_version`` (and ``SchoolSettings.version``) after the
flush of every change that can alter a pupil's progress, so no write path can forget it.

What feeds the rules (``queries/pupils.py``: ``facts``, ``pupil_facts``, ``interview_facts_of``):
the pupil's entries (a check-in, an employer's confirmation, a sync batch, a verification and
its undo all write ``Entry`` rows), the guidance interviews advisers record, four columns of the
pupil, and the school's settings. The hole a flush listener leaves is a bulk ``update()`` /
``delete()`` / ``insert()`` statement, which never reaches the flush: ``guard_bulk`` refuses
those on these tables unless the caller says it bumped the versions itself
(``execution_options(record_version="bumped")``), and ``tests/operations/test_record_version.py``
reads passport/ for Core statements on their tables.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy import update
from sqlalchemy.orm import Session

from .entries import Entry
from .guidance import GuidanceInterview
from .people import Pupil
from .school import SchoolSettings

# The Pupil columns the rules read (queries/pupils.py, pupil_facts).
PUPIL_FIELDS = ("date_of_birth", "year_group", "considering_university", "further_interview_offered_on")
# Rows that count for the pupil named by their ``pupil_id``, and the columns the rules read
# (queries/pupils.py, ``facts``, ``interview_facts_of``): a new or deleted row always counts,
# a changed one only when one of these changed (a reflection saved touches its entry's row).
FEEDS = {
    Entry: ("pupil_id", "school_id", "kind", "subtype", "occurred_on", "is_stem", "met_staff",
            "met_students", "verification", "adviser_level6"),
    GuidanceInterview: ("pupil_id", "school_id", "held_on", "adviser_level6"),
}
GUARDED = {Entry, GuidanceInterview, Pupil, SchoolSettings}
BUMPED = "bumped"


class UnversionedBulkWrite(RuntimeError):
    """A bulk statement on a table that feeds the rules, without bumping the record version."""


def _changed(obj, names) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _pupils_touched(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        fields = FEEDS.get(type(obj))
        if fields is not None:
            if obj in session.dirty and not _changed(obj, fields):
                continue
            history = inspect(obj).attrs.pupil_id.history
            # Old and new owner both, should an entry ever move between pupils.
            ids.update(v for v in chain(history.added, history.unchanged, history.deleted) if v is not None)
        elif isinstance(obj, Pupil) and obj in session.dirty and _changed(obj, PUPIL_FIELDS):
            ids.add(obj.id)
    return ids


def bump_versions(session: Session, _context) -> None:
    """after_flush: ``record_version + 1`` on every pupil whose progress this flush may have
    changed, in one UPDATE in the flush's transaction whatever their number (an SQL increment,
    so two writers never lose one), and the same for school settings that changed. Pupils
    created or deleted in this flush are left alone (a new pupil starts at 1)."""
    coming_or_going = {p.id for p in chain(session.new, session.deleted) if isinstance(p, Pupil)}
    ids = _pupils_touched(session) - coming_or_going
    settings = [
        s.school_id for s in session.dirty if isinstance(s, SchoolSettings) and session.is_modified(s)
    ]
    connection = session.connection()
    if ids:
        table = Pupil.__table__
        connection.execute(
            update(table).where(table.c.id.in_(sorted(ids))).values(record_version=table.c.record_version + 1)
        )
    if settings:
        table = SchoolSettings.__table__
        connection.execute(
            update(table).where(table.c.school_id.in_(settings)).values(version=table.c.version + 1)
        )
    # Loaded copies now hold the old numbers: expire them once the flush is done.
    session.info.setdefault("bumped", []).extend(
        [(Pupil, i) for i in ids] + [(SchoolSettings, i) for i in settings]
    )


def _expire_bumped(session: Session, _context) -> None:
    """after_flush_postexec: the versions bumped are read again when next used."""
    for model, key in session.info.pop("bumped", ()):
        obj = session.identity_map.get(session.identity_key(model, key))
        if obj is not None:
            session.expire(obj, ["version" if model is SchoolSettings else "record_version"])


def guard_bulk(state) -> None:
    """do_orm_execute: refuse an ORM bulk UPDATE, DELETE or INSERT on a table that feeds the
    rules unless marked ``record_version="bumped"`` (see ``bump_pupils``)."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is None or mapper.class_ not in GUARDED:
        return
    if state.execution_options.get("record_version") != BUMPED:
        raise UnversionedBulkWrite(
            f"bulk write on {mapper.class_.__tablename__}: bump the pupils' record_version "
            "(models.record_version.bump_pupils) and pass execution_options(record_version='bumped')"
        )


def bump_pupils(session: Session, pupil_ids) -> None:
    """Bump the record version of these pupils in one statement, for a caller that writes their
    rows with a bulk statement (which the flush listener never sees)."""
    ids = sorted(set(pupil_ids))
    if ids:
        session.execute(
            update(Pupil).where(Pupil.id.in_(ids)).values(record_version=Pupil.record_version + 1),
            execution_options={"record_version": BUMPED, "synchronize_session": False},
        )


def install(session_target) -> None:
    """Listen on ``session_target`` (``db.session``); safe to call for every app made."""
    if not event.contains(session_target, "after_flush", bump_versions):
        event.listen(session_target, "after_flush", bump_versions)
        event.listen(session_target, "after_flush_postexec", _expire_bumped)
    if not event.contains(session_target, "do_orm_execute", guard_bulk):
        event.listen(session_target, "do_orm_execute", guard_bulk)
    if not event.contains(session_target, "after_flush", _wrote):
        event.listen(session_target, "after_flush", _wrote)
        event.listen(session_target, "after_transaction_end", _ended)


def _wrote(session: Session, _context) -> None:
    session.info["pending_writes"] = True


def _ended(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop("pending_writes", None)


def has_pending_writes(session) -> bool:
    """Whether ``session`` has flushed changes not yet committed, or changes not yet flushed."""
    return bool(session.info.get("pending_writes") or session.new or session.dirty or session.deleted)
