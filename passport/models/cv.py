"""The pupil's CV: what they write for it and which of their entries it shows (item 26)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import JSON
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ..extensions import db
from ._base import utcnow


class Cv(db.Model):
    """One CV per pupil (requirements item 26; 002 B3, B6).

    The list sections (``education``, ``jobs``, ``volunteering``, ``interests``) are one item
    per line, as typed. ``referees`` is a list of ``{"name", "relationship", "contact"}``: the
    contact is the pupil's to give and never leaves the builder (no PDF, preview or JSON
    Resume shows it). ``entry_uuids`` are the ``client_uuid`` strings of the entries the pupil
    picked; an entry deleted since is simply not shown. ``version`` grows with each save, so a
    save made offline against an older version comes back as a conflict.
    """

    __tablename__ = "cvs"

    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    statement: Mapped[str] = mapped_column(Text, default="")
    achievements_100: Mapped[str] = mapped_column(Text, default="")
    achievements_250: Mapped[str] = mapped_column(Text, default="")
    education: Mapped[str] = mapped_column(Text, default="")
    jobs: Mapped[str] = mapped_column(Text, default="")
    volunteering: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    referees: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    entry_uuids: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
