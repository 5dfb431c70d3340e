"""Schools and staff accounts."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy import select

from ..extensions import db
from ..models import Role
from ..models import School
from ..models import SchoolSettings
from ..models import TutorGroup
from ..models import User
from . import audit
from .accounts import hash_password
from .sessions import drop_sessions


class Taken(Exception):
    """A school code or username is already in use."""


def create_school(name: str, code: str) -> School:
    """Add a school with the statutory-guidance default settings."""
    code = code.strip().lower()
    if db.session.scalar(select(School.id).where(School.code == code)) is not None:
        raise Taken(code)
    school = School(name=name.strip(), code=code, settings=SchoolSettings())
    db.session.add(school)
    db.session.flush()
    audit.log(None, school.id, "school_created", school, code=code)
    db.session.commit()
    return school


def add_staff(
    school: School, actor: User | None, *, role: Role, first_name: str, last_name: str, email: str
) -> User:
    """Add a member of staff who signs in with their email address (as the username)."""
    username = email.strip().lower()
    if db.session.scalar(select(User.id).where(func.lower(User.username) == username)) is not None:
        raise Taken(username)
    user = User(
        school_id=school.id, username=username, email=username, role=role,
        first_name=first_name.strip(), last_name=last_name.strip(),
    )
    db.session.add(user)
    audit.log(actor, school.id, "staff_added", user, role=role.value)
    db.session.commit()
    return user


def assign_tutor(group: TutorGroup, tutor: User, actor: User | None) -> None:
    """Make ``tutor`` (of the same school) the tutor of ``group``."""
    if tutor.school_id != group.school_id:
        raise ValueError("tutor and group are in different schools")
    group.tutor_id = tutor.id
    audit.log(actor, group.school_id, "tutor_assigned", group, tutor_id=tutor.id)
    db.session.commit()


def set_passwords(users: list[User], password: str, actor: User | None) -> None:
    """Set the same password on several accounts (demo school and administrator resets only:
    pupils normally choose their own through a setup code). Hashed once, for speed."""
    hashed = hash_password(password)
    for user in users:
        user.password_hash = hashed
        user.setup_code_hash = None
        audit.log(actor, user.school_id, "password_reset", user)
        # A reset password ends every session of the old one (issue 7, item 3).
        drop_sessions(user, actor, "password_reset")
    db.session.commit()
