"""What a pupil shares, and the school's signature on it: their pass (replaced if a phone is
lost), the name their proof links show, the school's signing keys (made on first use), and the
signed statement of a verified entry."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from flask import current_app
from sqlalchemy import select

from ..documents import signing
from ..documents.links import public_url
from ..domain.kinds import KINDS
from ..domain.kinds import subtype_label
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import EntryOrigin
from ..models import Event
from ..models import Pupil
from ..models import School
from ..models import SchoolKey
from ..models import User
from ..models._base import utcnow
from . import audit

# ``Entry.verification_method`` of an entry brought verified from another school's export.
TRANSFERRED = "transfer"


def replace_pass(pupil: Pupil, actor: User) -> None:
    """Give the pupil a new pass id: every pass made before (on a lost phone, in a photo) stops
    working at once. Confirmations already made stay."""
    pupil.pass_id = secrets.token_urlsafe(12)
    audit.log(actor, pupil.school_id, "pass_replaced", pupil)
    db.session.commit()


def choose_share_name(pupil: Pupil, choice: str, actor: User) -> None:
    """Set what the pupil's proof links say about them: "none", "first_name" or "full_name".
    Links made before keep what they said, but the public page shows no more than this."""
    if choice not in signing.SHARE_CHOICES:
        raise ValueError(choice)
    if pupil.share_name == choice:
        return
    pupil.share_name = choice
    audit.log(actor, pupil.school_id, "share_name_chosen", pupil, choice=choice)
    db.session.commit()


def current_key(school: School) -> SchoolKey:
    """The school's newest unrevoked signing key that this server can sign with, made (and
    committed) on first use. Only the public half is stored; the private half is derived from
    SECRET_KEY when signing, so after SECRET_KEY changes the old keys stay published (their
    statements still check out) and a new key is made."""
    secret = current_app.config["SECRET_KEY"]
    keys = db.session.scalars(
        select(SchoolKey)
        .where(SchoolKey.school_id == school.id, SchoolKey.revoked_at.is_(None))
        .order_by(SchoolKey.created_at.desc(), SchoolKey.kid.desc())
    )
    for key in keys:
        if signing.public_key_text(signing.private_key(secret, key.kid)) == key.public_key:
            return key
    kid = signing.new_kid()
    public = signing.public_key_text(signing.private_key(secret, kid))
    key = SchoolKey(kid=kid, school_id=school.id, public_key=public)
    db.session.add(key)
    audit.log(None, school.id, "school_key_created", school, kid=kid)
    db.session.commit()
    return key


def revoke_key(key: SchoolKey, actor: User | None) -> None:
    """Stop trusting a key (say SECRET_KEY leaked): links it signed say so, new links use a
    new key. The public half stays published, marked revoked, so offline copies can tell."""
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.log(actor, key.school_id, "school_key_revoked", key, kid=key.kid)
        db.session.commit()


def proof_url_for(entry: Entry) -> str | None:
    """The public proof link of a verified entry (None otherwise): this install's /verify, or,
    for an entry brought from a school on another install, that install's own link (its key is
    published there, not here)."""
    statement = statement_for(entry)
    if statement is None:
        return None
    if entry.verification_method == TRANSFERRED:
        origin = db.session.get(EntryOrigin, entry.id)
        if origin is not None and origin.verify_url:
            return origin.verify_url
    return public_url("verify.statement", statement=statement)


SEAL = "career-passport-export-seal"


def pupil_fingerprint(upn: str, date_of_birth: str) -> str:
    """What an export's seal says of its pupil: a hash of their UPN and date of birth (the two
    facts a new school matches them by), not the facts themselves."""
    return hashlib.sha256(f"{SEAL}|{upn.strip().upper()}|{date_of_birth}".encode()).hexdigest()


def export_seal(pupil: Pupil, entry_ids: list[str], exported_on: date) -> str:
    """The school's signature that these entries (their ids) are this pupil's, at export: a new
    school believes an entry's confirmation only for an entry its seal lists, so a statement
    cannot be moved from one pupil's file to another's (docs/portability.md)."""
    school = db.session.get(School, pupil.school_id)
    key = current_key(school)
    payload = {
        "v": signing.VERSION,
        "type": SEAL,
        "school": {"code": school.code, "name": school.name},
        "pupil": pupil_fingerprint(pupil.upn, pupil.date_of_birth.isoformat()),
        "entries": sorted(entry_ids),
        "exported_on": exported_on.isoformat(),
    }
    return signing.sign(payload, signing.private_key(current_app.config["SECRET_KEY"], key.kid), key.kid)


def statement_for(entry: Entry) -> str | None:
    """The signed statement of a verified entry (None otherwise). Ed25519 is deterministic, so
    the same facts and sharing choice always give the same link."""
    if entry.verification is not Verification.VERIFIED:
        return None
    if entry.verification_method == TRANSFERRED:
        # Brought from another school: its own signed statement, kept as it was, so it is
        # still checked under that school's key (this school never re-signs it).
        origin = db.session.get(EntryOrigin, entry.id)
        return origin.statement if origin is not None and origin.signature_checked else None
    pupil = db.session.get(Pupil, entry.pupil_id)
    school = db.session.get(School, entry.school_id)
    event = db.session.get(Event, entry.event_id) if entry.event_id else None
    key = current_key(school)
    payload = signing.payload_for(
        school_name=school.name,
        school_code=school.code,
        entry_uuid=str(entry.client_uuid),
        kind=KINDS[entry.kind].label,
        activity=subtype_label(entry.kind, entry.subtype),
        organisation=entry.organisation,
        occurred_on=entry.occurred_on,
        event_title=event.title if event else None,
        method=signing.signed_method(entry.verification_method),
        verified_at=entry.verified_at or entry.updated_at,
        pupil_name=signing.shared_name(pupil.user.first_name, pupil.user.last_name, pupil.share_name),
    )
    return signing.sign(payload, signing.private_key(current_app.config["SECRET_KEY"], key.kid), key.kid)
