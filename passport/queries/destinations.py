"""Leavers and their destinations, read (issue 11 item 4): the pupils whose destination the
careers leader records (this year's Years 11 and 13, and anyone with one recorded, including
those who have left and no longer sign in), the notifications still to send, the published
summary, and the export rows (honouring the local-authority opt-out, item 36)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlalchemy import select

from ..domain import dates
from ..domain import destinations as rules
from ..extensions import db
from ..models import Destination
from ..models import Pupil
from ..models import School
from ..models import TutorGroup
from ..models import User

LEAVING_YEARS = (11, 13)


@dataclass(frozen=True)
class Leaver:
    pupil_id: int
    name: str
    year_group: int
    tutor_group: str
    active: bool
    destination: Destination | None


def leavers(school: School) -> list[Leaver]:
    """One query: pupils of the leaving years, and everyone with a destination."""
    rows = db.session.execute(
        select(Pupil.id, User.first_name, User.last_name, Pupil.year_group, TutorGroup.name, User.is_active,
               Destination)
        .join(User, User.id == Pupil.id)
        .outerjoin(TutorGroup, TutorGroup.id == Pupil.tutor_group_id)
        .outerjoin(Destination, Destination.pupil_id == Pupil.id)
        .where(Pupil.school_id == school.id, User.school_id == school.id, or_(
            Destination.pupil_id.is_not(None), Pupil.year_group.in_(LEAVING_YEARS) & User.is_active.is_(True),
        ))
        .order_by(Pupil.year_group.desc(), User.last_name, User.first_name, Pupil.id)
    ).all()
    return [Leaver(r[0], f"{r[2]}, {r[1]}", r[3], r[4] or "", r[5], r[6]) for r in rows]


def notices_due(school: School) -> list[Leaver]:
    return [leaver for leaver in leavers(school) if leaver.destination and leaver.destination.notify_due]


@dataclass(frozen=True)
class Published:
    school_year: str
    leavers: int
    shares: list[rules.Share]


def published(school: School, today: date) -> Published | None:
    """The latest school year with leavers recorded, as each destination's share (one query)."""
    rows = db.session.execute(
        select(Destination.left_on, Destination.kind).where(Destination.school_id == school.id)
    ).all()
    if not rows:
        return None
    latest = max(dates.academic_year(on) for on, _ in rows)
    kinds = [kind for on, kind in rows if dates.academic_year(on) == latest]
    total, shares = rules.summary(kinds)
    return Published(dates.school_year_label(latest), total, shares)


EXPORT_HEADER = [
    "UPN", "Surname", "Forename", "Date of birth", "Left on", "Destination", "Group", "Where",
    "Left a programme early", "Shares more than the basics with the local authority",
]


def export_rows(school: School) -> Iterator[list]:
    """Every destination; for a pupil (or parent) who chose to share only the basics with the
    local authority (item 36; 001 ¶37), only name, date of birth and leaving date."""
    rows = db.session.execute(
        select(
            Pupil.upn, User.last_name, User.first_name, Pupil.date_of_birth, Pupil.la_basic_only, Destination
        )
        .join(Pupil, Pupil.id == Destination.pupil_id).join(User, User.id == Pupil.id)
        .where(Destination.school_id == school.id, Pupil.school_id == school.id)
        .order_by(Destination.left_on.desc(), User.last_name, User.first_name)
    )
    for upn, last, first, dob, basic_only, d in rows:
        if basic_only:
            yield [upn, last, first, dob, d.left_on, "", "", "", "", "No: basic information only"]
        else:
            yield [upn, last, first, dob, d.left_on, d.kind.label, d.kind.group, d.detail,
                   "Yes" if d.left_early else "No", "Yes"]
