"""Writing the record: create, edit and delete entries, and save reflections.

Every write a client can repeat is idempotent on an operation id the client made
(requirements item 17): a create on the entry's ``client_uuid``, an edit or a reflection on the
``op`` its form carries. The receipt (``OpReceipt``) is committed with the change, so a replay,
a double tap, a retry after a lost response or two tabs flushing at once change things once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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
from ..models import OpReceipt
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


class AlreadyApplied(Exception):
    """This operation id was applied before; ``receipt`` says what it did."""

    def __init__(self, receipt: OpReceipt):
        super().__init__(str(receipt.op_uuid))
        self.receipt = receipt


def _check_receipt(op: uuid.UUID | None, actor: User) -> None:
    """Raise AlreadyApplied when ``op`` was applied (NotYours when by someone else)."""
    if op is None:
        return
    receipt = db.session.get(OpReceipt, op)
    if receipt is not None:
        if receipt.user_id != actor.id:
            raise NotYours(op)
        raise AlreadyApplied(receipt)


def _add_receipt(op: uuid.UUID | None, actor: User, action: str, entry_uuid: uuid.UUID) -> None:
    if op is not None:
        receipt = OpReceipt(
            op_uuid=op, school_id=actor.school_id, user_id=actor.id, action=action, entry_uuid=entry_uuid
        )
        db.session.add(receipt)


@contextmanager
def _once(op: uuid.UUID | None) -> Iterator[None]:
    """Flush and commit what the block adds (audit.log flushes inside it); when a concurrent
    request committed the same ``op`` first, undo this one and raise AlreadyApplied."""
    try:
        yield
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        receipt = db.session.get(OpReceipt, op) if op is not None else None
        if receipt is None:
            raise
        raise AlreadyApplied(receipt) from None


# Facts staff confirmed; a pupil may still edit the description, skills and reflection.
LOCKED_WHEN_VERIFIED = ("kind", "subtype", "occurred_on", "organisation")
FACTS = (
    "kind", "subtype", "occurred_on", "organisation", "sector", "is_stem", "description",
    "hours", "met_staff", "met_students", "adviser_level6",
)


def _facts(entry: Entry) -> tuple:
    return (*(getattr(entry, name) for name in FACTS), tuple(sorted(entry.skill_codes)))


def _apply(entry: Entry, data: EntryData) -> None:
    for name in FACTS:
        setattr(entry, name, getattr(data, name))
    wanted = set(data.skills)
    entry.skills = [s for s in entry.skills if s.skill in wanted] + [
        EntrySkill(skill=code) for code in sorted(wanted - set(entry.skill_codes))
    ]


def new_entry(
    pupil: Pupil,
    actor: User,
    data: EntryData,
    client_uuid: uuid.UUID | None = None,
    client_created_at: datetime | None = None,
) -> Entry:
    """An unsaved entry of ``pupil`` with ``data``. Without ``client_uuid`` its id is random,
    made here: what the server writes on a verifier's word (a check-in, an employer's
    confirmation) never takes an id a client could have chosen or claimed first (issue 7)."""
    entry = Entry(
        client_uuid=client_uuid or uuid.uuid4(),
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        created_by_id=actor.id,
        client_created_at=client_created_at,
        skills=[],
    )
    _apply(entry, data)
    return entry


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
    belongs to another pupil's entry, and AlreadyApplied when it was recorded and has since
    been deleted (a late replay must not bring it back).
    """
    # The receipt first, then the entry: both are committed together, so an entry a concurrent
    # request (a retry racing its original) commits between the two reads is still found here,
    # not taken for one that was deleted.
    receipt = db.session.get(OpReceipt, client_uuid)
    existing = db.session.scalar(select(Entry).where(Entry.client_uuid == client_uuid))
    if existing is not None:
        if existing.pupil_id != pupil.id:
            raise NotYours(client_uuid)
        return existing, False
    if receipt is not None:
        if receipt.user_id != actor.id:
            raise NotYours(client_uuid)
        raise AlreadyApplied(receipt)
    entry = new_entry(pupil, actor, data, client_uuid, client_created_at)
    try:
        with _once(client_uuid):
            db.session.add(entry)
            _add_receipt(client_uuid, actor, "entry.create", client_uuid)
            audit.log(actor, pupil.school_id, "entry_recorded", entry, kind=data.kind.value)
    except AlreadyApplied:
        # Two requests with the same uuid raced; the other one won. Return its entry.
        existing = db.session.scalar(select(Entry).where(Entry.client_uuid == client_uuid))
        if existing is None or existing.pupil_id != pupil.id:
            raise
        return existing, False
    return entry, True


