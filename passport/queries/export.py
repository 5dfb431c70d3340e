"""What a pupil's whole-record export reads (UK GDPR access and portability, requirements item
21): their entries with skills, reflections and comment threads, the guidance they can see,
their targets, where entries brought from another school came from, their CV and the
certificates and references in their leavers' folder."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Entry
from ..models import EntryOrigin
from ..models import FolderDocument
from ..models import GuidanceInterview
from ..models import Pupil
from ..models import Reflection
from ..models import School
from ..models import Target
from .cv import cv_for
from .cv import CvView
from .folder import documents_of
from .guidance import interviews_of
from .targets import targets_of


@dataclass(frozen=True)
class PupilRecord:
    """Everything the export holds, loaded: plain rows for documents/export.py."""

    pupil: Pupil
    school: School
    entries: list[Entry]
    origins: dict[int, EntryOrigin]
    interviews: list[GuidanceInterview]
    targets: list[Target]
    cv: CvView | None
    documents: list[FolderDocument]


def record_of(pupil: Pupil) -> PupilRecord:
    """The pupil's whole record, oldest entry first (a fixed number of queries whatever its size)."""
    entries = list(
        db.session.scalars(
            select(Entry)
            .where(Entry.pupil_id == pupil.id, Entry.school_id == pupil.school_id)
            .options(selectinload(Entry.reflection).selectinload(Reflection.comments))
            .order_by(Entry.occurred_on, Entry.id)
        )
    )
    origins = (
        {
            origin.entry_id: origin
            for origin in db.session.scalars(
                select(EntryOrigin).where(EntryOrigin.entry_id.in_([e.id for e in entries]))
            )
        }
        if entries
        else {}
    )
    return PupilRecord(
        pupil=pupil,
        school=db.session.get(School, pupil.school_id),
        entries=entries,
        origins=origins,
        interviews=list(reversed(interviews_of(pupil))),
        targets=targets_of(pupil),
        cv=cv if (cv := cv_for(pupil)).version else None,
        documents=documents_of(pupil),
    )


def origin_of(entry: Entry) -> EntryOrigin | None:
    """Where an entry brought from another school came from (None for the school's own)."""
    return db.session.get(EntryOrigin, entry.id)
