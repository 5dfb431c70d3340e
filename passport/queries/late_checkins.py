"""Late check-ins of an event, for the careers leader to review (issue 7, item 1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import CheckinClaim
from ..models import Pupil
from ..models import User


@dataclass(frozen=True)
class LateCheckin:
    """One late claim: who, when the phone says it scanned, when it arrived, how late."""

    claim_id: int
    first_name: str
    last_name: str
    year_group: int
    scanned_at: datetime
    received_at: datetime
    delay_seconds: int
    review: str | None


def late_checkins(event) -> list[LateCheckin]:
    """The event's late claims, those waiting for review first, then by arrival. One query."""
    rows = db.session.execute(
        select(CheckinClaim, User.first_name, User.last_name, Pupil.year_group)
        .join(Pupil, Pupil.id == CheckinClaim.pupil_id)
        .join(User, User.id == Pupil.id)
        .where(
            CheckinClaim.event_id == event.id,
            CheckinClaim.school_id == event.school_id,
            CheckinClaim.is_late.is_(True),
        )
        .order_by(CheckinClaim.review.is_not(None), CheckinClaim.received_at, CheckinClaim.id)
    )
    return [
        LateCheckin(
            claim.id, first, last, year, claim.scanned_at, claim.received_at,
            claim.delay_seconds, claim.review,
        )
        for claim, first, last, year in rows
    ]


def late_claim_or_none(event, claim_id: int) -> CheckinClaim | None:
    """The event's claim ``claim_id`` (None for another event's or school's)."""
    return db.session.scalar(
        select(CheckinClaim).where(
            CheckinClaim.id == claim_id,
            CheckinClaim.event_id == event.id,
            CheckinClaim.school_id == event.school_id,
        )
    )