def update_entry(
    entry: Entry, actor: User, data: EntryData, expected_version: int | None, op: uuid.UUID | None = None
) -> Entry:
    """Change an entry's facts, once per ``op``. Raises AlreadyApplied for a repeated ``op``,
    StaleVersion when ``expected_version`` is not the saved version, and Locked when a verified
    entry's confirmed facts would change."""
    _check_receipt(op, actor)
    if expected_version is not None and expected_version != entry.version:
        raise StaleVersion(entry)
    if entry.verification is Verification.VERIFIED and any(
        getattr(entry, name) != getattr(data, name) for name in LOCKED_WHEN_VERIFIED
    ):
        raise Locked(entry.client_uuid)
    before = _facts(entry)
    _apply(entry, data)
    entry.version += 1
    with _once(op):
        _add_receipt(op, actor, "entry.update", entry.client_uuid)
        audit.log(actor, entry.school_id, "entry_updated", entry, version=entry.version)
        if entry.verification is Verification.REJECTED and _facts(entry) != before:
            _ask_again(entry, actor)
    return entry


def _ask_again(entry: Entry, actor: User) -> None:
    """A rejected entry the pupil has changed goes back to staff as self-reported (the page
    promised "change the entry and ask your tutor to look again"). The decision it replaces
    stays in the audit log."""
    audit.log(
        actor, entry.school_id, "entry_resubmitted", entry,
        rejected_by=entry.verified_by_id, reason=entry.verification_note,
    )
    entry.verification = Verification.SELF_REPORTED
    entry.verification_note = None
    entry.verified_by_id = None
    entry.verified_at = None
    entry.verification_method = None


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
    entry: Entry,
    actor: User,
    answers: dict[str, str],
    expected_version: int | None,
    op: uuid.UUID | None = None,
    shared: bool | None = None,
) -> Reflection:
    """Store the pupil's answers to their entry's prompts (keys already validated).

    ``expected_version`` is the reflection version the pupil started from (0: none yet);
    a different saved version raises StaleVersion and changes nothing; a repeated ``op`` raises
    AlreadyApplied. ``shared`` is the form's "Let your tutor read this reflection" box (None:
    the form did not ask, as on a phone holding a form from before it did: left as it is); a
    change is audited as a share or an unshare, in the same commit."""
    _check_receipt(op, actor)
    reflection = entry.reflection
    if reflection is None:
        reflection = Reflection(entry_id=entry.id, answers={}, version=0)
        entry.reflection = reflection
    elif expected_version is not None and expected_version != reflection.version:
        raise StaleVersion(entry)
    reflection.answers = {key: text for key, text in answers.items() if text.strip()}
    reflection.version += 1
    changed = shared is not None and shared != bool(reflection.shared_with_tutor)
    if shared is not None:
        reflection.shared_with_tutor = shared
    with _once(op):
        _add_receipt(op, actor, "reflection.save", entry.client_uuid)
        audit.log(actor, entry.school_id, "reflection_saved", entry, version=reflection.version,
                  shared=bool(reflection.shared_with_tutor))
        if changed:
            audit.log(actor, entry.school_id, sharing_action(shared), entry, pupil_id=entry.pupil_id)
    return reflection


def sharing_action(shared: bool) -> str:
    """The audit action of sharing a reflection with the pupil's staff, or of stopping."""
    return "reflection_shared_with_tutor" if shared else "reflection_unshared_with_tutor"
