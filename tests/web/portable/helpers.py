"""A pupil with a little of everything, and the checks a badge's holder can make with
``cryptography`` alone against the keys the app publishes."""

from __future__ import annotations

import base64
import json
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from passport.domain.kinds import ActionOwner
from passport.domain.kinds import EntryKind
from passport.models import Role
from passport.operations import entries
from passport.operations import guidance
from passport.operations import targets
from passport.operations import verification

from tests import factories


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def full_record(school, pupil):
    """Amy: a verified talk from Arup (skills, a reflection), a self-reported college visit, a
    target and a guidance interview with an action. Returns (verified, unverified)."""
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    verified = factories.make_entry(pupil, organisation="Arup", skills=("teamwork",), description="A talk")
    entries.save_reflection(verified, pupil.user, {"next": "Ask about apprenticeships"}, 0)
    verification.verify_entry(verified, leader)
    unverified = factories.make_entry(pupil, EntryKind.PROVIDER_ENCOUNTER, organisation="Leeds College")
    targets.set_target(pupil, pupil.user, "Email the college", date(2026, 4, 1))
    guidance.record_interview(
        pupil,
        leader,
        guidance.InterviewData(
            held_on=date(2026, 3, 2),
            adviser_name="Jo Adviser",
            adviser_level6=True,
            advice="Try college.",
            actions=(guidance.ActionData("Visit the open evening", ActionOwner.PUPIL),),
        ),
    )
    return verified, unverified


def published_key(client, kid: str) -> Ed25519PublicKey:
    """The public key ``kid`` as /.well-known/passport-keys.json publishes it."""
    keys = client.get("/.well-known/passport-keys.json").get_json()["keys"]
    (key,) = [k for k in keys if k["kid"] == kid]
    return Ed25519PublicKey.from_public_bytes(unb64(key["public_key"]))


def check_jwt(client, jwt: str) -> dict:
    """The claims of a VC-JWT once its EdDSA signature checks out under the published key named
    by its ``kid`` (raises cryptography's InvalidSignature otherwise)."""
    header_b64, claims_b64, signature_b64 = jwt.split(".")
    header = json.loads(unb64(header_b64))
    assert header["alg"] == "EdDSA" and header["typ"] == "JWT"
    published_key(client, header["kid"]).verify(unb64(signature_b64), f"{header_b64}.{claims_b64}".encode())
    return json.loads(unb64(claims_b64))


def check_statement(client, statement: str) -> dict:
    """A statement's payload once its Ed25519 signature checks out under the published key."""
    body, signature, kid = statement.split(".")
    published_key(client, kid).verify(unb64(signature), f"{body}.{kid}".encode())
    return json.loads(unb64(body))
