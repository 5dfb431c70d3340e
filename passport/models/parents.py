"""Parents and carers: one-time link codes, the links to their children, and a school's
entitlement statements (issue 10; requirements items 29–30)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ..domain.kinds import EntryKind
from ..extensions import db
from ._base import str_enum
from ._base import utcnow
from .people import Pupil
from .people import User


class ParentLinkCode(db.Model):
    """A code on a letter home that links one parent or carer to one pupil. Stored as a keyed
    hash; it works once (``used_at``) and until ``expires_at``. A new letter for the pupil does
    not end the others: two carers may each have one."""

    __tablename__ = "parent_link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    pupil: Mapped[Pupil] = relationship()


class ParentLink(db.Model):
    """A parent or carer who may read one pupil's entitlement statement (at any school of the
    installation: one trust, one sign-in)."""

    __tablename__ = "parent_links"
    __table_args__ = (UniqueConstraint("parent_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    # The pupil's school: every staff query of links is scoped by it.
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped[User] = relationship(foreign_keys=[parent_id])
    pupil: Mapped[Pupil] = relationship()


class EntitlementItem(db.Model):
    """A school's change to its entitlement statements: with ``default_key``, new words for a
    shipped item or hiding it (its rule stays the default's); without, the school's own item with
    its own rule, a criterion key or a kind of activity with a count (domain/entitlement.py)."""

    __tablename__ = "entitlement_items"
    __table_args__ = (UniqueConstraint("school_id", "default_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    default_key: Mapped[str | None] = mapped_column(String(40))
    year_group: Mapped[int]
    wording: Mapped[str | None] = mapped_column(String(300))
    hidden: Mapped[bool] = mapped_column(default=False)
    criterion_key: Mapped[str | None] = mapped_column(String(40))
    activity_kind: Mapped[EntryKind | None] = mapped_column(str_enum(EntryKind, 40))
    needed: Mapped[int | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
