"""Writing the record: create, edit and delete entries, and save reflections.

Every create is idempotent on the entry's ``client_uuid`` (requirements item 17): a replay,
a double tap or a retry after a lost response returns the entry already made.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain.kinds import EntryKind
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import EntrySkill
from ..models import Pupil
from ..models import Reflection
from ..models import User
from . import audit


@dataclass(frozen=True)
class EntryData:
    """The facts of an entry, already validated at the boundary (the form)."""

    kind: EntryKind
    occurred_on: date
    organisation: str
    subtype: str | None = None
    sector: str | None = None
    is_stem: bool = False
    description: str = ""
    skills: tuple[str, ...] = field(default_factory=tuple)
    hours: Decimal | None = None
    met_staff: bool = False
    met_students: bool = False
    adviser_level6: bool | None = None


class NotYours(Exception):
    """The client_uuid names an entry of another pupil."""


class StaleVersion(Exception):
    """The entry changed since the editor loaded it; ``current`` is the saved entry."""

    def __init__(self, current: Entry):
        super().__init__("stale version")
        self.current = current


class Locked(Exception):
    """A verified entry's facts are the school's evidence: the pupil may not change them."""


# Facts staff confirmed; a pupil may still edit the description, skills and reflection.
LOCKED_WHEN_VERIFIED = ("kind", "subtype", "occurred_on", "organisation")


def _apply(entry: Entry, data: EntryData) -> None:
    for name in (
        "kind", "subtype", "occurred_on", "organisation", "sector", "is_stem", "description",
        "hours", "met_staff", "met_students", "adviser_level6",
    ):
        setattr(entry, name, getattr(data, name))
    wanted = set(data.skills)
    entry.skills = [s for s in entry.skills if s.skill in wanted] + [
        EntrySkill(skill=code) for code in sorted(wanted - set(entry.skill_codes))
    ]


def record_entry(
    pupil: Pupil,
    actor: User,
    data: EntryData,
    client_uuid: uuid.UUID,
    client_created_at: datetime | None = None,
) -> tuple[Entry, bool]:
    """Add an entry to ``pupil``'s record, once per ``client_uuid``.

    Returns ``(entry, created)``; ``created`` is False when the uuid was already recorded for
    this pupil (the existing entry is returned unchanged). Raises NotYours when the uuid
    belongs to another pupil's entry.
    """
    existing = db.session.scalar(select(Entry).where(Entry.client_uuid == client_uuid))
    if existing is not None:
        if existing.pupil_id != pupil.id:
            raise NotYours(client_uuid)
        return existing, False
    entry = Entry(
        client_uuid=client_uuid,
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        created_by_id=actor.id,
        client_created_at=client_created_at,
        skills=[],
    )
    _apply(entry, data)
    db.session.add(entry)
    try:
        audit.log(actor, pupil.school_id, "entry_recorded", entry, kind=data.kind.value)
        db.session.commit()
    except IntegrityError:
        # Two requests with the same uuid raced; the other one won. Return its entry.
        db.session.rollback()
        existing = db.session.scalar(select(Entry).where(Entry.client_uuid == client_uuid))
        if existing is None or existing.pupil_id != pupil.id:
            raise
        return existing, False
    return entry, True


def update_entry(entry: Entry, actor: User, data: EntryData, expected_version: int | None) -> Entry:
    """Change an entry's facts. Raises StaleVersion when ``expected_version`` is not the
    saved version, and Locked when a verified entry's confirmed facts would change."""
    if expected_version is not None and expected_version != entry.version:
        raise StaleVersion(entry)
    if entry.verification is Verification.VERIFIED and any(
        getattr(entry, name) != getattr(data, name) for name in LOCKED_WHEN_VERIFIED
    ):
        raise Locked(entry.client_uuid)
    _apply(entry, data)
    entry.version += 1
    audit.log(actor, entry.school_id, "entry_updated", entry, version=entry.version)
    db.session.commit()
    return entry


def delete_entry(entry: Entry, actor: User) -> None:
    """Remove an entry and its reflection. Verified entries stay (they are evidence)."""
    if entry.verification is Verification.VERIFIED:
        raise Locked(entry.client_uuid)
    audit.log(
        actor, entry.school_id, "entry_deleted", entry,
        kind=entry.kind.value, client_uuid=str(entry.client_uuid),
    )
    db.session.delete(entry)
    db.session.commit()


def save_reflection(
    entry: Entry, actor: User, answers: dict[str, str], expected_version: int | None
) -> Reflection:
    """Store the pupil's answers to their entry's prompts (keys already validated).

    ``expected_version`` is the reflection version the pupil started from (0: none yet);
    a different saved version raises StaleVersion and changes nothing."""
    reflection = entry.reflection
    if reflection is None:
        reflection = Reflection(entry_id=entry.id, answers={}, version=0)
        entry.reflection = reflection
    elif expected_version is not None and expected_version != reflection.version:
        raise StaleVersion(entry)
    reflection.answers = {key: text for key, text in answers.items() if text.strip()}
    reflection.version += 1
    audit.log(actor, entry.school_id, "reflection_saved", entry, version=reflection.version)
    db.session.commit()
    return reflection
