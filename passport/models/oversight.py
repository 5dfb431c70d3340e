"""Oversight of staff: which staff read a pupil's record, and verifications undone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ..domain.kinds import Verification
from ..extensions import db
from ._base import str_enum
from ._base import utcnow


class RecordView(db.Model):
    """A member of staff opened a page showing one pupil's record (issue 7 item 8).

    ``minute`` is ``at`` cut to the minute: the unique key lets at most one row per
    viewer, pupil and page each minute, so reloading a page cannot flood the table.
    """

    __tablename__ = "record_views"
    __table_args__ = (
        UniqueConstraint("viewer_id", "pupil_id", "page", "minute", name="uq_record_views_minute"),
        Index("ix_record_views_pupil_at", "pupil_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    viewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"))
    page: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    minute: Mapped[datetime]

    viewer = relationship("User", foreign_keys=[viewer_id])


class VerificationUndo(db.Model):
    """Staff undid a verification or a rejection: what the entry was, who undid it, and why.
    The pupil sees it on the entry (issue 7 item 8); the audit trail has it too."""

    __tablename__ = "verification_undos"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    previous: Mapped[Verification] = mapped_column(str_enum(Verification, 20))
    previous_method: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    actor = relationship("User", foreign_keys=[actor_id])
