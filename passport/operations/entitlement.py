"""The careers leader's changes to the entitlement statements (issue 10 item 2): new words for a
shipped item or hiding it, and the school's own items. A rule is chosen when an item is made and
never changed by editing its words, so the statement stays tied to the record. Audited."""

from __future__ import annotations

from sqlalchemy import select

from ..domain.entitlement import DEFAULTS
from ..domain.kinds import EntryKind
from ..extensions import db
from ..models import EntitlementItem
from ..models import User
from . import audit

_YEAR_OF = {item.key: item.year_group for item in DEFAULTS}


def change_default(actor: User, key: str, wording: str, hidden: bool) -> EntitlementItem:
    """Store the school's words for default item ``key`` (empty: the shipped words) or hide it.
    The caller checked ``key`` is a default."""
    row = db.session.scalar(
        select(EntitlementItem).where(
            EntitlementItem.school_id == actor.school_id, EntitlementItem.default_key == key
        )
    )
    if row is None:
        row = EntitlementItem(school_id=actor.school_id, default_key=key, year_group=_YEAR_OF[key])
        db.session.add(row)
    row.wording = wording.strip() or None
    row.hidden = hidden
    row.updated_by_id = actor.id
    audit.log(actor, actor.school_id, "entitlement_default_changed", row, key=key, hidden=hidden)
    db.session.commit()
    return row


def add_item(
    actor: User, year_group: int, wording: str, *, criterion_key: str | None = None,
    activity_kind: EntryKind | None = None, needed: int | None = None,
) -> EntitlementItem:
    """One of the school's own items, tied to a criterion or to a count of one kind of activity
    in that school year (the form checked which)."""
    row = EntitlementItem(
        school_id=actor.school_id, year_group=year_group, wording=wording.strip(),
        criterion_key=criterion_key, activity_kind=activity_kind, needed=needed if activity_kind else None,
        updated_by_id=actor.id,
    )
    db.session.add(row)
    audit.log(actor, actor.school_id, "entitlement_item_added", row, year_group=year_group)
    db.session.commit()
    return row


def delete_item(actor: User, row: EntitlementItem) -> None:
    audit.log(actor, actor.school_id, "entitlement_item_deleted", row, year_group=row.year_group)
    db.session.delete(row)
    db.session.commit()
