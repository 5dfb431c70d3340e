"""Column helpers shared by the models."""

from datetime import datetime
from datetime import UTC
from enum import StrEnum

from sqlalchemy import Enum


def utcnow() -> datetime:
    """Now in UTC, naive, as every timestamp column stores it (SQLite keeps no zone)."""
    return datetime.now(UTC).replace(tzinfo=None)


def str_enum(enum_cls: type[StrEnum], length: int) -> Enum:
    """A VARCHAR column holding the enum's *values* (``"pupil"``), not its member names, with
    no native database type, so adding a member never needs a type migration."""
    return Enum(
        enum_cls,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
