"""A verified entry as an Open Badges 3.0 credential (1EdTech OB 3.0, an OpenBadgeCredential in
the W3C Verifiable Credentials 2.0 data model), signed by the school as a VC-JWT: a compact JWS
with ``alg`` EdDSA (Ed25519) and the school key's ``kid`` in the header, checkable with the
public key published at ``/.well-known/passport-keys.json``.

The recipient is a salted SHA-256 hash of the name the pupil shares (``Pupil.share_name``), or of
an opaque id when they share none: no contact details, no UPN, no date of birth. Plain values
only: no Flask, no database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .signing import b64url

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA_ID = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "ob_v3p0_achievementcredential_schema.json"
ACHIEVEMENT_TYPE = "ext:CareersEncounter"


@cache
def ob3_schema() -> dict:
    """The vendored OB 3.0 AchievementCredential JSON Schema (draft 2019-09)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class BadgeFacts:
    """What a badge says: the same facts the signed statement says, nothing more."""

    entry_uuid: str
    school_name: str
    school_code: str
    kind_code: str
    kind_label: str
    activity: str | None
    organisation: str
    occurred_on: date
    verified_at: datetime
    method: str
    shared_name: str | None
    skills: tuple[str, ...]


def recipient(facts: BadgeFacts, salt_key: bytes) -> dict:
    """The OB 3.0 IdentityObject of the pupil: SHA-256 of the shared name and a salt (so the
    pupil can show a badge is theirs by giving their name, and nobody can read it off the
    badge); with no name shared, a hash of an opaque per-entry id. The salt is derived from
    ``salt_key`` and the entry, so the same badge is made each time."""
    salt = hmac.new(salt_key, f"ob3-salt:{facts.entry_uuid}".encode(), hashlib.sha256).hexdigest()[:16]
    if facts.shared_name:
        value, kind = facts.shared_name, "name"
    else:
        value = hmac.new(salt_key, f"ob3-recipient:{facts.entry_uuid}".encode(), hashlib.sha256).hexdigest()
        kind = "identifier"
    digest = hashlib.sha256((value + salt).encode("utf-8")).hexdigest()
    return {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "identityType": kind,
        "salt": salt,
    }


def credential(facts: BadgeFacts, *, issuer_id: str, verify_url: str, salt_key: bytes) -> dict:
    """The OpenBadgeCredential of a verified entry."""
    what = facts.kind_label + (f": {facts.activity}" if facts.activity else "")
    confirmed = facts.verified_at.replace(microsecond=0).isoformat() + "Z"
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{facts.entry_uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": facts.school_name},
        "validFrom": confirmed,
        "awardedDate": confirmed,
        "name": f"{what} with {facts.organisation}" if facts.organisation else what,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [recipient(facts, salt_key)],
            "activityStartDate": f"{facts.occurred_on.isoformat()}T00:00:00Z",
            "achievement": {
                "id": f"urn:career-passport:{facts.school_code}:achievement:{facts.kind_code}",
                "type": ["Achievement"],
                "achievementType": ACHIEVEMENT_TYPE,
                "name": facts.kind_label,
                "description": f"{facts.kind_label}, confirmed by {facts.school_name}.",
                "criteria": {
                    "narrative": "The pupil took part, and the school confirmed it "
                    + {
                        "employer": "with the organisation that met them.",
                        "event_code": "when the pupil checked in with the event's code on the day.",
                    }.get(facts.method, "after a member of staff checked it.")
                },
                "tag": list(facts.skills),
            },
        },
        "evidence": [
            {
                "id": verify_url,
                "type": ["Evidence"],
                "name": "The school's signed statement",
                "narrative": f"Open this link to check {facts.school_name} still stands behind it.",
            }
        ],
        "credentialSchema": [{"id": SCHEMA_ID, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def vc_jwt(credential_json: dict, key: Ed25519PrivateKey, kid: str) -> str:
    """The credential as a VC-JWT (OB 3.0 §8.2 "JSON Web Token Proof Format"): header
    ``{"alg": "EdDSA", "kid", "typ": "JWT"}``, claims ``vc`` (the credential), ``iss``,
    ``jti``, ``nbf`` and ``sub``; Ed25519 over ``<header>.<claims>``. Deterministic."""
    header = {"alg": "EdDSA", "kid": kid, "typ": "JWT"}
    valid_from = datetime.fromisoformat(credential_json["validFrom"].removesuffix("Z"))
    claims = {
        "iss": credential_json["issuer"]["id"],
        "jti": credential_json["id"],
        "nbf": int((valid_from - datetime(1970, 1, 1)).total_seconds()),
        "sub": credential_json["credentialSubject"]["identifier"][0]["identityHash"],
        "vc": credential_json,
    }
    signing_input = f"{_part(header)}.{_part(claims)}"
    return f"{signing_input}.{b64url(key.sign(signing_input.encode('ascii')))}"


def _part(value: dict) -> str:
    return b64url(
        json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    )
