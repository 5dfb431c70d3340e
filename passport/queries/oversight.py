"""Reads for oversight: who has looked at a pupil's record, and undone verifications."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Entry
from ..models import Pupil
from ..models import RecordView
from ..models import VerificationUndo

PER_PAGE = 25
# The pages a view is recorded for (``operations.record_views``), as the log names them.
PAGE_LABELS = {
    "staff.pupil": "Entries and verification",
    "staff.guidance": "Guidance interviews",
    "staff.ehc_summary": "EHC review careers summary",
}


@dataclass(frozen=True)
class ViewsPage:
    """One page of the log, newest first; ``number`` counts from 1."""

    rows: list[RecordView]
    number: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def views_of(pupil: Pupil, number: int) -> ViewsPage:
    """Page ``number`` of the staff reads of ``pupil``'s record, newest first, with who read it
    (three queries: count, rows, viewers)."""
    where = (RecordView.pupil_id == pupil.id, RecordView.school_id == pupil.school_id)
    total = db.session.scalar(select(func.count()).select_from(RecordView).where(*where))
    rows = db.session.scalars(
        select(RecordView)
        .where(*where)
        .options(selectinload(RecordView.viewer))
        .order_by(RecordView.at.desc(), RecordView.id.desc())
        .limit(PER_PAGE)
        .offset((number - 1) * PER_PAGE)
    )
    return ViewsPage(list(rows), number, total)


def latest_undo(entry: Entry) -> VerificationUndo | None:
    """The last time staff undid ``entry``'s verification or rejection, if it has not been
    decided again since (a later decision supersedes what the pupil is told)."""
    undo = db.session.scalar(
        select(VerificationUndo)
        .where(VerificationUndo.entry_id == entry.id, VerificationUndo.school_id == entry.school_id)
        .options(selectinload(VerificationUndo.actor))
        .order_by(VerificationUndo.at.desc(), VerificationUndo.id.desc())
        .limit(1)
    )
    if undo is None or (entry.verified_at is not None and entry.verified_at >= undo.at):
        return None
    return undo


def undos_for(entries: list[Entry]) -> dict[int, VerificationUndo]:
    """``latest_undo`` for many entries in one query (the staff pupil page)."""
    ids = [entry.id for entry in entries]
    if not ids:
        return {}
    latest: dict[int, VerificationUndo] = {}
    rows = db.session.scalars(
        select(VerificationUndo)
        .where(VerificationUndo.entry_id.in_(ids))
        .options(selectinload(VerificationUndo.actor))
        .order_by(VerificationUndo.at, VerificationUndo.id)
    )
    for undo in rows:
        latest[undo.entry_id] = undo
    by_id = {entry.id: entry for entry in entries}
    return {
        entry_id: undo for entry_id, undo in latest.items()
        if by_id[entry_id].verified_at is None or by_id[entry_id].verified_at < undo.at
    }
