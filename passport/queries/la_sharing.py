"""Who has chosen to share only basic information with the local authority (requirements item
36): the careers leader's list, and the rule every local-authority export applies."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Pupil
from ..models import User


def basic_only(school_id: int) -> list[Pupil]:
    """The school's active pupils who share only name, address and date of birth, by year and
    name (one query)."""
    return list(db.session.scalars(
        select(Pupil).join(User, User.id == Pupil.id)
        .where(Pupil.school_id == school_id, Pupil.la_basic_only.is_(True), User.is_active.is_(True))
        .order_by(Pupil.year_group, User.last_name, User.first_name, User.id)
    ))


def shares_more_than_basics(pupil: Pupil) -> bool:
    """Whether an export to the local authority may carry the pupil's plans, offers and NEET
    risk, beyond name, address and date of birth (001 ¶37)."""
    return not pupil.la_basic_only
