"""Events, the organisations attending them, and the proof that a pupil was there."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ..domain.events import EventKind
from ..domain.kinds import EntryKind
from ..extensions import db
from ._base import str_enum
from ._base import utcnow


def _public_code() -> str:
    return secrets.token_urlsafe(8)


def _secret() -> str:
    return secrets.token_urlsafe(24)


class Event(db.Model):
    """A careers event run by the school. Times are naive UTC like every timestamp here.

    ``public_code`` names the event inside its QR tokens (random, never the id);
    ``checkin_secret`` keys their HMAC (docs/verification.md) and can be rotated if leaked.
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    public_code: Mapped[str] = mapped_column(String(32), unique=True, default=_public_code)
    checkin_secret: Mapped[str] = mapped_column(String(64), default=_secret)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, 30))
    title: Mapped[str] = mapped_column(String(120))
    entry_kind: Mapped[EntryKind] = mapped_column(str_enum(EntryKind, 40))
    entry_subtype: Mapped[str | None] = mapped_column(String(40))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(120), default="")
    is_stem: Mapped[bool] = mapped_column(default=False)
    sectors: Mapped[str] = mapped_column(String(400), default="")  # comma-separated codes
    year_groups: Mapped[str] = mapped_column(String(40), default="")  # e.g. "8,9"
    provider_type: Mapped[str | None] = mapped_column(String(40))
    whole_year_invited: Mapped[bool] = mapped_column(default=False)
    in_school_hours: Mapped[bool] = mapped_column(default=True)
    online: Mapped[bool] = mapped_column(default=False)
    # The provider-access checklist (ContentItem codes, comma-separated, in 004 §15 order). The
    # same shape as ``sectors``: a short list from a fixed vocabulary, always read and written
    # whole, so a string works alike on SQLite and PostgreSQL, with no JSON mutation tracking,
    # and a fifth item would need no migration.
    content_items: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # How long after a scan a check-in (or an employer's offline confirmation) may still arrive,
    # in hours; None: the app's CHECKIN_MAX_DELAY_HOURS (issue 7 item 1, docs/verification.md).
    late_window_hours: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]

    organisations: Mapped[list[EventOrganisation]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventOrganisation.name"
    )

    @property
    def year_group_list(self) -> list[int]:
        return [int(y) for y in self.year_groups.split(",") if y.strip()]

    @property
    def sector_list(self) -> list[str]:
        return [s for s in self.sectors.split(",") if s]

    @property
    def content_item_list(self) -> list[str]:
        return [c for c in self.content_items.split(",") if c]


class EventOrganisation(db.Model):
    """An employer or provider attending an event. ``verifier_secret`` is their verifier
    link: it works only in the event's time window and until ``revoked_at``."""

    __tablename__ = "event_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    sector: Mapped[str | None] = mapped_column(String(40))
    verifier_secret: Mapped[str] = mapped_column(String(64), unique=True, default=_secret)
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="organisations")


class CheckinClaim(db.Model):
    """A pupil's claim, by scanning the event's code, that they attended: one per pupil per
    event. ``scanned_at`` is the phone's clock (untrusted); ``received_at`` the server's."""

    __tablename__ = "checkin_claims"
    __table_args__ = (UniqueConstraint("event_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))
    slot: Mapped[int]
    method: Mapped[str] = mapped_column(String(20))  # "qr" or "typed"
    scanned_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # How late it arrived (received_at - scanned_at), and whether the code was still fresh when it
    # arrived: a late claim rests on the time the phone asserts, so staff review it (issue 7 item 1).
    delay_seconds: Mapped[int] = mapped_column(default=0)
    is_late: Mapped[bool] = mapped_column(default=False, index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    review: Mapped[str | None] = mapped_column(String(20))  # "accepted" or "rejected"


class EmployerConfirmation(db.Model):
    """An attending organisation's confirmation that it spoke with a pupil: one per organisation
    and pupil, enforced by the database. The entry it made has a server-random id, so nobody can
    claim it beforehand (issue 7 item 1); the row outlives the entry, so a withdrawn confirmation
    is never brought back by a replay."""

    __tablename__ = "employer_confirmations"
    __table_args__ = (UniqueConstraint("organisation_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("event_organisations.id"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)


class CheckinThrottle(db.Model):
    """One pupil's refused check-ins in the current window: one row per pupil, updated in place,
    so a script guessing codes grows no table (issue 7 item 9)."""

    __tablename__ = "checkin_throttles"

    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    window_started_at: Mapped[datetime]
    failures: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime | None]


class SchoolKey(db.Model):
    """A school's Ed25519 verification key. Only the public half is stored: the private half
    is derived from SECRET_KEY and ``kid`` when signing (passport/documents/signing.py), so a
    copy of the database cannot forge confirmations."""

    __tablename__ = "school_keys"

    kid: Mapped[str] = mapped_column(String(40), primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    public_key: Mapped[str] = mapped_column(String(100))  # base64url, 32 bytes
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
