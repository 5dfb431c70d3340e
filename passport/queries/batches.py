"""The careers leader's view of year-group batches: how far each has got, and what it made (the
folders as a zip, the statements as one PDF to print)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from pypdf import PdfWriter
from pypdf.generic import NameObject
from pypdf.generic import TextStringObject
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import undefer

from ..extensions import db
from ..models import BatchKind
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


def batches_of(user: User, kind: BatchKind = BatchKind.FOLDERS, limit: int = 10) -> list[FolderBatch]:
    return list(
        db.session.scalars(
            select(FolderBatch)
            .where(FolderBatch.school_id == user.school_id, FolderBatch.kind == kind)
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


def _done_items(batch: FolderBatch, chunk: int = 20):
    """The batch's finished items with their PDFs, in item order (tutor group, then name), read
    ``chunk`` at a time and let go of after, so a year group's PDFs are never all in memory."""
    ids = db.session.scalars(
        select(FolderBatchItem.id)
        .where(FolderBatchItem.batch_id == batch.id, FolderBatchItem.status == ItemStatus.DONE)
        .order_by(FolderBatchItem.id)
    ).all()
    for start in range(0, len(ids), chunk):
        items = db.session.scalars(
            select(FolderBatchItem)
            .where(FolderBatchItem.id.in_(ids[start : start + chunk]))
            .options(undefer(FolderBatchItem.pdf))
            .order_by(FolderBatchItem.id)
        ).all()
        yield from items
        for item in items:
            db.session.expunge(item)


def zip_of(batch: FolderBatch):
    """A file object of the batch's finished folders as one zip (PDFs are compressed already,
    so they are stored), written to a temporary file, not memory: 200 folders are large."""
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
        for item in _done_items(batch):
            user = item.pupil.user
            name = f"{user.last_name}-{user.first_name}-{item.pupil_id}.pdf"
            info = zipfile.ZipInfo(_ascii(name), date_time=(2000, 1, 1, 0, 0, 0))
            archive.writestr(info, item.pdf)
    spool.seek(0)
    return spool


def merged_pdf_of(batch: FolderBatch):
    """A file object of the batch's finished documents as one PDF, one after another in item
    order, to print in one go (a year group's statements: one page each), with a bookmark per
    pupil. A print copy: pypdf does not merge the pupils' structure trees, so its pages are not
    tagged; each pupil's tagged PDF is in the zip (``zip_of``). The merged document is held in
    memory until written (about 12 KB a statement: 2.4 MB for 200 pupils)."""
    writer = PdfWriter()
    for item in _done_items(batch):
        user = item.pupil.user
        name = f"{user.first_name} {user.last_name}"
        writer.append(io.BytesIO(item.pdf), outline_item=name, import_outline=False)
    writer.add_metadata({"/Title": f"Year {batch.year_group} {batch.kind.label}"})
    writer.root_object[NameObject("/Lang")] = TextStringObject("en-GB")
    writer.page_mode = "/UseOutlines"
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    writer.write(spool)
    spool.seek(0)
    return spool


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "-" for c in name)
