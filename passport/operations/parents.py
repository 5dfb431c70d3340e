"""Parents and carers (issue 10 item 1): letters with one-time link codes, signing up with one,
linking more children (at any school of the installation: a trust's schools share one sign-in),
and unlinking. A code is stored only as a keyed hash, works once and expires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from flask import current_app
from sqlalchemy import func
from sqlalchemy import select

from ..clock import utcnow
from ..extensions import db
from ..models import ParentLink
from ..models import ParentLinkCode
from ..models import Pupil
from ..models import Role
from ..models import User
from . import accounts
from . import audit
from . import throttle


class CodeProblem(StrEnum):
    """Why a link code was not accepted (each has a message on the page)."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    ALREADY_LINKED = "already_linked"


CODE_MESSAGES = {
    CodeProblem.UNKNOWN: "That code does not match a letter from school, or it has been used. "
    "Check the letter, or ask the school for a new one.",
    CodeProblem.EXPIRED: "That code has expired. Ask the school for a new letter.",
    CodeProblem.ALREADY_LINKED: "You are already linked to this child.",
}


def issue_codes(actor: User, pupils: list[Pupil]) -> dict[int, str]:
    """A fresh link code per pupil, in clear once (for the letters), by pupil id. Earlier codes
    keep working until used or expired: each carer may have their own letter."""
    expires = utcnow() + timedelta(days=current_app.config["PARENT_CODE_DAYS"])
    codes = {}
    for pupil in pupils:
        code = accounts.new_setup_code()
        db.session.add(ParentLinkCode(
            school_id=pupil.school_id, pupil_id=pupil.id, code_hash=accounts.code_digest(code),
            expires_at=expires, created_by_id=actor.id,
        ))
        codes[pupil.id] = code
        audit.log(actor, pupil.school_id, "parent_code_issued", pupil.user)
    db.session.commit()
    return codes


def wait(email: str, ip: str) -> int:
    """Seconds before another code may be tried for ``email`` from ``ip`` (0: now)."""
    return throttle.wait_seconds([throttle.user_key(email, "parent_code"), throttle.ip_key(ip)])


def record_failure(email: str, ip: str) -> None:
    throttle.record_failure([throttle.user_key(email, "parent_code"), throttle.ip_key(ip)])


def find_code(code: str) -> ParentLinkCode | CodeProblem:
    """The unused code row, or why not."""
    digest = accounts.code_digest(code)
    row = db.session.scalar(select(ParentLinkCode).where(ParentLinkCode.code_hash == digest))
    if row is None or row.used_at is not None or not row.pupil.user.is_active:
        return CodeProblem.UNKNOWN
    if row.expires_at < utcnow():
        return CodeProblem.EXPIRED
    return row


def email_taken(email: str) -> bool:
    return db.session.scalar(
        select(func.count()).select_from(User).where(func.lower(User.username) == email.strip().lower())
    ) > 0


@dataclass(frozen=True)
class NewParent:
    first_name: str
    last_name: str
    email: str
    password: str


def sign_up(row: ParentLinkCode, who: NewParent) -> User:
    """A parent account signed up with ``row``'s code, linked to its pupil, the code spent: one
    commit. The email is the username (checked free by the caller)."""
    email = who.email.strip().lower()
    parent = User(
        school_id=row.school_id, username=email, email=email, role=Role.PARENT,
        first_name=who.first_name.strip(), last_name=who.last_name.strip(),
        password_hash=accounts.hash_password(who.password),
    )
    db.session.add(parent)
    db.session.flush()
    _link(parent, row)
    audit.log(parent, row.school_id, "parent_signed_up", parent)
    db.session.commit()
    return parent


def link_child(parent: User, row: ParentLinkCode) -> ParentLink | CodeProblem:
    """Link a signed-in parent to the code's pupil, spending the code."""
    mine = (ParentLink.parent_id == parent.id, ParentLink.pupil_id == row.pupil_id)
    if db.session.scalar(select(ParentLink).where(*mine)):
        return CodeProblem.ALREADY_LINKED
    link = _link(parent, row)
    db.session.commit()
    return link


def _link(parent: User, row: ParentLinkCode) -> ParentLink:
    row.used_at = utcnow()
    link = ParentLink(parent_id=parent.id, pupil_id=row.pupil_id, school_id=row.school_id)
    db.session.add(link)
    audit.log(parent, row.school_id, "parent_linked", row.pupil.user, parent_id=parent.id)
    return link


def unlink(actor: User, link: ParentLink) -> None:
    """End a parent's link to a pupil (the careers leader), audited. The parent's account stays,
    with their other children."""
    audit.log(actor, link.school_id, "parent_unlinked", link.pupil.user, parent_id=link.parent_id)
    db.session.delete(link)
    db.session.commit()
