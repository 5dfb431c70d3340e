"""The tokens QR codes carry: rotating event check-in codes, typed codes and pupil passes.

Every token is an HMAC under a key the server derives from SECRET_KEY and a random per-event
(or per-pupil) secret, so it carries no personal data and no database id, cannot be forged
without the server's key, and names a time slot so that an old code can be told from a fresh
one. docs/verification.md has the formats and the threat model.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from enum import StrEnum

SLOT_SECONDS = 30
TYPED_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
TYPED_LENGTH = 6
_MAC_CHARS = 16  # 96 bits of base64url
_CODE = re.compile(r"^[A-Za-z0-9_-]{6,32}$")
_CHECKIN = re.compile(r"^(?P<code>[A-Za-z0-9_-]{6,32})\.(?P<slot>\d{1,12})\.(?P<mac>[A-Za-z0-9_-]{16})$")
_PASS = re.compile(r"^P\.(?P<id>[A-Za-z0-9_-]{8,32})\.(?P<exp>\d{1,12})\.(?P<mac>[A-Za-z0-9_-]{16})$")


class TokenProblem(StrEnum):
    """Why a token was refused; each has a message a pupil or employer can act on."""

    MALFORMED = "malformed"
    FORGED = "forged"
    EXPIRED = "expired"
    TOO_EARLY = "too_early"
    OUTSIDE_EVENT = "outside_event"


MESSAGES = {
    TokenProblem.MALFORMED: "That is not a Career Passport code. Scan the code on the screen again.",
    TokenProblem.FORGED: "That code was not made by your school. Scan the code on the screen again.",
    TokenProblem.EXPIRED: "That code has expired. Scan the code on the screen now.",
    TokenProblem.TOO_EARLY: "That code is from the future. Check the time on your phone and scan again.",
    TokenProblem.OUTSIDE_EVENT: "That code is not for an event happening now.",
}


class Refused(ValueError):
    """Something scanned or pasted that must not be believed (a token, a pass, a signed
    statement); ``problem``, a member of that thing's own problem enum, says why."""

    def __init__(self, problem: StrEnum, message: str | None = None):
        super().__init__(message or problem.value)
        self.problem = problem


class TokenError(Refused):
    """A check-in token that must be refused, with the message the pupil sees."""

    def __init__(self, problem: TokenProblem):
        super().__init__(problem, MESSAGES[problem])


def derive_key(secret_key: str | bytes, purpose: str, secret: str) -> bytes:
    """The HMAC key for one event or pupil: HMAC(SECRET_KEY, purpose:secret)."""
    master = secret_key.encode() if isinstance(secret_key, str) else secret_key
    return hmac.new(master, f"{purpose}:{secret}".encode(), hashlib.sha256).digest()


def _mac(key: bytes, message: str) -> str:
    digest = hmac.new(key, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:_MAC_CHARS]


def slot_at(unix_seconds: float, slot_seconds: int = SLOT_SECONDS) -> int:
    """The time slot a moment falls in."""
    return int(unix_seconds // slot_seconds)


@dataclass(frozen=True)
class CheckinToken:
    """A parsed check-in token: which event (its public code) and which slot."""

    event_code: str
    slot: int
    mac: str


def checkin_token(key: bytes, event_code: str, slot: int) -> str:
    """``<event code>.<slot>.<mac>``: what the event's QR code carries for one slot."""
    if not _CODE.match(event_code):
        raise ValueError("event code must be 6-32 URL-safe characters")
    return f"{event_code}.{slot}.{_mac(key, f'checkin:{event_code}:{slot}')}"


def parse_checkin(text: str) -> CheckinToken:
    """Split a scanned token (or the URL that carries it) without checking it."""
    text = (text or "").strip()
    if "/c/" in text:
        text = text.rsplit("/c/", 1)[1].split("?", 1)[0].split("#", 1)[0]
    match = _CHECKIN.match(text)
    if not match:
        raise TokenError(TokenProblem.MALFORMED)
    return CheckinToken(match["code"], int(match["slot"]), match["mac"])


def check_checkin(
    key: bytes, token: CheckinToken, *, at_slot: int, tolerance: int, first_slot: int, last_slot: int
) -> None:
    """Raise TokenError unless ``token`` was made with ``key``, is within ``tolerance`` slots
    of ``at_slot`` (when it was scanned), and falls inside the event (``first_slot`` to
    ``last_slot``)."""
    expected = _mac(key, f"checkin:{token.event_code}:{token.slot}")
    if not hmac.compare_digest(expected, token.mac):
        raise TokenError(TokenProblem.FORGED)
    if not first_slot <= token.slot <= last_slot:
        raise TokenError(TokenProblem.OUTSIDE_EVENT)
    if token.slot < at_slot - tolerance:
        raise TokenError(TokenProblem.EXPIRED)
    if token.slot > at_slot + tolerance:
        raise TokenError(TokenProblem.TOO_EARLY)


def typed_code(key: bytes, slot: int) -> str:
    """The short code shown beside the QR for the same slot, for phones with no camera."""
    digest = hmac.new(key, f"typed:{slot}".encode(), hashlib.sha256).digest()
    value = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(TYPED_LENGTH):
        value, index = divmod(value, len(TYPED_ALPHABET))
        chars.append(TYPED_ALPHABET[index])
    return "".join(chars)


def normalise_typed(text: str) -> str:
    """What a pupil typed, as a code to compare: upper case, no spaces or dashes."""
    return re.sub(r"[\s-]", "", (text or "")).upper()


def matching_slot(key: bytes, typed: str, *, at_slot: int, tolerance: int) -> int | None:
    """The slot near ``at_slot`` whose typed code is ``typed``, or None."""
    wanted = normalise_typed(typed)
    if len(wanted) != TYPED_LENGTH or not set(wanted) <= set(TYPED_ALPHABET):
        return None
    for slot in range(at_slot - tolerance, at_slot + tolerance + 1):
        if hmac.compare_digest(typed_code(key, slot), wanted):
            return slot
    return None


def pass_token(key: bytes, pass_id: str, expires: int) -> str:
    """``P.<pass id>.<expiry>.<mac>``: a pupil's pass, valid until the unix time ``expires``.
    ``pass_id`` is a random per-pupil id (never the database id or a name)."""
    return f"P.{pass_id}.{expires}.{_mac(key, f'pass:{pass_id}:{expires}')}"


def parse_pass(text: str) -> tuple[str, int, str]:
    """(pass id, expiry, mac) of a scanned pass (or the URL that carries it), unchecked."""
    text = (text or "").strip()
    if "/p/" in text:
        text = text.rsplit("/p/", 1)[1].split("?", 1)[0].split("#", 1)[0]
    match = _PASS.match(text)
    if not match:
        raise TokenError(TokenProblem.MALFORMED)
    return match["id"], int(match["exp"]), match["mac"]


def check_pass(key: bytes, pass_id: str, expires: int, mac: str, *, now: float) -> None:
    """Raise TokenError unless the pass was made with ``key`` and has not expired."""
    if not hmac.compare_digest(_mac(key, f"pass:{pass_id}:{expires}"), mac):
        raise TokenError(TokenProblem.FORGED)
    if now > expires:
        raise TokenError(TokenProblem.EXPIRED)
