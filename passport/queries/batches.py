"""The careers leader's view of year-group folder batches: how far each has got, and its zip."""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import undefer

from ..extensions import db
from ..models import FolderBatch
from ..models import FolderBatchItem
from ..models import ItemStatus
from ..models import User
from ..models._base import utcnow

# A folder takes about a second; an item tried this long ago and still waiting was taken by a
# worker that died (Huey does not give a task back when a worker is killed mid-task).
STUCK_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    failed: int  # failed on the last try, or stuck (counted as failed so it can be retried)

    @property
    def waiting(self) -> int:
        return self.total - self.done - self.failed

    @property
    def finished(self) -> bool:
        return self.waiting == 0

    @property
    def percent(self) -> int:
        return round(100 * (self.done + self.failed) / self.total) if self.total else 100


def progress_of(batch: FolderBatch) -> Progress:
    """Counts by status, stuck items counted as failed (1 query)."""
    stuck = (FolderBatchItem.status == ItemStatus.WAITING) & (FolderBatchItem.started_at < _stuck_before())
    state = case((stuck, "stuck"), else_=FolderBatchItem.status)
    counts = dict(
        db.session.execute(
            select(state, func.count()).where(FolderBatchItem.batch_id == batch.id).group_by(state)
        ).all()
    )
    return Progress(
        total=sum(counts.values()),
        done=counts.get(ItemStatus.DONE.value, 0),
        failed=counts.get(ItemStatus.FAILED.value, 0) + counts.get("stuck", 0),
    )


def _stuck_before():
    return utcnow() - STUCK_AFTER


def stuck_items(batch: FolderBatch) -> list[FolderBatchItem]:
    """Items a worker began more than STUCK_AFTER ago and never finished."""
    return list(
        db.session.scalars(
            select(FolderBatchItem)
            .where(
                FolderBatchItem.batch_id == batch.id,
                FolderBatchItem.status == ItemStatus.WAITING,
                FolderBatchItem.started_at < _stuck_before(),
            )
            .order_by(FolderBatchItem.id)
        )
    )


def batch_of_or_none(user: User, batch_id: int) -> FolderBatch | None:
    return db.session.scalar(
        select(FolderBatch).where(FolderBatch.id == batch_id, FolderBatch.school_id == user.school_id)
    )


def batches_of(user: User, limit: int = 10) -> list[FolderBatch]:
    return list(
        db.session.scalars(
            select(FolderBatch)
            .where(FolderBatch.school_id == user.school_id)
            .order_by(FolderBatch.id.desc())
            .limit(limit)
        )
    )


def failed_items(batch: FolderBatch) -> list[FolderBatchItem]:
    """Failed items, then stuck ones (no ``problem``: the page says the worker stopped)."""
    failed = list(
        db.session.scalars(
            select(FolderBatchItem)
            .where(FolderBatchItem.batch_id == batch.id, FolderBatchItem.status == ItemStatus.FAILED)
            .order_by(FolderBatchItem.id)
        )
    )
    return failed + stuck_items(batch)


def zip_of(batch: FolderBatch):
    """A file object of the batch's finished folders as one zip (PDFs are compressed already,
    so they are stored), written to a temporary file, not memory: 200 folders are large.
    Reads the PDFs 20 at a time."""
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    ids = db.session.scalars(
        select(FolderBatchItem.id)
        .where(FolderBatchItem.batch_id == batch.id, FolderBatchItem.status == ItemStatus.DONE)
        .order_by(FolderBatchItem.id)
    ).all()
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
        for start in range(0, len(ids), 20):
            chunk = db.session.scalars(
                select(FolderBatchItem)
                .where(FolderBatchItem.id.in_(ids[start : start + 20]))
                .options(undefer(FolderBatchItem.pdf))
                .order_by(FolderBatchItem.id)
            ).all()
            for item in chunk:
                user = item.pupil.user
                name = f"{user.last_name}-{user.first_name}-{item.pupil_id}.pdf"
                info = zipfile.ZipInfo(_ascii(name), date_time=(2000, 1, 1, 0, 0, 0))
                archive.writestr(info, item.pdf)
            for item in chunk:
                db.session.expunge(item)
    spool.seek(0)
    return spool


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "-" for c in name)
