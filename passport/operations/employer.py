"""An attending organisation confirms "this pupil spoke with us" (issue 4, requirements 16, 18).

Employers have no accounts: they act through their verifier link (``EventOrganisation``). A
confirmation puts one verified entry on the pupil's record, made from the event (kind, date)
and the organisation (name, sector), and audits which link made it.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from datetime import timedelta
from datetime import UTC

from flask import current_app
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from .. import clock
from ..domain import verifier
from ..domain.events import entry_for
from ..domain.kinds import ProviderType
from ..domain.kinds import Verification
from ..extensions import db
from ..models import AuditEvent
from ..models import Entry
from ..models import EventOrganisation
from ..models import Pupil
from ..models._base import utcnow
from . import audit
from . import entries

COMMENT_MAX = 200
CONFIRM_LIMIT = 120
CONFIRM_PERIOD = timedelta(minutes=10)
# Fixed: the id of "organisation X confirmed pupil Y" is the same wherever it is computed.
_CONFIRMATIONS = uuid.UUID("6f1d2c0e-4b1a-5e8f-9c3d-2a7b8e9f0a11")


class OtherSchool(Exception):
    """The pass belongs to a pupil of another school than the event's."""


class LinkClosed(Exception):
    """The verifier link was revoked, or its event is long over (or was cancelled)."""


class TooMany(Exception):
    """This link confirmed too many pupils in too short a time (a leaked link, or a script)."""


def link_fingerprint(org: EventOrganisation) -> str:
    """Names the link in the audit trail and the session without being the link: a leaked audit
    export or cookie cannot be used to confirm anyone."""
    return hashlib.sha256(f"verifier-link:{org.verifier_secret}".encode()).hexdigest()[:16]


def link_facts(org: EventOrganisation) -> verifier.LinkFacts:
    event = org.event
    return verifier.LinkFacts(event.starts_at, event.ends_at, org.revoked_at, event.cancelled_at)


def confirmation_uuid(org: EventOrganisation, pupil: Pupil) -> uuid.UUID:
    """The entry id of this organisation's confirmation of this pupil: one per organisation,
    pupil and event (an organisation belongs to one event), even when two phones confirm at once."""
    return uuid.uuid5(_CONFIRMATIONS, f"employer:{org.id}:{pupil.id}")


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


def _entry_data(org: EventOrganisation) -> entries.EntryData:
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


def confirm_pupil(
    org: EventOrganisation, pupil: Pupil, comment: str, op: uuid.UUID, at: datetime | None = None
) -> tuple[Entry, bool]:
    """Record that ``org`` spoke with ``pupil`` at its event: one verified entry (method
    "employer", with the link, the event and the comment), audited with the link used.

    Returns ``(entry, confirmed_now)``. Idempotent: a second confirmation by the same
    organisation (the same ``op`` replayed, or a new one) returns the existing entry unchanged,
    even if the school has since rejected it. Raises OtherSchool, LinkClosed (revoked, cancelled
    or past the late-sync limit at ``at``), TooMany (CONFIRM_LIMIT per CONFIRM_PERIOD per link),
    and entries.AlreadyApplied when the confirmation was made before and the entry deleted.
    """
    at = at or utcnow()
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValueError("comment too long")
    if pupil.school_id != org.school_id:
        raise OtherSchool(pupil.id)
    max_delay = timedelta(hours=current_app.config.get("CHECKIN_MAX_DELAY_HOURS", 72))
    if not verifier.accepts_late_sync(link_facts(org), at, max_delay):
        raise LinkClosed(org.id)
    key = confirmation_uuid(org, pupil)
    existing = db.session.scalar(select(Entry).where(Entry.client_uuid == key))
    if existing is not None and existing.verifier_org_id == org.id:
        return existing, False
    if recent_confirmations(org, utcnow() - CONFIRM_PERIOD) >= CONFIRM_LIMIT:
        raise TooMany(org.id)
    # The entry is the pupil's (they own their record; the employer has no account), written by
    # the same idempotent create as everything else, then stamped as this organisation's
    # confirmation. Only one stamp can win, so only one audit row is ever written; a crash
    # between the two leaves an unstamped entry that the next attempt stamps.
    entry, _created = entries.record_entry(pupil, pupil.user, _entry_data(org), key)
    stamped = db.session.execute(
        update(Entry)
        .where(Entry.id == entry.id, Entry.verifier_org_id.is_(None))
        .values(
            verification=Verification.VERIFIED,
            verification_method="employer",
            verifier_org_id=org.id,
            event_id=org.event_id,
            verified_by_id=None,
            verified_at=at,
            verification_note=comment or None,
        )
        .execution_options(synchronize_session=False)
    )
    if stamped.rowcount != 1:
        db.session.rollback()
        db.session.refresh(entry)
        return entry, False
    audit.log(
        None, org.school_id, "employer_confirmed", org,
        link=link_fingerprint(org), event_id=org.event_id, pupil_id=pupil.id,
        entry_uuid=str(entry.client_uuid), op=str(op), with_comment=bool(comment),
    )
    db.session.commit()
    db.session.refresh(entry)
    return entry, True
