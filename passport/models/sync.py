"""Receipts of applied operations: what makes an offline replay happen exactly once."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ..extensions import db
from ._base import utcnow


class OpReceipt(db.Model):
    """One write a client asked for, keyed by the operation id the client made (requirements
    item 17). Written in the same transaction as the change, so a change without its receipt
    (or a receipt without its change) cannot exist. Kept for a year, then pruned."""

    __tablename__ = "op_receipts"

    op_uuid: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    entry_uuid: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(default=utcnow)
