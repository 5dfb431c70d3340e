"""Setting pupils' targets and marking how they went (requirements item 25; 002 B2, B7).

Who may write: the pupil for themselves; their tutor or the careers leader for a pupil they may
read (``access.pupil_scope``). Views check this first and answer 404; the operations check it
again, so no other caller can write a target for someone else's pupil. Each commits once, with
its audit row. The audit row never holds the target's words (they are the pupil's record).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..access import pupil_scope
from ..access import VERIFIERS
from ..domain.targets import TargetStatus
from ..domain.targets import TEXT_MAX
from ..extensions import db
from ..models import Entry
from ..models import Pupil
from ..models import Target
from ..models import User
from . import audit


class NotAllowed(Exception):
    """The actor may not set or change this pupil's targets."""


def may_set_for(actor: User, pupil: Pupil) -> bool:
    """Whether ``actor`` may set or change ``pupil``'s targets: the pupil themselves, or their
    tutor or the careers leader (``VERIFIERS``) with the pupil in their ``pupil_scope``."""
    if actor.school_id != pupil.school_id:
        return False
    if actor.id == pupil.id:
        return True
    if actor.role not in VERIFIERS:
        return False
    return db.session.scalar(select(Pupil.id).where(Pupil.id == pupil.id, pupil_scope(actor))) is not None


def set_target(
    pupil: Pupil, actor: User, text: str, review_on: date, entry: Entry | None = None
) -> Target:
    """Add an open target to ``pupil``'s record, to be reviewed on ``review_on`` (already
    checked at the boundary: ``domain.targets.review_problem``), following ``entry`` if given
    (one of the pupil's own). Raises NotAllowed for anyone else's pupil or entry."""
    text = text.strip()
    if not text or len(text) > TEXT_MAX:
        raise ValueError("a target's text is 1 to TEXT_MAX characters")
    if not may_set_for(actor, pupil):
        raise NotAllowed(pupil.id)
    if entry is not None and entry.pupil_id != pupil.id:
        raise NotAllowed(entry.id)
    target = Target(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        entry_id=entry.id if entry is not None else None,
        text=text,
        review_on=review_on,
        status=TargetStatus.OPEN,
        set_by_id=actor.id,
    )
    db.session.add(target)
    audit.log(
        actor, pupil.school_id, "target_set", target,
        pupil=pupil.id, review_on=review_on.isoformat(), entry=target.entry_id,
    )
    db.session.commit()
    return target


def update_status(target: Target, actor: User, status: TargetStatus) -> Target:
    """Mark ``target`` achieved, dropped or open again. Raises NotAllowed unless ``actor`` may
    set the pupil's targets. Setting the status it already has changes nothing and logs
    nothing (a double tap)."""
    pupil = db.session.get(Pupil, target.pupil_id)
    if pupil is None or pupil.school_id != target.school_id or not may_set_for(actor, pupil):
        raise NotAllowed(target.id)
    if target.status is status:
        return target
    previous = target.status
    target.status = status
    audit.log(
        actor, target.school_id, "target_status_changed", target,
        pupil=pupil.id, previous=previous.value, status=status.value,
    )
    db.session.commit()
    return target
