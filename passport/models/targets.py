"""Pupil targets: next steps set after an event or encounter, with a review date (item 25)."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ..domain.targets import TargetStatus
from ..domain.targets import TEXT_MAX
from ..extensions import db
from ._base import str_enum
from ._base import utcnow


class Target(db.Model):
    """Something a pupil means to do next, by ``review_on`` (requirements item 25; 002 B2, B7).

    Set by the pupil, or by their tutor or careers leader (``set_by_id``). ``entry_id`` is the
    event or encounter it follows, if any; deleting that entry keeps the target.
    """

    __tablename__ = "targets"
    __table_args__ = (Index("ix_targets_status_review_on", "status", "review_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(TEXT_MAX))
    review_on: Mapped[date]
    status: Mapped[TargetStatus] = mapped_column(str_enum(TargetStatus, 20), default=TargetStatus.OPEN)
    set_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    set_by = relationship("User", foreign_keys=[set_by_id])
    entry = relationship("Entry", foreign_keys=[entry_id])
