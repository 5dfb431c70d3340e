"""Writing events: create, change and cancel them, the organisations attending, their verifier
links, and the secret behind the check-in codes. Each function commits and audits its change;
no audit row ever holds a secret."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime

from ..domain import event_times
from ..domain.events import content_items_from
from ..domain.events import ContentItem
from ..domain.events import entry_for
from ..domain.events import EventKind
from ..domain.kinds import EntryKind
from ..domain.kinds import ProviderType
from ..extensions import db
from ..models import Event
from ..models import EventOrganisation
from ..models import School
from ..models import User
from ..models._base import utcnow
from . import audit

PROVIDER_KINDS = frozenset({EventKind.PROVIDER_VISIT, EventKind.PROVIDER_ACCESS})


@dataclass(frozen=True)
class EventData:
    """The facts of an event, already validated at the boundary (the form). Times are naive
    UTC. ``other_kind``/``other_subtype`` say what attending records for an OTHER event;
    ``content_items`` are the provider-access checklist items the session covers."""

    kind: EventKind
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    online: bool = False
    is_stem: bool = False
    sectors: tuple[str, ...] = field(default_factory=tuple)
    year_groups: tuple[int, ...] = field(default_factory=tuple)
    provider_type: ProviderType | None = None
    whole_year_invited: bool = False
    in_school_hours: bool = True
    content_items: tuple[ContentItem, ...] = field(default_factory=tuple)
    description: str = ""
    late_window_hours: int | None = None  # None: CHECKIN_MAX_DELAY_HOURS (issue 7 item 1)
    other_kind: EntryKind | None = None
    other_subtype: str | None = None


class InvalidEvent(ValueError):
    """The data cannot make an event (a bad window, a missing provider type or entry kind, an
    unknown content item)."""


class Cancelled(Exception):
    """The event is cancelled: nothing about it changes any more."""


_FIELDS = (
    "kind", "title", "starts_at", "ends_at", "place", "online", "is_stem", "sectors", "year_groups",
    "provider_type", "whole_year_invited", "in_school_hours", "content_items", "description", "entry_kind",
    "entry_subtype", "late_window_hours",
)


def _new_secret() -> str:
    return secrets.token_urlsafe(24)


def _apply(event: Event, data: EventData) -> None:
    problem = event_times.window_problem(data.starts_at, data.ends_at)
    if problem:
        raise InvalidEvent(problem)
    is_provider = data.kind in PROVIDER_KINDS
    try:
        entry_kind, entry_subtype = entry_for(
            data.kind,
            provider_type=data.provider_type if is_provider else None,
            other_kind=data.other_kind,
            other_subtype=data.other_subtype,
        )
        content_items = content_items_from(data.content_items)
    except ValueError as error:
        raise InvalidEvent(str(error)) from None
    event.kind = data.kind
    event.title = data.title.strip()
    event.starts_at, event.ends_at = data.starts_at, data.ends_at
    event.place = data.place.strip()
    event.online = data.online
    event.is_stem = data.is_stem
    event.sectors = ",".join(data.sectors)
    event.year_groups = ",".join(str(y) for y in sorted(set(data.year_groups)))
    event.provider_type = data.provider_type.value if is_provider and data.provider_type else None
    # Only a provider event is asked these; other kinds keep the neutral defaults.
    event.whole_year_invited = data.whole_year_invited if is_provider else False
    event.in_school_hours = data.in_school_hours if is_provider else True
    # Only a provider-access session has the checklist (item 13); it does not decide the duty.
    is_access = data.kind is EventKind.PROVIDER_ACCESS
    event.content_items = ",".join(item.value for item in content_items) if is_access else ""
    event.description = data.description.strip()
    event.late_window_hours = data.late_window_hours
    event.entry_kind, event.entry_subtype = entry_kind, entry_subtype


def create_event(school: School, actor: User, data: EventData) -> Event:
    """Add an event to ``school``'s programme. Raises InvalidEvent."""
    event = Event(school_id=school.id, created_by_id=actor.id)
    _apply(event, data)
    db.session.add(event)
    chosen = {} if data.late_window_hours is None else {"late_window_hours": data.late_window_hours}
    audit.log(actor, school.id, "event_created", event, kind=data.kind.value, **chosen)
    db.session.commit()
    return event


def update_event(event: Event, actor: User, data: EventData) -> Event:
    """Change an event's facts. Check-ins already made keep the entries they made. Raises
    InvalidEvent, and Cancelled for a cancelled event."""
    if event.cancelled_at is not None:
        raise Cancelled(event.id)
    before = {name: getattr(event, name) for name in _FIELDS}
    _apply(event, data)
    changed = [name for name in _FIELDS if getattr(event, name) != before[name]]
    extra = {"late_window_hours": event.late_window_hours} if "late_window_hours" in changed else {}
    audit.log(actor, event.school_id, "event_updated", event, changed=changed, **extra)
    db.session.commit()
    return event


def cancel_event(event: Event, actor: User) -> Event:
    """Cancel an event: its check-in codes and verifier links stop working at once. Entries
    already made stay (they record what happened). Cancelling twice changes nothing."""
    if event.cancelled_at is None:
        event.cancelled_at = utcnow()
        audit.log(actor, event.school_id, "event_cancelled", event)
        db.session.commit()
    return event


def add_organisation(event: Event, actor: User, name: str, sector: str | None = None) -> EventOrganisation:
    """Add an employer or provider attending ``event``, with a new verifier link. Raises
    Cancelled for a cancelled event."""
    if event.cancelled_at is not None:
        raise Cancelled(event.id)
    organisation = EventOrganisation(
        school_id=event.school_id, event_id=event.id, name=name.strip(), sector=sector or None,
        verifier_secret=_new_secret(),
    )
    event.organisations.append(organisation)
    audit.log(
        actor, event.school_id, "organisation_added", organisation, event_id=event.id, name=organisation.name
    )
    db.session.commit()
    return organisation


def revoke_verifier_link(organisation: EventOrganisation, actor: User) -> EventOrganisation:
    """Stop an organisation's verifier link working (it was lost, leaked or sent to the wrong
    person). Confirmations already made stay. Revoking twice changes nothing."""
    if organisation.revoked_at is None:
        organisation.revoked_at = utcnow()
        audit.log(
            actor, organisation.school_id, "verifier_link_revoked", organisation,
            event_id=organisation.event_id,
        )
        db.session.commit()
    return organisation


def reissue_verifier_link(organisation: EventOrganisation, actor: User) -> EventOrganisation:
    """Give an organisation a new verifier link: a new secret, so the old link (revoked or
    not) never works again. Raises Cancelled when its event is cancelled."""
    if organisation.event.cancelled_at is not None:
        raise Cancelled(organisation.event_id)
    organisation.verifier_secret = _new_secret()
    organisation.revoked_at = None
    audit.log(
        actor, organisation.school_id, "verifier_link_reissued", organisation, event_id=organisation.event_id
    )
    db.session.commit()
    return organisation


def rotate_checkin_secret(event: Event, actor: User) -> Event:
    """Change the secret behind the event's check-in codes, so every code shown, photographed
    or shared so far is refused (also claims made with them that have not synced yet). For a
    leaked code. Raises Cancelled for a cancelled event."""
    if event.cancelled_at is not None:
        raise Cancelled(event.id)
    event.checkin_secret = _new_secret()
    audit.log(actor, event.school_id, "checkin_secret_rotated", event)
    db.session.commit()
    return event
