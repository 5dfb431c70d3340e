"""Guidance interviews recorded by careers advisers, their action plans and tutor follow-up."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import false
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ..domain.kinds import ActionOwner
from ..domain.kinds import ActionStatus
from ..extensions import db
from ._base import str_enum
from ._base import utcnow

ADVICE_MAX = 4000
ACTION_MAX = 300
ADVISER_NAME_MAX = 120


class GuidanceInterview(db.Model):
    """One personal guidance interview (B8; 001 ¶70; 002 B8; requirements items 10, 20, 22, 23).

    ``adviser_level6`` records whether the adviser is trained to Level 6 or higher (002 B8).
    ``shared_with_tutor`` is the pupil's choice, off until they turn it on (item 22).
    The tutor's follow-up task (item 23) is this row itself: open while ``followed_up_at`` is
    None, so every interview has exactly one, with no second table to keep in step.
    """

    __tablename__ = "guidance_interviews"
    __table_args__ = (Index("ix_guidance_interviews_pupil_held", "pupil_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"))
    held_on: Mapped[date]
    adviser_name: Mapped[str] = mapped_column(String(ADVISER_NAME_MAX))
    adviser_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    adviser_level6: Mapped[bool] = mapped_column(default=False)
    advice: Mapped[str] = mapped_column(Text)
    further_offered: Mapped[bool] = mapped_column(default=False)
    considering_university: Mapped[bool] = mapped_column(default=False)
    shared_with_tutor: Mapped[bool] = mapped_column(default=False)
    # The pupil shares the summary and action plan with their linked parents and carers (item 24).
    shared_with_parents: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The pupil puts the interview's summary in their leavers' folder (issue 9): off until they do.
    in_folder: Mapped[bool] = mapped_column(default=False, server_default=false())
    followed_up_at: Mapped[datetime | None]
    followed_up_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actions: Mapped[list[InterviewAction]] = relationship(
        back_populates="interview", cascade="all, delete-orphan", order_by="InterviewAction.id",
        lazy="selectin",
    )
    pupil = relationship("Pupil")
    followed_up_by = relationship("User", foreign_keys=[followed_up_by_id])


class InterviewAction(db.Model):
    """An agreed next step from an interview: who does it, by when, and whether it is done."""

    __tablename__ = "interview_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("guidance_interviews.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(ACTION_MAX))
    owner: Mapped[ActionOwner] = mapped_column(str_enum(ActionOwner, 20))
    due_on: Mapped[date | None]
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus, 20), default=ActionStatus.OPEN)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    interview: Mapped[GuidanceInterview] = relationship(back_populates="actions")
