"""Checking a proof link, and the public keys anyone may use to check one offline."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from ..documents import signing
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import Pupil
from ..models import School
from ..models import SchoolKey


class ProofState(StrEnum):
    """What the public verification page says about a statement."""

    CONFIRMED = "confirmed"
    TAMPERED = "tampered"
    UNKNOWN_KEY = "unknown_key"
    REVOKED_KEY = "revoked_key"
    WITHDRAWN = "withdrawn"
    CHANGED = "changed"


@dataclass(frozen=True)
class ProofCheck:
    """The outcome; ``payload`` only when the signature checked out; ``show_name`` says whether
    the pupil still shares the name the statement carries."""

    state: ProofState
    payload: dict | None = None
    show_name: bool = False


_PROBLEMS = {
    signing.StatementProblem.MALFORMED: ProofState.TAMPERED,
    signing.StatementProblem.TAMPERED: ProofState.TAMPERED,
    signing.StatementProblem.UNKNOWN_KEY: ProofState.UNKNOWN_KEY,
    signing.StatementProblem.REVOKED_KEY: ProofState.REVOKED_KEY,
}


def _stamp(at) -> str:
    """``verified_at`` as ``signing.payload_for`` writes it."""
    return at.replace(microsecond=0).isoformat() + "Z"


def _entry_still_says(entry: Entry | None, school: School, payload: dict) -> ProofState:
    if entry is None or entry.school_id != school.id or entry.verification is not Verification.VERIFIED:
        return ProofState.WITHDRAWN
    # A verification undone and made again is a new confirmation: what was signed before the
    # undo stays withdrawn (issue 7 item 8). The time is signed to the second, so the method is
    # compared too: an employer's confirmation undone and verified by staff within the second.
    if entry.verified_at is not None and payload.get("verified_at") != _stamp(entry.verified_at):
        return ProofState.WITHDRAWN
    if payload.get("method") != signing.signed_method(entry.verification_method):
        return ProofState.WITHDRAWN
    facts = (entry.organisation, entry.occurred_on.isoformat())
    if facts != (payload.get("organisation"), payload.get("date")):
        return ProofState.CHANGED
    return ProofState.CONFIRMED


def check(text: str) -> ProofCheck:
    """Check a statement: the format, the key, the signature, then that the school's record
    still stands behind it (a rejected, deleted or changed entry withdraws it)."""
    try:
        statement = signing.parse(text)
        key = db.session.get(SchoolKey, statement.kid)
        if key is None:
            raise signing.StatementError(signing.StatementProblem.UNKNOWN_KEY)
        school = db.session.get(School, key.school_id)
        payload = signing.verify(
            statement, key.public_key, school_code=school.code, revoked=key.revoked_at is not None
        )
    except signing.StatementError as error:
        return ProofCheck(_PROBLEMS[error.problem])
    try:
        entry_uuid = uuid.UUID(str(payload.get("entry")))
    except ValueError:
        return ProofCheck(ProofState.TAMPERED)
    entry = db.session.scalar(select(Entry).where(Entry.client_uuid == entry_uuid))
    state = _entry_still_says(entry, school, payload)
    if state is not ProofState.CONFIRMED:
        return ProofCheck(state)
    pupil = db.session.get(Pupil, entry.pupil_id)
    # A link made before the pupil chose to share less shows no more than they share now.
    choices = signing.SHARE_CHOICES
    level = choices.index(pupil.share_name) if pupil.share_name in choices else 0
    allowed = {
        signing.shared_name(pupil.user.first_name, pupil.user.last_name, choice)
        for choice in choices[: level + 1]
    } - {None}
    return ProofCheck(state, payload, show_name=payload.get("pupil") in allowed)


def published_keys() -> list[dict]:
    """Every school key, current and revoked, as the well-known keys file lists them."""
    rows = db.session.execute(
        select(SchoolKey, School.code, School.name)
        .join(School, School.id == SchoolKey.school_id)
        .order_by(School.code, SchoolKey.created_at, SchoolKey.kid)
    )
    return [
        {
            "kid": key.kid,
            "alg": "Ed25519",
            "public_key": key.public_key,
            "school": {"code": code, "name": name},
            "created": key.created_at.date().isoformat(),
            "revoked": key.revoked_at.date().isoformat() if key.revoked_at else None,
        }
        for key, code, name in rows
    ]
