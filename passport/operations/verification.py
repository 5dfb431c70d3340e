"""Staff verification of a self-reported entry: a careers leader or the pupil's tutor confirms
it, or says why not (requirements item 16; issue 4 item 4). Who may reach the entry is the
view's business; these functions refuse what no one may do."""

from __future__ import annotations

from ..access import VERIFIERS
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import User
from ..models import VerificationUndo
from ..models._base import utcnow
from . import audit

REASON_MAX = 300  # the width of Entry.verification_note


class CannotVerify(Exception):
    """The actor may not decide on this entry, or the entry is not waiting for a decision."""


def _check_staff(entry: Entry, actor: User) -> None:
    if actor.id == entry.pupil_id:
        raise CannotVerify("A pupil cannot verify their own entry.")
    if actor.role not in VERIFIERS or actor.school_id != entry.school_id:
        raise CannotVerify("Only the pupil's tutor or the careers leader can verify an entry.")


def _check(entry: Entry, actor: User) -> None:
    _check_staff(entry, actor)
    if entry.verification is Verification.VERIFIED:
        raise CannotVerify("This entry is already verified.")


def _note(text: str | None) -> str | None:
    text = (text or "").strip()
    if len(text) > REASON_MAX:
        raise ValueError(f"Keep the note under {REASON_MAX} characters.")
    return text or None


def verify_entry(entry: Entry, actor: User, note: str | None = None) -> Entry:
    """Confirm a self-reported (or earlier rejected) entry: VERIFIED by ``actor`` now, method
    "staff", with an optional note the pupil sees. Raises CannotVerify, or ValueError for a
    note over 300 characters."""
    _check(entry, actor)
    entry.verification_note = _note(note)
    entry.verification = Verification.VERIFIED
    entry.verified_by_id = actor.id
    entry.verified_at = utcnow()
    entry.verification_method = "staff"
    audit.log(actor, entry.school_id, "entry_verified", entry, method="staff", pupil_id=entry.pupil_id)
    db.session.commit()
    return entry


def reject_entry(entry: Entry, actor: User, reason: str) -> Entry:
    """Say an entry cannot be confirmed, with the reason the pupil sees (required, at most
    300 characters). ``verified_by``/``verified_at`` record who decided and when. Raises
    CannotVerify, or ValueError for a missing or long reason."""
    _check(entry, actor)
    note = _note(reason)
    if note is None:
        raise ValueError("Say why, so the pupil can put it right.")
    entry.verification = Verification.REJECTED
    entry.verification_note = note
    entry.verified_by_id = actor.id
    entry.verified_at = utcnow()
    entry.verification_method = "staff"
    audit.log(actor, entry.school_id, "entry_rejected", entry, reason=note, pupil_id=entry.pupil_id)
    db.session.commit()
    return entry


def undo_decision(entry: Entry, actor: User, reason: str) -> VerificationUndo:
    """Undo a mistaken verification or rejection (issue 7 item 8), whoever made it: staff, the
    event's check-in code or an employer. The entry goes back to self-reported, as the pupil
    wrote it, so its locked fields are released and it can be decided again; who verified it,
    when, how and the note are cleared. ``event_id`` and ``verifier_org_id`` stay, so a replayed
    check-in or employer confirmation finds its entry and leaves it as the school put it. Any
    proof link signed before now shows as withdrawn (``queries/proofs.py``).

    ``reason`` is required (at most 300 characters); the pupil sees it with ``actor``'s name.
    The undo row and an audit row (with the old state) are committed together. Who may reach
    the entry (the careers leader, or the pupil's tutor: the same staff who may verify it) is
    the view's business. Raises CannotVerify for a self-reported entry or a non-staff actor,
    ValueError for a missing or long reason.
    """
    _check_staff(entry, actor)
    if entry.verification is Verification.SELF_REPORTED:
        raise CannotVerify("This entry has not been checked, so there is nothing to undo.")
    note = _note(reason)
    if note is None:
        raise ValueError("Say why you are undoing it: the pupil sees your reason.")
    undo = VerificationUndo(
        school_id=entry.school_id, entry_id=entry.id, actor_id=actor.id,
        previous=entry.verification, previous_method=entry.verification_method, reason=note,
        at=utcnow(),
    )
    db.session.add(undo)
    audit.log(
        actor, entry.school_id, "verification_undone", entry,
        previous=entry.verification.value, method=entry.verification_method,
        verified_by_id=entry.verified_by_id, verifier_org_id=entry.verifier_org_id,
        verified_at=entry.verified_at.isoformat() if entry.verified_at else None,
        previous_note=entry.verification_note, reason=note, pupil_id=entry.pupil_id,
    )
    entry.verification = Verification.SELF_REPORTED
    entry.verified_by_id = None
    entry.verified_at = None
    entry.verification_note = None
    entry.verification_method = None
    db.session.commit()
    return undo
