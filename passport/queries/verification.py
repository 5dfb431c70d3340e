"""What the staff verification page reads: one pupil of a group, and their entries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Entry
from ..models import Pupil


def entry_of_or_none(pupil: Pupil, entry_id: int) -> Entry | None:
    """One of the pupil's entries."""
    return db.session.scalar(
        select(Entry).where(
            Entry.id == entry_id, Entry.pupil_id == pupil.id, Entry.school_id == pupil.school_id
        )
    )


def entries_for_staff(pupil: Pupil) -> list[Entry]:
    """The pupil's entries, newest first, with who verified each (two queries)."""
    return list(
        db.session.scalars(
            select(Entry)
            .where(Entry.pupil_id == pupil.id, Entry.school_id == pupil.school_id)
            .options(selectinload(Entry.verified_by))
            .order_by(Entry.occurred_on.desc(), Entry.id.desc())
        )
    )
