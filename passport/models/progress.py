"""Each pupil's computed progress, cached until their record, their school's settings or the
day changes (docs/decisions.md, "Progress is cached per record version")."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey
from sqlalchemy import JSON
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ..extensions import db


class PupilProgress(db.Model):
    """The criteria of ``benchmarks.progress`` for one pupil, as JSON (queries/progress.py
    writes and reads them), valid while ``record_version`` equals the pupil's,
    ``settings_version`` the school settings' and ``computed_for`` is today. A derived copy:
    emptying the table loses nothing."""

    __tablename__ = "pupil_progress"

    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True)
    # Compliance views count verified entries only (requirements item 16): a second row.
    verified_only: Mapped[bool] = mapped_column(primary_key=True)
    record_version: Mapped[int]
    settings_version: Mapped[int]
    computed_for: Mapped[date]
    criteria: Mapped[list] = mapped_column(JSON)
