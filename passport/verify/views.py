"""``/verify/<statement>`` (is this confirmation real and still standing?) and the school keys at
``/.well-known/passport-keys.json``, for checking a statement offline from a copy."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import UTC

from flask import current_app
from flask import jsonify
from flask import render_template

from .. import clock
from ..documents import export
from ..queries import proofs
from ..queries.proofs import ProofState
from . import bp
from . import wording

METHODS = {
    "employer": "Confirmed at the event by the organisation",
    "event_code": "The pupil checked in with the event's code on the day",
    "staff": "Checked by school staff",
}
STATUS = {
    ProofState.CONFIRMED: 200,
    ProofState.TAMPERED: 400,
    ProofState.UNKNOWN_KEY: 404,
    ProofState.REVOKED_KEY: 410,
    ProofState.WITHDRAWN: 410,
    ProofState.CHANGED: 410,
}


def _when(payload: dict) -> tuple[date | None, datetime | None]:
    """The statement's date, and when it was confirmed in England, for reading."""
    try:
        on = date.fromisoformat(payload["date"])
        at = datetime.fromisoformat(payload["verified_at"].removesuffix("Z")).replace(tzinfo=UTC)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None, None
    return on, at.astimezone(clock.LONDON)


@bp.get("/verify/<statement>")
def statement(statement: str):
    """What the school signed, once the signature and the school's record both check out."""
    check = proofs.check(statement)
    on, at = _when(check.payload or {})
    page = render_template(
        "verify/statement.html", check=check, State=ProofState, methods=METHODS, on=on, at=at,
        wording=wording,
    )
    return page, STATUS[check.state]


@bp.get("/.well-known/passport-keys.json")
def keys():
    """Every school's public keys (current and revoked): a copy of this file is enough to check
    a statement's signature with no connection (docs/verification.md)."""
    return jsonify(
        format="Career Passport statement v1: <payload>.<signature>.<kid>, Ed25519 over '<payload>.<kid>'",
        docs="docs/verification.md",
        keys=proofs.published_keys(),
    )


@bp.get("/schemas/passport-export.schema.json")
def export_schema():
    """The published JSON Schema of a pupil's whole-record export (docs/portability.md)."""
    return current_app.response_class(
        export.SCHEMA_PATH.read_bytes(), mimetype="application/schema+json"
    )
