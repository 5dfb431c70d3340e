"""Append to the audit trail inside the caller's transaction."""

from __future__ import annotations

from ..extensions import db
from ..models import AuditEvent
from ..models import User


def log(actor: User | None, school_id: int, action: str, subject, **detail) -> None:
    """Add an audit row for ``action`` on ``subject`` (a model instance, flushed for its id).

    The caller's operation commits it together with the change it describes.
    """
    db.session.flush()
    db.session.add(
        AuditEvent(
            school_id=school_id,
            actor_id=actor.id if actor is not None else None,
            action=action,
            subject_type=type(subject).__name__,
            subject_id=getattr(subject, "id", None),
            detail=detail,
        )
    )
