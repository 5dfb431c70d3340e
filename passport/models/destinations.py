"""A leaver's destination (issue 11 item 4; requirements items 31 and 37)."""

from __future__ import annotations

from datetime import date
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ..domain.destinations import DestinationKind
from ..extensions import db
from ._base import str_enum
from ._base import utcnow


class Destination(db.Model):
    """Where a pupil went after leaving: one row per leaver, updated over the years after
    (each change audited), deleted RETAIN_YEARS after ``left_on`` (domain/destinations.py).
    ``left_early``: they left a programme before completing it (001 ¶38); when that needs the
    local authority told, ``notify_due`` is set until the careers leader records it sent."""

    __tablename__ = "destinations"

    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    left_on: Mapped[date]
    kind: Mapped[DestinationKind] = mapped_column(str_enum(DestinationKind, 20))
    detail: Mapped[str] = mapped_column(String(120), default="")
    left_early: Mapped[bool] = mapped_column(default=False)
    notify_due: Mapped[bool] = mapped_column(default=False)
    notified_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
