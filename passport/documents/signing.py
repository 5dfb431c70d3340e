"""Signed statements anyone can check: "this school confirms this pupil attended this event".

A statement is ``<payload>.<signature>.<kid>``: the payload is base64url (no padding) of
canonical JSON (sorted keys, no spaces, UTF-8); the signature is Ed25519 over the ASCII bytes
``<payload>.<kid>`` (so the key id is bound too); ``kid`` names the school key, whose public half
is published at ``/.well-known/passport-keys.json``. Each school's private key is derived from
SECRET_KEY and the kid with HKDF-SHA256, so it is never stored: a copy of the database alone
cannot sign. docs/verification.md has the format and the threat model.

Everything here is plain values: no Flask, no database.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..domain.tokens import Refused

VERSION = 1
MAX_STATEMENT = 3000
_HKDF_SALT = b"career-passport/school-key/v1"
_KID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
_B64 = re.compile(r"^[A-Za-z0-9_-]+$")
SHARE_CHOICES = ("none", "first_name", "full_name")


class StatementProblem(StrEnum):
    """Why a statement does not check out; the page says each plainly."""

    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown_key"
    TAMPERED = "tampered"
    REVOKED_KEY = "revoked_key"


class StatementError(Refused):
    """A statement that must not be believed; ``problem`` (a StatementProblem) says why."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64url(text: str) -> bytes:
    if not _B64.match(text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_kid() -> str:
    """A random key id (16 URL-safe characters): names a key, says nothing about the school."""
    return secrets.token_urlsafe(12)


def private_key(secret_key: str | bytes, kid: str) -> Ed25519PrivateKey:
    """The school key ``kid``'s private half: HKDF-SHA256(SECRET_KEY, salt, info=kid) as the
    Ed25519 seed. Changing SECRET_KEY changes every key, so rotate keys with it."""
    master = secret_key.encode() if isinstance(secret_key, str) else secret_key
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=kid.encode()).derive(master)
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The raw 32-byte public key, base64url: what SchoolKey stores and the keys file publishes."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return b64url(raw)


def canonical(payload: dict) -> bytes:
    """The one byte string a payload signs as."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def shared_name(first_name: str, last_name: str, choice: str) -> str | None:
    """The pupil's name as they chose to share it: none, "Amy J." or "Amy Jones"."""
    if choice == "full_name":
        return f"{first_name} {last_name}".strip()
    if choice == "first_name":
        initial = f" {last_name.strip()[0]}." if last_name.strip() else ""
        return f"{first_name}{initial}"
    return None


def signed_method(verification_method: str | None) -> str:
    """The statement's ``method`` for an entry's ``verification_method`` (staff when unset:
    entries verified before methods were recorded)."""
    return verification_method or "staff"


def payload_for(
    *,
    school_name: str,
    school_code: str,
    entry_uuid: str,
    kind: str,
    organisation: str,
    occurred_on: date,
    method: str,
    verified_at: datetime,
    activity: str | None = None,
    event_title: str | None = None,
    pupil_name: str | None = None,
) -> dict:
    """What a statement says, and nothing more. Optional facts are left out, not nulled."""
    payload = {
        "v": VERSION,
        "school": {"name": school_name, "code": school_code},
        "entry": entry_uuid,
        "kind": kind,
        "organisation": organisation,
        "date": occurred_on.isoformat(),
        "method": method,
        "verified_at": verified_at.replace(microsecond=0).isoformat() + "Z",
    }
    for name, value in (("activity", activity), ("event", event_title), ("pupil", pupil_name)):
        if value:
            payload[name] = value
    return payload


def sign(payload: dict, key: Ed25519PrivateKey, kid: str) -> str:
    """``<payload>.<signature>.<kid>``."""
    body = b64url(canonical(payload))
    signature = key.sign(f"{body}.{kid}".encode("ascii"))
    return f"{body}.{b64url(signature)}.{kid}"


@dataclass(frozen=True)
class Statement:
    """A statement split into its parts, not yet believed."""

    body: str
    signature: bytes
    kid: str


def parse(text: str) -> Statement:
    """Split a statement (or the URL that carries it); raise StatementError(MALFORMED) if it
    is not in the format. Nothing is checked yet."""
    text = (text or "").strip()
    if "/verify/" in text:
        text = text.rsplit("/verify/", 1)[1].split("?", 1)[0].split("#", 1)[0]
    parts = text.split(".")
    if len(text) > MAX_STATEMENT or len(parts) != 3 or not _KID.match(parts[2]):
        raise StatementError(StatementProblem.MALFORMED)
    body, signature, kid = parts
    try:
        raw = unb64url(signature)
        if not body or not _B64.match(body):
            raise ValueError("empty payload")
    except (ValueError, binascii.Error):
        raise StatementError(StatementProblem.MALFORMED) from None
    if len(raw) != 64:
        raise StatementError(StatementProblem.MALFORMED)
    return Statement(body, raw, kid)


def verify(
    statement: Statement,
    public_key: str,
    *,
    school_code: str,
    revoked: bool = False,
) -> dict:
    """The payload, once the signature checks out under ``public_key`` (base64url) and the
    payload names the key's school. Raises StatementError: TAMPERED when anything was changed,
    REVOKED_KEY when the school has withdrawn the key (checked after the signature, so a
    forged statement is never reported as merely revoked)."""
    try:
        key = Ed25519PublicKey.from_public_bytes(unb64url(public_key))
        key.verify(statement.signature, f"{statement.body}.{statement.kid}".encode("ascii"))
        payload = json.loads(unb64url(statement.body).decode("utf-8"))
    except (InvalidSignature, ValueError, binascii.Error, UnicodeDecodeError):
        raise StatementError(StatementProblem.TAMPERED) from None
    if not isinstance(payload, dict) or payload.get("v") != VERSION:
        raise StatementError(StatementProblem.TAMPERED)
    school = payload.get("school")
    if not isinstance(school, dict) or school.get("code") != school_code:
        raise StatementError(StatementProblem.TAMPERED)
    if revoked:
        raise StatementError(StatementProblem.REVOKED_KEY)
    return payload
