"""The evidence an event produced, for the staff event page: the pupils who checked in at its
screen and those the attending organisations confirmed through their verifier links.

Only what staff need to recognise a pupil is read (name, year, tutor group), never the
pupil's flags or contact details, and always in two queries whatever the number of pupils.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from sqlalchemy import select

from ..domain.kinds import Verification
from ..extensions import db
from ..models import CheckinClaim
from ..models import Entry
from ..models import Event
from ..models import EventOrganisation
from ..models import Pupil
from ..models import TutorGroup
from ..models import User

# A claim that reached the server this long after the phone read the code was saved on the
# phone (no signal): the page then shows the phone's scan time too, so staff can judge it.
LATE_ARRIVAL = timedelta(minutes=5)

CHECKIN_METHODS = ("qr", "typed")
EMPLOYER = "employer"


@dataclass(frozen=True)
class Confirmation:
    """One piece of evidence that a pupil was at the event.

    ``method`` is ``"qr"`` or ``"typed"`` (checked in at the screen) or ``"employer"``
    (``organisation`` confirmed them, with the employer's optional ``comment``). ``at`` is when
    the server recorded it (naive UTC); ``scanned_at`` is the phone's clock for a check-in that
    arrived late, None otherwise.
    """

    pupil_id: int
    first_name: str
    last_name: str
    year_group: int
    tutor_group: str | None
    method: str
    at: datetime
    organisation: str | None = None
    comment: str | None = None
    scanned_at: datetime | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_checkin(self) -> bool:
        return self.method in CHECKIN_METHODS


@dataclass(frozen=True)
class Attendance:
    """``checked_in``: how many pupils checked in at the screen; ``confirmations``: every
    check-in and employer confirmation, by pupil (surname, first name), then time."""

    checked_in: int
    confirmations: list[Confirmation]

    @property
    def employer_confirmations(self) -> int:
        return sum(1 for c in self.confirmations if c.method == EMPLOYER)

    @property
    def pupils(self) -> int:
        """How many different pupils have any evidence."""
        return len({c.pupil_id for c in self.confirmations})


def _pupil_columns():
    return (
        Pupil.id.label("pupil_id"),
        User.first_name,
        User.last_name,
        Pupil.year_group,
        TutorGroup.name.label("tutor_group"),
    )


def _pupil(row) -> tuple:
    """The values of ``_pupil_columns`` in a row, in Confirmation's order."""
    return row.pupil_id, row.first_name, row.last_name, row.year_group, row.tutor_group


def _checkins(event: Event) -> list[Confirmation]:
    rows = db.session.execute(
        select(*_pupil_columns(), CheckinClaim.method, CheckinClaim.received_at, CheckinClaim.scanned_at)
        .join(Pupil, Pupil.id == CheckinClaim.pupil_id)
        .join(User, User.id == Pupil.id)
        .outerjoin(TutorGroup, TutorGroup.id == Pupil.tutor_group_id)
        .where(
            CheckinClaim.event_id == event.id,
            CheckinClaim.school_id == event.school_id,
            Pupil.school_id == event.school_id,
        )
    )
    return [
        Confirmation(
            *_pupil(row),
            method=row.method,
            at=row.received_at,
            scanned_at=row.scanned_at if row.received_at - row.scanned_at > LATE_ARRIVAL else None,
        )
        for row in rows
    ]


def _employer_confirmations(event: Event) -> list[Confirmation]:
    # The entry is the record of a confirmation (operations.employer.confirm_pupil): stamped with
    # the organisation and the event, verified, with the comment as its note. A verified entry
    # cannot be deleted or rejected, so these stay.
    rows = db.session.execute(
        select(
            *_pupil_columns(),
            EventOrganisation.name.label("organisation"),
            Entry.verification_note,
            Entry.verified_at,
        )
        .join(Pupil, Pupil.id == Entry.pupil_id)
        .join(User, User.id == Pupil.id)
        .outerjoin(TutorGroup, TutorGroup.id == Pupil.tutor_group_id)
        .join(EventOrganisation, EventOrganisation.id == Entry.verifier_org_id)
        .where(
            Entry.event_id == event.id,
            Entry.school_id == event.school_id,
            Entry.verification == Verification.VERIFIED,
            Entry.verification_method == EMPLOYER,
            EventOrganisation.event_id == event.id,
            Pupil.school_id == event.school_id,
        )
    )
    return [
        Confirmation(
            *_pupil(row),
            method=EMPLOYER,
            at=row.verified_at,
            organisation=row.organisation,
            comment=row.verification_note,
        )
        for row in rows
    ]


def attendance_at(event: Event) -> Attendance:
    """Who checked in at ``event`` and who its organisations confirmed, in two queries."""
    checkins = _checkins(event)
    confirmations = checkins + _employer_confirmations(event)
    confirmations.sort(key=lambda c: (c.last_name.casefold(), c.first_name.casefold(), c.pupil_id, c.at))
    return Attendance(checked_in=len(checkins), confirmations=confirmations)
