"""Staff review of late check-ins (issue 7, item 1): a check-in whose code was no longer fresh
when it arrived rests on the scan time the pupil's phone asserts, so the careers leader accepts
it (the entry stays verified) or rejects it with a reason the pupil sees. Both are audited."""

from __future__ import annotations

from ..domain.kinds import Verification
from ..extensions import db
from ..models import CheckinClaim
from ..models import Entry
from ..models import Role
from ..models import User
from ..models._base import utcnow
from . import audit
from .verification import REASON_MAX


class CannotReview(Exception):
    """The actor may not review this claim, or it is not a late claim waiting for review."""


def _check(claim: CheckinClaim, actor: User) -> Entry:
    if actor.role != Role.CAREERS_LEADER or actor.school_id != claim.school_id:
        raise CannotReview("Only the careers leader of the pupil's school can review check-ins.")
    if not claim.is_late or claim.review is not None:
        raise CannotReview("This check-in is not waiting for review.")
    entry = db.session.get(Entry, claim.entry_id) if claim.entry_id is not None else None
    if entry is None:
        raise CannotReview("This check-in's entry has been removed.")
    return entry


def _mark(claim: CheckinClaim, actor: User, review: str) -> None:
    claim.review, claim.reviewed_by_id, claim.reviewed_at = review, actor.id, utcnow()


def accept_late_checkin(claim: CheckinClaim, actor: User) -> CheckinClaim:
    """The careers leader believes the late check-in: it stays verified, marked reviewed."""
    entry = _check(claim, actor)
    _mark(claim, actor, "accepted")
    audit.log(
        actor, claim.school_id, "late_checkin_accepted", claim,
        entry_id=entry.id, pupil_id=claim.pupil_id, delay_seconds=claim.delay_seconds,
    )
    db.session.commit()
    return claim


def reject_late_checkin(claim: CheckinClaim, actor: User, reason: str) -> CheckinClaim:
    """The careers leader does not believe the late check-in: its entry becomes rejected, with
    the reason the pupil sees (required, at most 300 characters). Raises CannotReview, or
    ValueError for a missing or long reason."""
    entry = _check(claim, actor)
    note = (reason or "").strip()
    if not note:
        raise ValueError("Say why, so the pupil knows.")
    if len(note) > REASON_MAX:
        raise ValueError(f"Keep the reason under {REASON_MAX} characters.")
    entry.verification = Verification.REJECTED
    entry.verification_note = note
    entry.verified_by_id = actor.id
    entry.verified_at = utcnow()
    entry.verification_method = "staff"
    _mark(claim, actor, "rejected")
    audit.log(
        actor, claim.school_id, "late_checkin_rejected", claim,
        entry_id=entry.id, pupil_id=claim.pupil_id, reason=note, delay_seconds=claim.delay_seconds,
    )
    db.session.commit()
    return claim
