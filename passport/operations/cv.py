"""Saving the pupil's CV (requirements item 26; 002 B3, B6): the only writer of ``Cv``.

Idempotent on the ``op`` its form carries (requirements item 17), like every write a phone can
replay from its offline outbox: a replay, a double tap or a retry saves once. A save carries
the version the pupil started from; a different saved version raises StaleVersion and changes
nothing, so an offline save never silently overwrites one made on another device.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from dataclasses import field

from .. import clock
from ..extensions import db
from ..models import Cv
from ..models import Pupil
from ..models import Role
from ..models import User
from . import audit
from .entries import _add_receipt
from .entries import _check_receipt
from .entries import _once


@dataclass(frozen=True)
class Referee:
    """Someone who will speak for the pupil; ``contact`` is theirs to give, never printed."""

    name: str
    relationship: str = ""
    contact: str = ""


@dataclass(frozen=True)
class CvData:
    """What the pupil wrote for their CV, already checked at the boundary (the form)."""

    statement: str = ""
    achievements_100: str = ""
    achievements_250: str = ""
    education: str = ""
    jobs: str = ""
    volunteering: str = ""
    interests: str = ""
    referees: tuple[Referee, ...] = field(default_factory=tuple)
    entry_uuids: tuple[str, ...] = field(default_factory=tuple)


class NotYours(Exception):
    """Only the pupil writes their CV."""


class StaleVersion(Exception):
    """The CV was saved elsewhere since this form was loaded; ``current`` is the saved CV."""

    def __init__(self, current: Cv):
        super().__init__("stale version")
        self.current = current


def cv_of(pupil: Pupil) -> Cv | None:
    """The pupil's saved CV, or None before their first save."""
    return db.session.get(Cv, pupil.id)


def save_cv(
    pupil: Pupil, actor: User, data: CvData, expected_version: int | None, op: uuid.UUID | None = None
) -> Cv:
    """Store ``data`` as the pupil's CV. ``expected_version`` is the version the form started
    from (0: none saved yet; None: do not check). Raises NotYours for anyone but the pupil,
    StaleVersion on a moved version, AlreadyApplied (``operations.entries``) on a repeated
    ``op``. The audit row records the save and the version, never the pupil's words."""
    if actor.role != Role.PUPIL or actor.id != pupil.id or actor.school_id != pupil.school_id:
        raise NotYours(pupil.id)
    _check_receipt(op, actor)
    cv = cv_of(pupil)
    now = clock.utcnow()
    if cv is None:
        cv = Cv(pupil_id=pupil.id, school_id=pupil.school_id, version=0, created_at=now)
        db.session.add(cv)
    elif expected_version is not None and expected_version != cv.version:
        raise StaleVersion(cv)
    cv.statement = data.statement.strip()
    cv.achievements_100 = data.achievements_100.strip()
    cv.achievements_250 = data.achievements_250.strip()
    cv.education = data.education.strip()
    cv.jobs = data.jobs.strip()
    cv.volunteering = data.volunteering.strip()
    cv.interests = data.interests.strip()
    cv.referees = [
        {"name": r.name.strip(), "relationship": r.relationship.strip(), "contact": r.contact.strip()}
        for r in data.referees if r.name.strip()
    ]
    cv.entry_uuids = list(dict.fromkeys(data.entry_uuids))
    cv.version = (cv.version or 0) + 1
    cv.updated_at = now  # the PDF's date (clock.utcnow: tests can pin it)
    with _once(op):
        _add_receipt(op, actor, "cv.save", None)
        audit.log(actor, pupil.school_id, "cv_saved", pupil, version=cv.version,
                  entries=len(cv.entry_uuids), referees=len(cv.referees))
    return cv
