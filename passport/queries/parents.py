"""Who is linked to whom: a parent's children, a pupil's parents and carers (issue 10 item 1)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import ParentLink
from ..models import Pupil
from ..models import Role
from ..models import User


def links_of(parent: User) -> list[ParentLink]:
    """The parent's links with each child (and their school), oldest first; one query. Only
    children whose account is active: a leaver's link stays but shows nothing."""
    if parent.role != Role.PARENT:
        return []
    return list(db.session.scalars(
        select(ParentLink)
        .join(Pupil, Pupil.id == ParentLink.pupil_id)
        .join(User, User.id == Pupil.id)
        .where(ParentLink.parent_id == parent.id, User.is_active.is_(True))
        .options(joinedload(ParentLink.pupil))
        .order_by(ParentLink.created_at, ParentLink.id)
    ))


def link_of_or_none(parent: User, link_id: int) -> ParentLink | None:
    """The parent's own link with this id, or None (anyone else's, or an inactive child)."""
    return next((link for link in links_of(parent) if link.id == link_id), None)


def parents_of(pupil: Pupil) -> list[ParentLink]:
    """The parents and carers linked to ``pupil``, with their accounts, oldest first."""
    return list(db.session.scalars(
        select(ParentLink)
        .where(ParentLink.pupil_id == pupil.id, ParentLink.school_id == pupil.school_id)
        .options(joinedload(ParentLink.parent))
        .order_by(ParentLink.created_at, ParentLink.id)
    ))


def link_of_pupil_or_none(pupil: Pupil, link_id: int) -> ParentLink | None:
    return next((link for link in parents_of(pupil) if link.id == link_id), None)
