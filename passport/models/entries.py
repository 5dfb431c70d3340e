"""The pupil's record: entries, their skills, and reflections on them."""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import false
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import JSON
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ..domain.kinds import EntryKind
from ..domain.kinds import Verification
from ..extensions import db
from ._base import str_enum
from ._base import utcnow


class Entry(db.Model):
    """One thing that happened: an encounter, an experience, an interview, a job.

    ``client_uuid`` is made where the entry was first written (the phone, offline) and is the
    idempotency key of every create (requirements item 17). ``version`` grows with each edit, so
    an offline edit made against an older version can be detected.
    """

    __tablename__ = "entries"
    __table_args__ = (Index("ix_entries_pupil_date", "pupil_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"))
    kind: Mapped[EntryKind] = mapped_column(str_enum(EntryKind, 40))
    subtype: Mapped[str | None] = mapped_column(String(40))
    occurred_on: Mapped[date]
    organisation: Mapped[str] = mapped_column(String(120), default="")
    sector: Mapped[str | None] = mapped_column(String(40))
    is_stem: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))
    met_staff: Mapped[bool] = mapped_column(default=False)
    met_students: Mapped[bool] = mapped_column(default=False)
    adviser_level6: Mapped[bool | None]

    verification: Mapped[Verification] = mapped_column(
        str_enum(Verification, 20), default=Verification.SELF_REPORTED
    )
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None]
    verification_note: Mapped[str | None] = mapped_column(String(300))
    # How it was verified: "event_code" (the pupil scanned the event's code), "staff" (a member
    # of staff checked it), "employer" (an attending organisation confirmed the pupil's pass).
    verification_method: Mapped[str | None] = mapped_column(String(20))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    verifier_org_id: Mapped[int | None] = mapped_column(ForeignKey("event_organisations.id"))

    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    client_created_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    skills: Mapped[list[EntrySkill]] = relationship(
        cascade="all, delete-orphan", order_by="EntrySkill.skill", lazy="selectin"
    )
    reflection: Mapped[Reflection | None] = relationship(
        cascade="all, delete-orphan", uselist=False, lazy="selectin"
    )
    verified_by = relationship("User", foreign_keys=[verified_by_id])

    @property
    def skill_codes(self) -> list[str]:
        return [s.skill for s in self.skills]


class EntrySkill(db.Model):
    """A skill from the school's framework that the pupil used or built (requirements item 28)."""

    __tablename__ = "entry_skills"

    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    skill: Mapped[str] = mapped_column(String(40), primary_key=True)


class Reflection(db.Model):
    """The pupil's answers to the prompts for the entry's kind (requirements item 15).

    ``answers`` maps a prompt key from ``domain.kinds.REFLECTION_PROMPTS`` to the text.
    ``in_folder``: the pupil puts it in their leavers' folder (issue 9). ``shared_with_tutor``: the
    pupil lets the staff who read their record read it and comment (off until they say so;
    docs/decisions.md). ``comments`` is its thread, oldest first.
    """

    __tablename__ = "reflections"

    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"), primary_key=True)
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    shared_with_tutor: Mapped[bool] = mapped_column(default=False)
    # The pupil puts it in their leavers' folder (issue 9, item 2): off until they choose.
    in_folder: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    comments: Mapped[list[ReflectionComment]] = relationship(
        cascade="all, delete-orphan", order_by="ReflectionComment.id", lazy="select"
    )


COMMENT_MAX = 1000


class ReflectionComment(db.Model):
    """One comment in a reflection's thread: by a member of staff who may read the pupil's
    record (only while the pupil shares it), or the pupil's answer. ``read_at`` is when the
    pupil opened the entry after a staff comment (the pupil's own answers are read as written).
    """

    __tablename__ = "reflection_comments"
    __table_args__ = (Index("ix_reflection_comments_entry", "entry_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("reflections.entry_id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(String(COMMENT_MAX))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    author = relationship("User", lazy="joined")
