"""Noting that a member of staff read one pupil's record (issue 7 item 8)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite

from ..extensions import db
from ..models import Pupil
from ..models import RecordView
from ..models import User
from ..models._base import utcnow

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def note_record_view(viewer: User, pupil: Pupil, page: str, at: datetime | None = None) -> bool:
    """Record that ``viewer`` opened ``page`` (an endpoint name) of ``pupil``'s record at ``at``.

    One INSERT and one commit per call, whatever happens. At most one row per viewer, pupil and
    page per minute: a second view within the same minute is dropped by the unique key
    (``ON CONFLICT DO NOTHING``), so reloading cannot flood the table. Returns whether a row was
    written. The caller has already decided ``viewer`` may see ``pupil``.
    """
    at = at or utcnow()
    values = {
        "school_id": pupil.school_id,
        "viewer_id": viewer.id,
        "pupil_id": pupil.id,
        "page": page[:40],
        "at": at,
        "minute": at.replace(second=0, microsecond=0),
    }
    insert = _INSERTS[db.session.get_bind().dialect.name]
    result = db.session.execute(
        insert(RecordView)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["viewer_id", "pupil_id", "page", "minute"])
        .returning(RecordView.id)
    )
    # RETURNING, not rowcount: through the ORM session psycopg reports rowcount -1 here.
    written = result.first() is not None
    db.session.commit()
    return written
