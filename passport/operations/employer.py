"""An attending organisation confirms "this pupil spoke with us" (issue 4, requirements 16, 18).

Employers have no accounts: they act through their verifier link (``EventOrganisation``). A
confirmation puts one verified entry on the pupil's record, made from the event (kind, date)
and the organisation (name, sector), and audits which link made it.

Forgery (issue 7, item 1): the entry's id is server-random, never derived from public values, so
nobody can create it beforehand; one confirmation per organisation and pupil is a unique row in
``employer_confirmations``, and every fact on the entry comes from what the verifier was shown
(the event and the organisation), never from an entry a pupil made.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from datetime import timedelta
from datetime import UTC

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..domain import eligibility
from ..domain import verifier
from ..domain.events import entry_for
from ..domain.kinds import ProviderType
from ..domain.kinds import Verification
from ..extensions import db
from ..models import AuditEvent
from ..models import EmployerConfirmation
from ..models import Entry
from ..models import EventOrganisation
from ..models import Pupil
from ..models._base import utcnow
from . import audit
from . import entries
from .checkin import late_window

COMMENT_MAX = 200
CONFIRM_LIMIT = 120
CONFIRM_PERIOD = timedelta(minutes=10)


class OtherSchool(Exception):
    """The pass belongs to a pupil of another school than the event's."""


class LinkClosed(Exception):
    """The verifier link was revoked, or its event is long over (or was cancelled)."""


class TooMany(Exception):
    """This link confirmed too many pupils in too short a time (a leaked link, or a script)."""


class NotInvited(Exception):
    """The event is not for this pupil's year group: the event's own check-in refuses them too
    (domain/eligibility.py)."""


class Withdrawn(entries.AlreadyApplied):
    """This organisation confirmed this pupil before and that entry has since been removed: a
    replay must not bring it back."""

    def __init__(self, confirmation: EmployerConfirmation):
        Exception.__init__(self, str(confirmation.id))
        self.receipt = None
        self.confirmation = confirmation


def link_fingerprint(org: EventOrganisation) -> str:
    """Names the link in the audit trail and the session without being the link: a leaked audit
    export or cookie cannot be used to confirm anyone."""
    return hashlib.sha256(f"verifier-link:{org.verifier_secret}".encode()).hexdigest()[:16]


def link_facts(org: EventOrganisation) -> verifier.LinkFacts:
    event = org.event
    return verifier.LinkFacts(event.starts_at, event.ends_at, org.revoked_at, event.cancelled_at)


def eligibility_of(org: EventOrganisation, pupil: Pupil) -> eligibility.Ineligible | None:
    """The shared rule (domain/eligibility.py) for this organisation's event and this pupil."""
    return eligibility.ineligible(event_facts(org.event), pupil_facts(pupil))


def event_facts(event) -> eligibility.EventFacts:
    return eligibility.EventFacts(event.school_id, tuple(event.year_group_list), event.cancelled_at)


def pupil_facts(pupil: Pupil) -> eligibility.PupilFacts:
    return eligibility.PupilFacts(pupil.school_id, pupil.year_group)


def confirmation_of(org: EventOrganisation, pupil: Pupil) -> EmployerConfirmation | None:
    """This organisation's confirmation of this pupil, if it made one."""
    return db.session.scalar(
        select(EmployerConfirmation).where(
            EmployerConfirmation.organisation_id == org.id, EmployerConfirmation.pupil_id == pupil.id
        )
    )


def confirmed_entry(org: EventOrganisation, pupil: Pupil) -> Entry | None:
    """The entry this organisation's confirmation of this pupil made, while it exists."""
    confirmation = confirmation_of(org, pupil)
    if confirmation is None or confirmation.entry_id is None:
        return None
    return db.session.get(Entry, confirmation.entry_id)


def recent_confirmations(org: EventOrganisation, since: datetime) -> int:
    """How many pupils this link confirmed since ``since`` (from the audit trail)."""
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == "employer_confirmed",
            AuditEvent.subject_type == "EventOrganisation",
            AuditEvent.subject_id == org.id,
            AuditEvent.at >= since,
        )
    )


