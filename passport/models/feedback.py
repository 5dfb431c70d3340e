"""Feedback after an event from a pupil, a parent or carer, or an organisation (issue 10 item 6)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ..domain.feedback import COMMENT_MAX
from ..domain.feedback import FeedbackFrom
from ..extensions import db
from ._base import str_enum
from ._base import utcnow


class EventFeedback(db.Model):
    """One rating (1–5) and sentence about an event. ``giver`` is unique per event
    (``domain.feedback.key_of``), so giving feedback again changes it. ``pupil_id`` is the pupil
    who went (the giver, or the parent's child); ``author_id`` the signed-in pupil or parent; an
    organisation's has ``organisation_id`` and no author (its link is shared by its people)."""

    __tablename__ = "event_feedback"
    __table_args__ = (UniqueConstraint("event_id", "giver"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    source: Mapped[FeedbackFrom] = mapped_column(str_enum(FeedbackFrom, 20))
    giver: Mapped[str] = mapped_column(String(60))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_organisations.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int]
    comment: Mapped[str] = mapped_column(String(COMMENT_MAX), default="")
    # Grows with each change: a form (or a copy saved on a phone) made from version N changes
    # it only while it is still N (operations.feedback.StaleFeedback).
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
