"""A reflection shared with the staff who read the pupil's record, and its comment thread
(issue 8 item 3; requirements item 15, and item 22's rule for interviews applied to
reflections: shown to staff only with the pupil's agreement, withdrawn at once). Each function
makes one change, audits it and commits once. Which pupil a view may reach is the view's
business; these refuse what no one may do."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy import update

from .. import clock
from ..access import pupil_scope
from ..access import RECORD_READERS
from ..extensions import db
from ..models import Entry
from ..models import Pupil
from ..models import Reflection
from ..models import ReflectionComment
from ..models import Role
from ..models import User
from ..models.entries import COMMENT_MAX
from . import audit
from .entries import _add_receipt
from .entries import _check_receipt
from .entries import _once
from .entries import sharing_action


class CommentRefused(Exception):
    """The actor may not do this: the reflection is not shared, or is not theirs to read."""


def set_sharing(entry: Entry, actor: User, shared: bool) -> Reflection:
    """The pupil lets the staff who read their record read the entry's reflection (and comment
    on it), or stops them; staff pages read the flag on every request, so stopping hides the
    reflection and its thread at once. Every share and unshare is audited, even a repeat. The
    reflection's version moves on, so a save made offline before this choice comes back as a
    conflict instead of silently undoing it. Raises CommentRefused for anyone but the pupil,
    or when there is no reflection yet."""
    reflection = entry.reflection
    if actor.role != Role.PUPIL or actor.id != entry.pupil_id or reflection is None:
        raise CommentRefused("Only the pupil can choose who reads their reflection.")
    reflection.shared_with_tutor = shared
    reflection.version += 1
    audit.log(actor, entry.school_id, sharing_action(shared), entry, pupil_id=entry.pupil_id)
    db.session.commit()
    return reflection


def may_read_shared(actor: User, entry: Entry) -> bool:
    """Whether ``actor`` is staff who may read ``entry``'s pupil's record (``RECORD_READERS``
    within ``pupil_scope``) and the pupil shares this reflection now."""
    reflection = entry.reflection
    if reflection is None or not reflection.shared_with_tutor:
        return False
    if actor.role not in RECORD_READERS or actor.school_id != entry.school_id:
        return False
    mine = select(Pupil.id).where(Pupil.id == entry.pupil_id, pupil_scope(actor))
    return db.session.scalar(mine) is not None


def post_comment(entry: Entry, actor: User, body: str, op: uuid.UUID | None = None) -> ReflectionComment:
    """Add a comment to the thread of ``entry``'s reflection, once per ``op``: by staff who may
    read it (``may_read_shared``), or the pupil's answer, only while the pupil shares it. The
    pupil's own answer is read as written; a staff comment waits on the pupil's home page
    until they open the entry. Raises CommentRefused, ValueError (empty or too long) or
    AlreadyApplied (this ``op`` was posted before: a double tap)."""
    is_pupil = actor.role == Role.PUPIL
    reflection = entry.reflection
    if is_pupil:
        if actor.id != entry.pupil_id or reflection is None or not reflection.shared_with_tutor:
            raise CommentRefused("You can answer only on a reflection you share.")
    elif not may_read_shared(actor, entry):
        raise CommentRefused("This reflection is not shared with you.")
    text = body.strip()
    if not text or len(text) > COMMENT_MAX:
        raise ValueError("The comment is empty or too long.")
    _check_receipt(op, actor)
    now = clock.utcnow()
    comment = ReflectionComment(
        school_id=entry.school_id, pupil_id=entry.pupil_id, entry_id=entry.id, author_id=actor.id,
        body=text, created_at=now, read_at=now if is_pupil else None,
    )
    with _once(op):
        db.session.add(comment)
        _add_receipt(op, actor, "comment.post", entry.client_uuid)
        audit.log(actor, entry.school_id, "reflection_comment_posted", comment,
                  pupil_id=entry.pupil_id, entry_id=entry.id, by=actor.role.value, chars=len(text))
    return comment


def mark_read(entry: Entry, actor: User) -> int:
    """The pupil opened the entry: the staff comments on it are read. Returns how many were
    unread; writes (and commits) only when there were some."""
    if actor.role != Role.PUPIL or actor.id != entry.pupil_id:
        return 0
    result = db.session.execute(
        update(ReflectionComment)
        .where(ReflectionComment.entry_id == entry.id, ReflectionComment.pupil_id == actor.id,
               ReflectionComment.read_at.is_(None))
        .values(read_at=clock.utcnow())
    )
    if result.rowcount:
        db.session.commit()
    return result.rowcount
