"""The leavers' folder: the principal's letter, the certificates and references put in it, and
the year-group batches that build it in the background (issue 9; requirements item 27)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import deferred
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ..extensions import db
from ._base import str_enum
from ._base import utcnow

LETTER_MAX = 5000
SIGNER_MAX = 120
DOCUMENT_TITLE_MAX = 120


class FolderLetter(db.Model):
    """The principal's letter of a school: a template with merge fields (``{first_name}``...,
    ``domain.folder.LETTER_FIELDS``) that the careers leader edits, signed by name."""

    __tablename__ = "folder_letters"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), primary_key=True)
    template: Mapped[str] = mapped_column(Text)
    signed_by: Mapped[str] = mapped_column(String(SIGNER_MAX))
    signer_role: Mapped[str] = mapped_column(String(SIGNER_MAX))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DocumentKind(StrEnum):
    CERTIFICATE = "certificate"
    REFERENCE = "reference"


class FolderDocument(db.Model):
    """A certificate or reference a member of staff or the pupil put in the folder. ``content``
    is what the app made of the upload, never the upload itself: an image re-encoded (no EXIF,
    no trailing bytes), a PDF checked to open and counted in ``pages``. Deferred: lists of
    documents never load the bytes."""

    __tablename__ = "folder_documents"
    __table_args__ = (Index("ix_folder_documents_pupil", "pupil_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"))
    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, 20))
    title: Mapped[str] = mapped_column(String(DOCUMENT_TITLE_MAX))
    media_type: Mapped[str] = mapped_column(String(40))
    pages: Mapped[int] = mapped_column(default=1)
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    uploaded_by = relationship("User", lazy="joined")


class ItemStatus(StrEnum):
    WAITING = "waiting"
    DONE = "done"
    FAILED = "failed"


class BatchKind(StrEnum):
    """What a batch makes for each pupil of a year group."""

    FOLDERS = "folders"  # the leavers' folder (issue 9, item 3): downloaded as a zip
    STATEMENTS = "statements"  # the entitlement statement (issue 10, item 4): one PDF to print, or a zip

    @property
    def label(self) -> str:
        return {"folders": "leavers' folders", "statements": "entitlement statements"}[self.value]

    @property
    def noun(self) -> str:
        """One of what it makes: "folder", "statement"."""
        return self.value[:-1]


class FolderBatch(db.Model):
    """A document for each pupil of a year group, built in the background (one task per pupil):
    their leavers' folders, or their entitlement statements (``kind``)."""

    __tablename__ = "folder_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    kind: Mapped[BatchKind] = mapped_column(
        str_enum(BatchKind, 20), default=BatchKind.FOLDERS, server_default=BatchKind.FOLDERS.value
    )
    year_group: Mapped[int]
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    items: Mapped[list[FolderBatchItem]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", order_by="FolderBatchItem.id"
    )
    requested_by = relationship("User", lazy="joined")


class FolderBatchItem(db.Model):
    """One pupil's folder in a batch. ``attempts`` counts the tries (the queue retries a failure
    before it is reported); ``problem`` says why the last one failed; ``pdf`` is the result."""

    __tablename__ = "folder_batch_items"
    __table_args__ = (UniqueConstraint("batch_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("folder_batches.id", ondelete="CASCADE"), index=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"))
    status: Mapped[ItemStatus] = mapped_column(str_enum(ItemStatus, 20), default=ItemStatus.WAITING)
    attempts: Mapped[int] = mapped_column(default=0)
    problem: Mapped[str | None] = mapped_column(String(300))
    started_at: Mapped[datetime | None]  # the last try began: a worker killed mid-try leaves it
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    finished_at: Mapped[datetime | None]

    batch: Mapped[FolderBatch] = relationship(back_populates="items")
    pupil = relationship("Pupil", lazy="joined")
