"""Checking in at an event: a pupil's claim, made by scanning (or typing) the code on the event's
screen, that they were there. A valid claim puts one verified entry on the pupil's record.

The claim may have been made offline and synced hours later, so it is checked against the time
the phone recorded (``scanned_at``), within limits: docs/verification.md, "Check-in codes".
Every refusal raises CheckinRefused with a message a pupil can act on, and is audited (the
first few per pupil per window: checkin_throttle.py).

Forgery (issue 7, item 1): the entry gets a server-random id; the phone's ``op`` only names the
receipt, so no entry a pupil made beforehand can be taken for a check-in. Every fact on the entry
comes from the event. Who may check in is the rule the employer's confirmation applies too
(domain/eligibility.py). A claim whose code was no longer fresh when it arrived rests on the
time the phone asserts: it is recorded as late, with its delay, for staff to review, and
refused beyond the event's late window (``Event.late_window_hours``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from datetime import UTC

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..domain import eligibility
from ..domain import tokens
from ..domain.kinds import Verification
from ..domain.tokens import TokenProblem
from ..extensions import db
from ..models import CheckinClaim
from ..models import Entry
from ..models import Event
from ..models import OpReceipt
from ..models import Pupil
from ..models import User
from ..queries.events import checkin_key
from . import audit
from . import checkin_throttle as throttle
from .entries import AlreadyApplied
from .entries import NotYours

ACTION = "checkin.claim"
CLOCK_SKEW = timedelta(minutes=1)
RATE_LIMIT = throttle.RATE_LIMIT
RATE_WINDOW = throttle.RATE_WINDOW
ORGANISATION_MAX = 120

NOT_YOUR_SCHOOL = "That code is not for an event at your school. Scan the code on the screen again."
REFUSALS = {
    # The token scheme's own problems keep the scheme's words (domain/tokens.py).
    **{problem.value: message for problem, message in tokens.MESSAGES.items()},
    "typed_malformed": "Check-in codes have 6 letters and numbers, like K7M2QX. Check the code and "
    "try again.",
    "typed_no_match": "That code does not match an event happening when you entered it. Check the code "
    "on the screen and type it again.",
    "missing": "Scan the code on the screen, or type the 6-character code under it.",
    "unknown_event": NOT_YOUR_SCHOOL,
    "other_school": NOT_YOUR_SCHOOL,
    "cancelled": "That event has been cancelled, so you cannot check in to it.",
    "clock_ahead": "The clock on your phone is ahead of the real time. Set your phone to the right time "
    "and scan again.",
    "too_late": "This check-in was saved on your phone too long ago to be checked now. Ask your careers "
    "leader to confirm that you were there.",
    "not_invited": "This event is not for your year group, so it cannot go on your passport. Ask your "
    "careers leader if you were there.",
    "rate_limited": "Too many codes have not worked. Wait half a minute, then type the code on the "
    "screen again, or scan it instead.",
    "claim_lost": "You checked in to this event before, but that entry has been removed. Ask your "
    "careers leader to add it back.",
}


class CheckinRefused(Exception):
    """A claim that must be refused. ``reason`` is a stable code (docs/verification.md);
    ``message`` says what the pupil can do."""

    def __init__(self, reason: str, event_id: int | None = None):
        super().__init__(REFUSALS[reason])
        self.reason = reason
        self.message = REFUSALS[reason]
        self.event_id = event_id  # the pupil's own school's event it named, for the audit


@dataclass(frozen=True)
class _Found:
    event: Event
    slot: int
    method: str  # "qr" or "typed"


def _unix(moment: datetime) -> float:
    """Seconds since the epoch of a naive UTC timestamp."""
    return moment.replace(tzinfo=UTC).timestamp()


def _slots(event: Event, slot_seconds: int) -> tuple[int, int]:
    first = tokens.slot_at(_unix(event.starts_at), slot_seconds)
    return first, tokens.slot_at(_unix(event.ends_at), slot_seconds)


def _settings() -> tuple[int, int]:
    config = current_app.config
    return config["CHECKIN_SLOT_SECONDS"], config["CHECKIN_TOLERANCE_SLOTS"]


def late_window(event: Event) -> timedelta:
    """How long after a scan its check-in (or an employer's offline confirmation) may arrive:
    the event's own window, set by the careers leader, never beyond CHECKIN_MAX_DELAY_HOURS
    (the deployment's ceiling and the default)."""
    ceiling = current_app.config["CHECKIN_MAX_DELAY_HOURS"]
    hours = event.late_window_hours
    return timedelta(hours=ceiling if hours is None else min(hours, ceiling))


def _find_by_token(pupil: Pupil, token: str, moments: tuple[datetime, ...]) -> _Found:
    """The event a scanned token names, checked: signature, inside the event, and close to the
    scan (or, failing that, to its arrival: an online claim from a phone whose clock is wrong)."""
    parsed = tokens.parse_checkin(token)
    event = db.session.scalar(select(Event).where(Event.public_code == parsed.event_code))
    if event is None:
        raise CheckinRefused("unknown_event")
    if event.school_id != pupil.school_id:
        raise CheckinRefused("other_school")
    slot_seconds, tolerance = _settings()
    first, last = _slots(event, slot_seconds)
    key = checkin_key(event)
    problem: tokens.TokenError | None = None
    for moment in moments:
        try:
            tokens.check_checkin(
                key, parsed, at_slot=tokens.slot_at(_unix(moment), slot_seconds), tolerance=tolerance,
                first_slot=first, last_slot=last,
            )
        except tokens.TokenError as error:
            if error.problem not in (TokenProblem.EXPIRED, TokenProblem.TOO_EARLY):
                raise CheckinRefused(error.problem.value, event.id) from None
            problem = problem or error
            continue
        return _Found(event, parsed.slot, "qr")
    assert problem is not None
    raise CheckinRefused(problem.problem.value, event.id)


def _find_by_typed(pupil: Pupil, typed: str, moments: tuple[datetime, ...]) -> _Found:
    """The school's event happening at the scan (or arrival) whose code for a slot near then is
    ``typed``. A typed code cannot say which event it is for, so each candidate is tried."""
    wanted = tokens.normalise_typed(typed)
    if len(wanted) != tokens.TYPED_LENGTH or not set(wanted) <= set(tokens.TYPED_ALPHABET):
        raise CheckinRefused("typed_malformed")
    slot_seconds, tolerance = _settings()
    margin = timedelta(seconds=slot_seconds * (tolerance + 1))
    candidates = db.session.scalars(
        select(Event)
        .where(
            Event.school_id == pupil.school_id,
            Event.cancelled_at.is_(None),
            Event.starts_at <= max(moments) + margin,
            Event.ends_at >= min(moments) - margin,
        )
        .order_by(Event.starts_at, Event.id)
    )
    for event in candidates:
        first, last = _slots(event, slot_seconds)
        key = checkin_key(event)
        for moment in moments:
            slot = tokens.matching_slot(
                key, wanted, at_slot=tokens.slot_at(_unix(moment), slot_seconds), tolerance=tolerance
            )
            if slot is not None and first <= slot <= last:
                return _Found(event, slot, "typed")
    raise CheckinRefused("typed_no_match")


def _refuse(pupil: Pupil, actor: User, reason: str, at: datetime, **detail) -> CheckinRefused:
    """Count the refusal, audit it while the pupil's window allows (committed on its own:
    nothing else changed), and return the exception."""
    for attempt in (1, 2):
        if throttle.note_refusal(pupil, at):
            extra = {"throttled": True} if throttle.is_throttling(pupil) else {}
            audit.log(actor, pupil.school_id, "checkin_refused", pupil, reason=reason, **detail, **extra)
        try:
            db.session.commit()
            break
        except IntegrityError:
            # A concurrent refusal made the pupil's counter row first: count on it instead.
            db.session.rollback()
            if attempt == 2:
                raise
    return CheckinRefused(reason)


def _replayed(pupil: Pupil, actor: User, op: uuid.UUID) -> Entry | None:
    """The entry an earlier claim with this ``op`` made, or None when ``op`` is new. Raises
    NotYours for another user's op (or one spent on an entry no check-in made), AlreadyApplied
    when the claim's entry has since been removed."""
    receipt = db.session.get(OpReceipt, op)
    if receipt is None:
        if db.session.scalar(select(Entry.id).where(Entry.client_uuid == op)) is not None:
            raise NotYours(op)  # an entry's own id is spent: it is never a check-in's op
        return None
    if receipt.user_id != actor.id or receipt.action != ACTION:
        raise NotYours(op)
    entry = db.session.scalar(
        select(Entry).where(Entry.client_uuid == receipt.entry_uuid, Entry.pupil_id == pupil.id)
    )
    if entry is None:
        raise AlreadyApplied(receipt)
    return entry


def _existing_claim(event: Event, pupil: Pupil) -> CheckinClaim | None:
    return db.session.scalar(
        select(CheckinClaim).where(CheckinClaim.event_id == event.id, CheckinClaim.pupil_id == pupil.id)
    )


def organisation_for(event: Event) -> str:
    """What the entry says the pupil met: the one organisation attending, when there is exactly
    one (an employer talk: "Arup"); otherwise the event's title (a fair of many: "Year 10
    careers fair")."""
    names = [org.name for org in event.organisations]
    name = names[0] if len(names) == 1 else event.title
    return name[:ORGANISATION_MAX]


def claim_attendance(
    pupil: Pupil,
    actor: User,
    *,
    token: str | None = None,
    typed: str | None = None,
    scanned_at: datetime,
    received_at: datetime,
    op: uuid.UUID,
) -> Entry:
    """Check a claim that ``pupil`` attended an event and put one verified entry on their record.

    ``token`` is what the event's QR code carries (or the URL carrying it); ``typed`` the short
    code under it. ``scanned_at`` is the phone's clock when the code was scanned (naive UTC,
    untrusted); ``received_at`` when the server got the claim. ``op`` is the phone's id for the
    claim: its receipt names the entry, so a replay returns the same entry. The entry's own id
    is random, made here.

    Returns the entry: a new one, or the one an earlier claim to the same event made (one claim
    per pupil per event; the entry's ``verified_at`` is when that first claim arrived). Raises
    CheckinRefused (audited, within bounds) for a code that must be refused, NotYours for another
    user's ``op`` and AlreadyApplied for an ``op`` whose entry was removed.
    """
    replay = _replayed(pupil, actor, op)
    if replay is not None:
        return replay
    method = "qr" if token else "typed"
    times = {"method": method, "scanned_at": scanned_at.isoformat(), "received_at": received_at.isoformat()}
    if not token and throttle.wait(pupil, received_at):
        raise CheckinRefused("rate_limited")  # writes nothing: a script's tries grow no table
    if scanned_at > received_at + CLOCK_SKEW:
        raise _refuse(pupil, actor, "clock_ahead", received_at, **times)
    if received_at - scanned_at > timedelta(hours=current_app.config["CHECKIN_MAX_DELAY_HOURS"]):
        raise _refuse(pupil, actor, "too_late", received_at, **times)
    moments = (scanned_at, received_at)
    try:
        if token:
            found = _find_by_token(pupil, token, moments)
        elif typed and typed.strip():
            found = _find_by_typed(pupil, typed, moments)
        else:
            raise CheckinRefused("missing")
    except tokens.TokenError as error:
        raise _refuse(pupil, actor, error.problem.value, received_at, **times) from None
    except CheckinRefused as refused:
        about = {"event_id": refused.event_id} if refused.event_id is not None else {}
        raise _refuse(pupil, actor, refused.reason, received_at, **times, **about) from None
    event = found.event
    about = {**times, "event_id": event.id, "slot": found.slot}
    # The rule an employer's confirmation applies too (requirements item 16; issue 7 item 9).
    refusal = eligibility.ineligible(
        eligibility.EventFacts(event.school_id, tuple(event.year_group_list), event.cancelled_at),
        eligibility.PupilFacts(pupil.school_id, pupil.year_group),
    )
    if refusal is not None:
        raise _refuse(pupil, actor, refusal.value, received_at, **about)
    if received_at - scanned_at > late_window(event):
        raise _refuse(pupil, actor, "too_late", received_at, **about)
    claim = _existing_claim(event, pupil)
    if claim is not None:
        entry = db.session.get(Entry, claim.entry_id) if claim.entry_id is not None else None
        if entry is None:
            raise _refuse(pupil, actor, "claim_lost", received_at, **about)
        return entry
    return _record(pupil, actor, found, scanned_at=scanned_at, received_at=received_at, op=op)


def _is_late(found: _Found, received_at: datetime) -> bool:
    """Whether the code was no longer fresh when the claim arrived, so that only the phone's
    word (its scan time) says it was scanned in time."""
    slot_seconds, tolerance = _settings()
    return abs(found.slot - tokens.slot_at(_unix(received_at), slot_seconds)) > tolerance


def _record(
    pupil: Pupil, actor: User, found: _Found, *, scanned_at: datetime, received_at: datetime, op: uuid.UUID
) -> Entry:
    """The entry (a random id), the claim, the receipt and the audit row, in one transaction."""
    event = found.event
    sectors = event.sector_list
    entry = Entry(
        client_uuid=uuid.uuid4(),
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        kind=event.entry_kind,
        subtype=event.entry_subtype,
        occurred_on=event.starts_at.replace(tzinfo=UTC).astimezone(clock.LONDON).date(),
        organisation=organisation_for(event),
        sector=sectors[0] if sectors else None,
        is_stem=event.is_stem,
        description="",
        verification=Verification.VERIFIED,
        verification_method="event_code",
        verified_at=received_at,
        event_id=event.id,
        created_by_id=actor.id,
        client_created_at=scanned_at,
        skills=[],
    )
    delay = max(0, int((received_at - scanned_at).total_seconds()))
    late = _is_late(found, received_at)
    claim = CheckinClaim(
        school_id=pupil.school_id, event_id=event.id, pupil_id=pupil.id, slot=found.slot,
        method=found.method, scanned_at=scanned_at, received_at=received_at,
        delay_seconds=delay, is_late=late,
    )
    db.session.add_all([entry, claim])
    db.session.add(
        OpReceipt(
            op_uuid=op, school_id=pupil.school_id, user_id=actor.id, action=ACTION,
            entry_uuid=entry.client_uuid,
        )
    )
    try:
        db.session.flush()
        claim.entry_id = entry.id
        audit.log(
            actor, pupil.school_id, "checkin_claimed", entry,
            event_id=event.id, claim_id=claim.id, method=found.method, slot=found.slot,
            scanned_at=scanned_at.isoformat(), received_at=received_at.isoformat(),
            delay_seconds=delay, late=late,
        )
        db.session.commit()
    except IntegrityError:
        # A concurrent request won: the same op (a retry racing its original) or another claim
        # to the same event (two taps, two devices). Either way, answer with its entry.
        db.session.rollback()
        winner = _replayed(pupil, actor, op)
        if winner is not None:
            return winner
        claim = _existing_claim(event, pupil)
        entry = db.session.get(Entry, claim.entry_id) if claim and claim.entry_id is not None else None
        if entry is None:
            raise
        return entry
    return entry
