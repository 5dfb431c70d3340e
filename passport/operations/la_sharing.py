"""The local-authority sharing choice (issue 10 item 5; requirements item 36; 001 ¶37): a linked
parent or carer sets it before the pupil is 16, the pupil from 16. Audited; the careers leader
sees who chose "basic information only" (queries/la_sharing.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..clock import utcnow
from ..domain.la_sharing import Chooser
from ..domain.la_sharing import chooser
from ..extensions import db
from ..models import ParentLink
from ..models import Pupil
from ..models import Role
from ..models import User
from . import audit


class NotTheirChoice(PermissionError):
    """The person asking may not make this pupil's choice today."""


def may_choose(actor: User, pupil: Pupil, today: date) -> bool:
    """Whether ``actor`` makes ``pupil``'s choice today: the pupil from 16, a linked parent or
    carer before."""
    owner = chooser(pupil.date_of_birth, today)
    if owner is Chooser.PUPIL:
        return actor.role == Role.PUPIL and actor.id == pupil.id
    return actor.role == Role.PARENT and db.session.scalar(
        select(ParentLink.id).where(ParentLink.parent_id == actor.id, ParentLink.pupil_id == pupil.id)
    ) is not None


def set_choice(actor: User, pupil: Pupil, basic_only: bool, today: date) -> None:
    """Record the choice, who made it and when, in one commit; NotTheirChoice otherwise."""
    if not may_choose(actor, pupil, today):
        raise NotTheirChoice("Only the pupil from 16, or their parent or carer before, chooses this.")
    pupil.la_basic_only = basic_only
    pupil.la_choice_by = Chooser.PUPIL.value if actor.role == Role.PUPIL else Chooser.PARENT.value
    pupil.la_choice_at = utcnow()
    audit.log(actor, pupil.school_id, "la_sharing_chosen", pupil.user, basic_only=basic_only)
    db.session.commit()
