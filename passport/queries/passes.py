"""Pupil passes: the one place pass tokens are made, read and checked (docs/verification.md)."""

from __future__ import annotations

import time
from enum import StrEnum

from flask import current_app
from sqlalchemy import select

from ..domain import tokens
from ..extensions import db
from ..models import Pupil

# The pass key's version: change it to void every pass at once.
PASS_KEY_VERSION = "v1"


class PassProblem(StrEnum):
    """Why a scanned pass was refused."""

    MALFORMED = "malformed"
    FORGED = "forged"
    EXPIRED = "expired"
    REPLACED = "replaced"


class PassError(tokens.Refused):
    """A pass that must be refused; ``problem`` (a PassProblem) says why."""


def pass_key() -> bytes:
    return tokens.derive_key(current_app.config["SECRET_KEY"], "pass", PASS_KEY_VERSION)


def expiry(now: float | None = None) -> int:
    """When a pass made now stops working (unix seconds): PASS_DAYS from now."""
    now = time.time() if now is None else now
    return int(now) + current_app.config["PASS_DAYS"] * 24 * 3600


def token_for(pupil: Pupil, now: float | None = None) -> tuple[str, int]:
    """A fresh pass token for ``pupil`` and its expiry. It carries the random pass id, never a
    name or a database id."""
    expires = expiry(now)
    return tokens.pass_token(pass_key(), pupil.pass_id, expires), expires


def pupil_for(token: str, now: float | None = None) -> Pupil:
    """The pupil a scanned pass (or its URL) names, once it checks out; raises PassError."""
    now = time.time() if now is None else now
    try:
        pass_id, expires, mac = tokens.parse_pass(token)
        tokens.check_pass(pass_key(), pass_id, expires, mac, now=now)
    except tokens.TokenError as error:
        problem = {
            tokens.TokenProblem.FORGED: PassProblem.FORGED,
            tokens.TokenProblem.EXPIRED: PassProblem.EXPIRED,
        }.get(error.problem, PassProblem.MALFORMED)
        raise PassError(problem) from None
    pupil = db.session.scalar(select(Pupil).where(Pupil.pass_id == pass_id))
    if pupil is None or not pupil.user.is_active:
        # A genuine pass whose id is gone: the pupil replaced it (a lost phone) or left.
        raise PassError(PassProblem.REPLACED)
    return pupil
