"""Jinja filters and globals: formatting only, never a rule."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import UTC

from flask import Flask

from .assets import asset_url
from .clock import LONDON
from .domain import feedback
from .domain import kinds
from .domain import targets
from .fetches import flashed_messages


def long_date(value: date | None) -> str:
    """``3 March 2026`` (the GOV.UK style)."""
    return f"{value.day} {value:%B %Y}" if value else ""


def local_date(value: datetime | None) -> str:
    """The day in England of a stored (naive UTC) moment: ``3 March 2026``."""
    return long_date(value.replace(tzinfo=UTC).astimezone(LONDON).date()) if value else ""


def when(value: datetime | None) -> str:
    """A stored (naive UTC) moment in England's time: ``3 March 2026, 14:05``."""
    if value is None:
        return ""
    local = value.replace(tzinfo=UTC).astimezone(LONDON)
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"


# Who wrote a comment, in the words a pupil uses (by role value).
ROLE_FOR_PUPIL = {
    "tutor": "your tutor",
    "careers_leader": "careers leader",
    "careers_adviser": "careers adviser",
    "senco": "SENCO",
    "designated_teacher": "designated teacher",
}

SKILL_LABELS = kinds.SKILL_LABELS


def register(app: Flask) -> None:
    """Make the vocabulary and formatters available to every template."""
    app.jinja_env.filters.update(
        long_date=long_date,
        local_date=local_date,
        when=when,
        provider_label=lambda code: kinds.PROVIDER_LABELS.get(kinds.ProviderType(code), code),
        skill_label=lambda code: SKILL_LABELS.get(code, code),
    )
    app.jinja_env.globals.update(
        asset_url=asset_url,
        flashed_messages=flashed_messages,
        rendered_at=lambda: datetime.now(UTC).isoformat(timespec="seconds"),
        KINDS=kinds.KINDS,
        EntryKind=kinds.EntryKind,
        Verification=kinds.Verification,
        subtype_label=kinds.subtype_label,
        sector_label=kinds.sector_label,
        REFLECTION_PROMPTS=kinds.REFLECTION_PROMPTS,
        reflection_state=kinds.reflection_state,
        ReflectionState=kinds.ReflectionState,
        TargetStatus=targets.TargetStatus,
        TARGET_STATUS_LABELS=targets.STATUS_LABELS,
        target_overdue=targets.is_overdue,
        ActionStatus=kinds.ActionStatus,
        ACTION_OWNER_LABELS=kinds.ACTION_OWNER_LABELS,
        ACTION_OWNER_FOR_PUPIL=kinds.ACTION_OWNER_FOR_PUPIL,
        ROLE_FOR_PUPIL=ROLE_FOR_PUPIL,
        RATINGS=feedback.RATINGS,
    )
