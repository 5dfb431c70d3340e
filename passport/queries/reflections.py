"""What reflection threads read: the shared reflections staff may see on a pupil's page, one
reflection's thread, and the comments the pupil has not read yet (issue 8 item 3)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from ..domain.kinds import EntryKind
from ..extensions import db
from ..models import Entry
from ..models import Pupil
from ..models import Reflection
from ..models import ReflectionComment
from ..models import User


def thread_of(entry: Entry) -> list[ReflectionComment]:
    """The comments on ``entry``'s reflection, oldest first, with their authors (one query)."""
    return list(
        db.session.scalars(
            select(ReflectionComment)
            .where(ReflectionComment.entry_id == entry.id, ReflectionComment.pupil_id == entry.pupil_id)
            .order_by(ReflectionComment.id)
        )
    )


def shared_threads(entries: list[Entry]) -> dict[int, list[ReflectionComment]]:
    """For each of ``entries`` whose reflection the pupil shares *now*, its thread, oldest
    first; an entry whose reflection is private (or not written) is absent, so a staff page
    built from this shows neither it nor its comments. One query (none when nothing is
    shared); the reflections themselves come loaded with the entries."""
    shared = [e.id for e in entries if e.reflection is not None and e.reflection.shared_with_tutor]
    threads: dict[int, list[ReflectionComment]] = {entry_id: [] for entry_id in shared}
    if not shared:
        return threads
    rows = db.session.scalars(
        select(ReflectionComment)
        .join(Reflection, Reflection.entry_id == ReflectionComment.entry_id)
        .where(ReflectionComment.entry_id.in_(shared), Reflection.shared_with_tutor)
        .order_by(ReflectionComment.id)
    )
    for comment in rows:
        threads[comment.entry_id].append(comment)
    return threads


@dataclass(frozen=True)
class Unread:
    """An entry with staff comments the pupil has not read: the newest one's author."""

    entry_uuid: uuid.UUID
    kind: EntryKind
    organisation: str
    author: str
    author_role: str
    count: int


UNREAD_LIMIT = 200


def unread_for(pupil: Pupil) -> list[Unread]:
    """The pupil's entries with unread comments, newest comment first (one query)."""
    rows = db.session.execute(
        select(Entry.client_uuid, Entry.kind, Entry.organisation, User.first_name, User.last_name, User.role)
        .select_from(ReflectionComment)
        .join(Entry, Entry.id == ReflectionComment.entry_id)
        .join(User, User.id == ReflectionComment.author_id)
        .where(
            ReflectionComment.pupil_id == pupil.id,
            Entry.pupil_id == pupil.id,
            Entry.school_id == pupil.school_id,
            ReflectionComment.read_at.is_(None),
        )
        .order_by(ReflectionComment.id.desc())
        .limit(UNREAD_LIMIT)
    ).all()
    found: dict[uuid.UUID, Unread] = {}
    counts: dict[uuid.UUID, int] = {}
    for row in rows:
        counts[row.client_uuid] = counts.get(row.client_uuid, 0) + 1
        found.setdefault(
            row.client_uuid,
            Unread(row.client_uuid, row.kind, row.organisation, f"{row.first_name} {row.last_name}",
                   str(row.role), 0),
        )
    return [
        Unread(u.entry_uuid, u.kind, u.organisation, u.author, u.author_role, counts[u.entry_uuid])
        for u in found.values()
    ]
