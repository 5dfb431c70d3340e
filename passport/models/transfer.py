"""Where an entry came from when a pupil's record was brought across from another school."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from ..extensions import db
from ._base import utcnow


class EntryOrigin(db.Model):
    """An entry brought from another school's JSON export (requirements item 21: stage
    transition). ``statement`` is the issuing school's original signed statement, kept as it
    was so anyone can still check it under that school's published key; ``signature_checked``
    says whether it checked out when imported (only then is the entry imported as verified).
    The entry's own ``client_uuid`` is derived from the importing school and
    ``original_uuid``, so importing the same file twice finds the entry already there."""

    __tablename__ = "entry_origins"

    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    from_school_name: Mapped[str] = mapped_column(String(200))
    from_school_code: Mapped[str] = mapped_column(String(20))
    original_uuid: Mapped[uuid.UUID] = mapped_column(Uuid)
    statement: Mapped[str | None] = mapped_column(Text)
    # The issuing install's own proof link when it is another install (TRUSTED_INSTALLS); None
    # when the school that confirmed it is on this install, whose /verify checks it.
    verify_url: Mapped[str | None] = mapped_column(String(2000))
    signature_checked: Mapped[bool] = mapped_column(default=False)
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
