"""The proof of each verified entry as the export carries it: the school's signed statement,
its key id, its verification link and the entry as an Open Badges 3.0 VC-JWT."""

from __future__ import annotations

import json

from flask import current_app

from ..documents import badges
from ..documents import signing
from ..documents.links import public_url
from ..models import Entry
from ..operations import sharing


def _payload(statement: str) -> dict:
    """What a statement this app made says (it was signed here or checked on import)."""
    return json.loads(signing.unb64url(statement.split(".")[0]).decode("utf-8"))


def badge_of(entry: Entry, statement: str | None = None) -> str | None:
    """The entry's OB 3.0 credential as a VC-JWT signed with the school's key, or None when it
    is not verified, or was brought from another school (that school's own statement proves
    it; this school does not sign what it did not confirm)."""
    statement = statement or sharing.statement_for(entry)
    if statement is None or entry.verification_method == sharing.TRANSFERRED:
        return None
    payload = _payload(statement)
    kid = statement.rsplit(".", 1)[1]
    secret = current_app.config["SECRET_KEY"]
    facts = badges.BadgeFacts(
        entry_uuid=payload["entry"],
        school_name=payload["school"]["name"],
        school_code=payload["school"]["code"],
        kind_code=entry.kind.value,
        kind_label=payload["kind"],
        activity=payload.get("activity"),
        organisation=payload["organisation"],
        occurred_on=entry.occurred_on,
        verified_at=entry.verified_at or entry.updated_at,
        method=payload["method"],
        shared_name=payload.get("pupil"),
        skills=tuple(entry.skill_codes),
    )
    credential = badges.credential(
        facts,
        issuer_id=public_url("verify.keys") + f"#school-{facts.school_code}",
        verify_url=public_url("verify.statement", statement=statement),
        salt_key=(secret.encode() if isinstance(secret, str) else secret),
    )
    return badges.vc_jwt(credential, signing.private_key(secret, kid), kid)


def proof_of(entry: Entry) -> dict | None:
    """What the export says about a verified entry's confirmation (None if not verified)."""
    statement = sharing.statement_for(entry)
    if statement is None:
        return None
    return {
        "statement": statement,
        "kid": statement.rsplit(".", 1)[1],
        "school_code": _payload(statement)["school"]["code"],
        "verify_url": sharing.proof_url_for(entry),
        "open_badge": badge_of(entry, statement),
    }
