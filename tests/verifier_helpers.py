"""Builders for the employer and public-verification tests: an event on now with its attending
organisations (inserted directly, so these tests do not lean on the event screens), pupils'
pass URLs, and a verified entry's proof link."""

from __future__ import annotations

from datetime import timedelta

from passport.domain.events import EventKind
from passport.domain.kinds import EntryKind
from passport.extensions import db
from passport.models import Event
from passport.models import EventOrganisation
from passport.models._base import utcnow
from passport.queries import passes


def make_fair(school, *, starts_in: timedelta = timedelta(hours=-1), hours: float = 3, **fields) -> Event:
    """A careers fair (by default it started an hour ago and runs two more hours) attended by
    Arup and NHS Leeds."""
    starts_at = utcnow().replace(microsecond=0) + starts_in
    values = {
        "kind": EventKind.CAREERS_FAIR,
        "title": "Year 9 careers fair",
        "entry_kind": EntryKind.EMPLOYER_ENCOUNTER,
        "entry_subtype": "fair",
        "is_stem": True,
        **fields,
    }
    ends_at = starts_at + timedelta(hours=hours)
    event = Event(school_id=school.id, starts_at=starts_at, ends_at=ends_at, **values)
    event.organisations = [
        EventOrganisation(school_id=school.id, name="Arup", sector="engineering_manufacturing"),
        EventOrganisation(school_id=school.id, name="NHS Leeds", sector="health_care"),
    ]
    db.session.add(event)
    db.session.commit()
    return event


def org_named(event: Event, name: str) -> EventOrganisation:
    return next(org for org in event.organisations if org.name == name)


def pass_path(pupil, now: float | None = None) -> str:
    """``/p/<token>``: what the pupil's pass QR code opens."""
    token, _expires = passes.token_for(pupil, now)
    return f"/p/{token}"
