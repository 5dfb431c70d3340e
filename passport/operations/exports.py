"""Exports of pupils' personal data are audited (who, when, which, in what format): an export
leaves the app, so the school can say who took the record out (UK GDPR accountability)."""

from __future__ import annotations

from ..extensions import db
from ..models import User
from . import audit


def note_export(actor: User, what: str, fmt: str) -> None:
    audit.log(actor, actor.school_id, f"{what}_exported", actor.school, format=fmt)
    db.session.commit()
