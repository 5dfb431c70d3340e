"""Recording leavers' destinations (issue 11 item 4; domain/destinations.py has the rules): by
the careers leader, audited with the old and new destination (the record of updates over the
years after leaving), with the retention rule applied at every save and by the command
``flask --app passport passport purge-destinations``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete
from sqlalchemy import select

from .. import clock
from ..domain import destinations as rules
from ..domain.destinations import DestinationKind
from ..extensions import db
from ..models import Destination
from ..models import Pupil
from ..models import Role
from ..models import User
from . import audit


class DestinationRefused(ValueError):
    pass


@dataclass(frozen=True)
class DestinationData:
    kind: DestinationKind
    left_on: date
    detail: str = ""
    left_early: bool = False


def record(actor: User, pupil: Pupil, data: DestinationData) -> Destination:
    if actor.role is not Role.CAREERS_LEADER or actor.school_id != pupil.school_id:
        raise DestinationRefused("Only the careers leader records destinations.")
    today = clock.today()
    if data.left_on > today:
        raise DestinationRefused("The date they left cannot be in the future.")
    if rules.deletion_due(data.left_on, today):
        raise DestinationRefused(
            f"Destinations are kept {rules.RETAIN_YEARS} years after leaving; this date is earlier."
        )
    purge_expired(pupil.school_id, today)
    row = db.session.get(Destination, pupil.id)
    before = row.kind.value if row is not None else None
    if row is None:
        row = Destination(pupil_id=pupil.id, school_id=pupil.school_id)
        db.session.add(row)
    notify = rules.must_notify(
        left_early=data.left_early, date_of_birth=pupil.date_of_birth, left_on=data.left_on
    )
    if notify and (not row.left_early or row.notified_at is None):
        row.notify_due = True
    if not notify:
        row.notify_due = False
    row.kind, row.left_on, row.detail = data.kind, data.left_on, data.detail.strip()
    row.left_early, row.updated_at, row.updated_by_id = data.left_early, clock.utcnow(), actor.id
    audit.log(actor, pupil.school_id, "destination_recorded", pupil, before=before, after=data.kind.value,
              left_early=data.left_early)
    db.session.commit()
    return row


def mark_notified(actor: User, row: Destination) -> None:
    """The careers leader has told the local authority about this early leaver."""
    if actor.role is not Role.CAREERS_LEADER or actor.school_id != row.school_id:
        raise DestinationRefused("Only the careers leader records this.")
    row.notify_due, row.notified_at = False, clock.utcnow()
    audit.log(actor, row.school_id, "early_leaver_notified", db.session.get(Pupil, row.pupil_id))
    db.session.commit()


def purge_expired(school_id: int | None, today: date) -> int:
    """Delete destinations past the retention rule (of one school, or every school); how many.
    The caller commits (record), or it commits here when called on its own (the command)."""
    query = select(Destination.pupil_id, Destination.left_on)
    if school_id is not None:
        query = query.where(Destination.school_id == school_id)
    expired = [pid for pid, left_on in db.session.execute(query) if rules.deletion_due(left_on, today)]
    if expired:
        db.session.execute(delete(Destination).where(Destination.pupil_id.in_(expired)))
    return len(expired)