def entry_data(org: EventOrganisation) -> entries.EntryData:
    """The facts the verifier was shown and vouches for: the event's kind and date, the
    organisation's name and sector. Nothing comes from the pupil."""
    event = org.event
    try:
        kind, subtype = entry_for(
            event.kind,
            provider_type=ProviderType(event.provider_type) if event.provider_type else None,
            other_kind=event.entry_kind,
            other_subtype=event.entry_subtype,
        )
    except ValueError:
        kind, subtype = event.entry_kind, event.entry_subtype
    occurred_on = event.starts_at.replace(tzinfo=UTC).astimezone(clock.LONDON).date()
    return entries.EntryData(
        kind=kind, subtype=subtype, occurred_on=occurred_on, organisation=org.name,
        sector=org.sector, is_stem=event.is_stem,
    )


def _existing(org: EventOrganisation, pupil: Pupil) -> Entry | None:
    """The entry of an earlier confirmation; Withdrawn when that entry is gone."""
    confirmation = confirmation_of(org, pupil)
    if confirmation is None:
        return None
    entry = db.session.get(Entry, confirmation.entry_id) if confirmation.entry_id is not None else None
    if entry is None:
        raise Withdrawn(confirmation)
    return entry


def confirm_pupil(
    org: EventOrganisation, pupil: Pupil, comment: str, op: uuid.UUID, at: datetime | None = None
) -> tuple[Entry, bool]:
    """Record that ``org`` spoke with ``pupil`` at its event: one new verified entry (method
    "employer", with the link, the event and the comment) made from the event and the
    organisation only, under a server-random id, audited with the link used.

    Returns ``(entry, confirmed_now)``. Idempotent: a second confirmation by the same
    organisation (the same ``op`` replayed, or a new one) returns the existing entry unchanged,
    even if the school has since rejected it; the unique (organisation, pupil) row settles two
    phones confirming at once. Raises OtherSchool or NotInvited (the rule the event's check-in
    applies, domain/eligibility.py), LinkClosed (revoked, cancelled or past the event's late
    window at ``at``), TooMany (CONFIRM_LIMIT per CONFIRM_PERIOD per link), and Withdrawn when
    the confirmation was made before and its entry removed.
    """
    at = at or utcnow()
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValueError("comment too long")
    refusal = eligibility_of(org, pupil)
    if refusal is eligibility.Ineligible.OTHER_SCHOOL:
        raise OtherSchool(pupil.id)
    if refusal is eligibility.Ineligible.CANCELLED:
        raise LinkClosed(org.id)
    if refusal is eligibility.Ineligible.NOT_INVITED:
        raise NotInvited(pupil.id)
    if not verifier.accepts_late_sync(link_facts(org), at, late_window(org.event)):
        raise LinkClosed(org.id)
    existing = _existing(org, pupil)
    if existing is not None:
        return existing, False
    if recent_confirmations(org, utcnow() - CONFIRM_PERIOD) >= CONFIRM_LIMIT:
        raise TooMany(org.id)
    # The entry is the pupil's (they own their record; the employer has no account). Entry,
    # confirmation row and audit row commit together, or not at all.
    entry = entries.new_entry(pupil, pupil.user, entry_data(org))
    entry.verification = Verification.VERIFIED
    entry.verification_method = "employer"
    entry.verifier_org_id = org.id
    entry.event_id = org.event_id
    entry.verified_at = at
    entry.verification_note = comment or None
    confirmation = EmployerConfirmation(
        school_id=org.school_id, organisation_id=org.id, pupil_id=pupil.id, confirmed_at=at
    )
    db.session.add_all([entry, confirmation])
    try:
        db.session.flush()
        confirmation.entry_id = entry.id
        audit.log(
            None, org.school_id, "employer_confirmed", org,
            link=link_fingerprint(org), event_id=org.event_id, pupil_id=pupil.id,
            entry_uuid=str(entry.client_uuid), op=str(op), with_comment=bool(comment),
        )
        db.session.commit()
    except IntegrityError:
        # Another phone's confirmation of the same pupil won: answer with its entry.
        db.session.rollback()
        winner = _existing(org, pupil)
        if winner is None:
            raise
        return winner, False
    return entry, True
