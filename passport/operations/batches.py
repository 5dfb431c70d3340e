"""A document for each pupil of a year group, built in the background: their leavers' folders
(issue 9, item 3) or their entitlement statements (issue 10, item 4), the batch's ``kind``.

The careers leader starts a batch: one ``FolderBatchItem`` per pupil of the year group, in tutor
group and name order (the order the statements print in), and one task per item on the queue
(passport/tasks.py), enqueued after the rows are committed so a worker never looks for an item
that is not there yet. A worker builds one pupil's document; a failure is
retried by the queue (``tasks.RETRIES``) and, on the last try, reported on the item with why: a
pupil is never silently dropped. "Try the failed ones again" puts the failed items back.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from .. import clock
from .. import tasks
from ..extensions import db
from ..models import BatchKind
from ..models import FolderBatch
from ..models import FolderBatchItem
from ..models import ItemStatus
from ..models import Pupil
from ..models import Role
from ..models import TutorGroup
from ..models import User
from ..models._base import utcnow
from ..queries import batches as batch_q
from . import audit

log = logging.getLogger(__name__)

FAILED = {
    BatchKind.FOLDERS: "The folder could not be made",
    BatchKind.STATEMENTS: "The statement could not be made",
}
ONLY_LEADER = "Only the careers leader makes a year group's documents."
# A batch holds every pupil's PDF (about 40 MB for 200 pupils): kept this long for the download,
# then deleted when the school's next batch starts (docs/documents.md).
KEEP_BATCHES_DAYS = 14


class BatchRefused(ValueError):
    """The batch cannot be started; the message says why."""


def start_batch(actor: User, year_group: int, kind: BatchKind = BatchKind.FOLDERS) -> FolderBatch:
    if actor.role is not Role.CAREERS_LEADER:
        raise BatchRefused(ONLY_LEADER)
    pupils = db.session.scalars(
        select(Pupil.id)
        .join(User, User.id == Pupil.id)
        .outerjoin(TutorGroup, TutorGroup.id == Pupil.tutor_group_id)
        .where(Pupil.school_id == actor.school_id, Pupil.year_group == year_group, User.is_active.is_(True))
        .order_by(TutorGroup.name.is_(None), TutorGroup.name, User.last_name, User.first_name, Pupil.id)
    ).all()
    if not pupils:
        raise BatchRefused(f"There are no pupils in Year {year_group}.")
    removed = _remove_old_batches(actor.school_id)
    batch = FolderBatch(school_id=actor.school_id, year_group=year_group, kind=kind, requested_by_id=actor.id)
    batch.items = [FolderBatchItem(pupil_id=pupil_id) for pupil_id in pupils]
    db.session.add(batch)
    db.session.flush()
    action = "folder_batch_started" if kind is BatchKind.FOLDERS else "statement_batch_started"
    audit.log(
        actor, actor.school_id, action, batch, year_group=year_group, pupils=len(pupils),
        old_batches_removed=removed,
    )
    db.session.commit()
    _enqueue(item.id for item in batch.items)
    return batch


def _remove_old_batches(school_id: int) -> int:
    """Delete the school's batches older than KEEP_BATCHES_DAYS, with their PDFs; how many."""
    cutoff = clock.utcnow() - timedelta(days=KEEP_BATCHES_DAYS)
    old = db.session.scalars(
        select(FolderBatch).where(FolderBatch.school_id == school_id, FolderBatch.created_at < cutoff)
    ).all()
    for batch in old:
        db.session.delete(batch)  # its items go with it (cascade)
    return len(old)


def retry_failed(actor: User, batch: FolderBatch) -> int:
    """Put the batch's failed items back on the queue, and any a worker stopped on mid-try
    (``queries.batches.stuck_items``); how many."""
    if actor.role is not Role.CAREERS_LEADER or actor.school_id != batch.school_id:
        raise BatchRefused(ONLY_LEADER)
    stuck = {item.id for item in batch_q.stuck_items(batch)}
    failed = [item for item in batch.items if item.status is ItemStatus.FAILED or item.id in stuck]
    for item in failed:
        item.status, item.problem, item.started_at = ItemStatus.WAITING, None, None
    if failed:
        audit.log(actor, batch.school_id, "folder_batch_retried", batch, items=len(failed))
    db.session.commit()
    _enqueue(item.id for item in failed)
    return len(failed)


def _enqueue(item_ids) -> None:
    task = tasks.queue().build_folder
    for item_id in item_ids:
        task(item_id)


def _render(kind: BatchKind, pupil: Pupil) -> bytes:
    if kind is BatchKind.STATEMENTS:
        from ..documents.statement import render_statement_pdf

        return render_statement_pdf(pupil, clock.today())
    from ..documents.folder import render_folder_pdf

    return render_folder_pdf(pupil)


def build_item(item_id: int, *, last_try: bool) -> None:
    """Build one pupil's document (in a worker). Raises on failure so the queue retries it; the
    last failure is kept on the item instead."""
    item = db.session.get(FolderBatchItem, item_id)
    if item is None or item.status is ItemStatus.DONE:
        return  # the batch was deleted, or a duplicate delivery: nothing to do, exactly once
    item.attempts, item.started_at = item.attempts + 1, utcnow()
    db.session.commit()
    batch = db.session.get(FolderBatch, item.batch_id)
    kind = batch.kind
    try:
        pupil = db.session.get(Pupil, item.pupil_id)
        if pupil is None or pupil.school_id != batch.school_id:
            raise LookupError("the pupil is no longer at the school")
        pdf = _render(kind, pupil)
    except Exception as exc:
        db.session.rollback()
        log.warning("batch item %s failed (try %s): %r", item_id, item.attempts, exc)
        item = db.session.get(FolderBatchItem, item_id)
        item.problem = f"{FAILED[kind]}: {_reason(exc)}"
        if last_try:
            item.status, item.finished_at = ItemStatus.FAILED, utcnow()
            db.session.commit()
            return
        db.session.commit()
        raise
    item.pdf, item.status, item.problem, item.finished_at = pdf, ItemStatus.DONE, None, utcnow()
    db.session.commit()


def _reason(exc: Exception) -> str:
    """A short reason for the careers leader, without the record's contents."""
    text = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{type(exc).__name__}{': ' + text if text else ''}"
