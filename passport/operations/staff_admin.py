"""The school's administration by its careers leader (or the CLI): staff accounts, tutor groups
and the school's settings (issue 8, item 2; requirements §5 and item 45). Each function makes one
change, audits it and commits once; a refused change raises ``Refused`` and writes nothing."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import func
from sqlalchemy import select

from ..domain.benchmarks import BenchmarkSettings
from ..extensions import db
from ..models import Role
from ..models import School
from ..models import SchoolSettings
from ..models import STAFF_ROLES
from ..models import TutorGroup
from ..models import User
from . import accounts
from . import audit
from . import people
from .people import Taken  # noqa: F401  (re-exported: a username, email or group name in use)

# Every account a careers leader can add: the staff roles and governors (never pupils or parents).
# In the order Role lists them (tutor first, governor last).
ADMIN_ROLES = tuple(role for role in Role if role in STAFF_ROLES | {Role.GOVERNOR})
# The SchoolSettings columns the settings page edits; each is a BenchmarkSettings field.
SETTING_FIELDS = tuple(
    f.name for f in fields(BenchmarkSettings) if f.name not in ("verified_only",)
)


DEFAULT_FRAMEWORK = "skills_builder"


LAST_LEADER = "This is the school's only active careers leader. Make someone else careers leader first."


class Refused(Exception):
    """A change the rules do not allow; ``str()`` is the message to show."""


def _active_leaders(school_id: int) -> int:
    return db.session.scalar(
        select(func.count(User.id)).where(
            User.school_id == school_id, User.role == Role.CAREERS_LEADER, User.is_active
        )
    )


def _is_last_leader(user: User) -> bool:
    return user.role == Role.CAREERS_LEADER and user.is_active and _active_leaders(user.school_id) <= 1


def add_staff_member(
    actor: User | None, school: School, *, role: Role, first_name: str, last_name: str, email: str
) -> User:
    """Add an account of any role in ``ADMIN_ROLES``, signing in with its email address as the
    username; Taken if that address already has an account (in any school)."""
    if role not in ADMIN_ROLES:
        raise Refused("Choose one of the staff roles.")
    return people.add_staff(school, actor, role=role, first_name=first_name, last_name=last_name, email=email)


def issue_setup_code(actor: User | None, user: User) -> str:
    """A fresh one-time setup code for ``user`` (returned in clear, once; any earlier one stops
    working). Refused for a deactivated account, which could not use it."""
    if not user.is_active:
        raise Refused("Reactivate the account before giving it a setup code.")
    return accounts.issue_setup_codes(actor, [user])[user.id]


def change_role(actor: User | None, user: User, role: Role) -> None:
    """Give ``user`` another role. The school's last active careers leader keeps theirs, so that
    someone can always run its administration."""
    if role not in ADMIN_ROLES:
        raise Refused("Choose one of the staff roles.")
    if role == user.role:
        return
    if _is_last_leader(user):
        raise Refused(LAST_LEADER)
    old = user.role
    user.role = role
    if old == Role.TUTOR:
        # A tutor group's tutor must be a tutor: their groups have none until one is set.
        for group in db.session.scalars(select(TutorGroup).where(TutorGroup.tutor_id == user.id)):
            group.tutor_id = None
            audit.log(actor, group.school_id, "tutor_removed", group, tutor_id=user.id)
    audit.log(actor, user.school_id, "role_changed", user, old=old.value, new=role.value)
    db.session.commit()


def deactivate(actor: User | None, user: User, reason: str) -> None:
    """Stop ``user`` signing in and end every session of theirs at once (operations/accounts).
    Nobody deactivates themselves, and the last active careers leader stays."""
    if actor is not None and actor.id == user.id:
        raise Refused("You cannot deactivate your own account.")
    if not user.is_active:
        raise Refused("This account is already deactivated.")
    if _is_last_leader(user):
        raise Refused(LAST_LEADER)
    accounts.deactivate_user(actor, user, reason)


def reactivate(actor: User | None, user: User) -> None:
    """Let ``user`` sign in again with their old password (or a new setup code)."""
    if user.is_active:
        return
    user.is_active = True
    audit.log(actor, user.school_id, "user_reactivated", user)
    db.session.commit()


def _group_name_taken(school_id: int, name: str, but: int | None = None) -> bool:
    query = select(TutorGroup.id).where(
        TutorGroup.school_id == school_id, func.lower(TutorGroup.name) == name.lower()
    )
    if but is not None:
        query = query.where(TutorGroup.id != but)
    return db.session.scalar(query) is not None


def create_group(actor: User | None, school: School, *, name: str, year_group: int) -> TutorGroup:
    """Add the tutor group ``name`` (unique in the school, whatever the case) in ``year_group``."""
    name = name.strip()
    if _group_name_taken(school.id, name):
        raise Taken(name)
    group = TutorGroup(school_id=school.id, name=name, year_group=year_group)
    db.session.add(group)
    audit.log(actor, school.id, "group_created", group, name=name, year_group=year_group)
    db.session.commit()
    return group


def rename_group(actor: User | None, group: TutorGroup, name: str) -> None:
    """Rename ``group``; Taken if another group of the school has that name."""
    name = name.strip()
    if _group_name_taken(group.school_id, name, but=group.id):
        raise Taken(name)
    if name == group.name:
        return
    old, group.name = group.name, name
    audit.log(actor, group.school_id, "group_renamed", group, old=old, new=name)
    db.session.commit()


def set_tutor(actor: User | None, group: TutorGroup, tutor: User | None) -> None:
    """Make ``tutor`` the tutor of ``group`` (None: no tutor). Only an active tutor account of
    the group's own school may be its tutor."""
    if tutor is not None:
        if tutor.school_id != group.school_id or tutor.role != Role.TUTOR:
            raise Refused("Only a tutor account of this school can be a group's tutor.")
        if not tutor.is_active:
            raise Refused("That tutor's account is deactivated.")
    new_id = tutor.id if tutor is not None else None
    if group.tutor_id == new_id:
        return
    old, group.tutor_id = group.tutor_id, new_id
    audit.log(actor, group.school_id, "tutor_assigned", group, old=old, tutor_id=new_id)
    db.session.commit()


def _apply(school: School, values: dict) -> dict:
    settings: SchoolSettings = school.settings
    changed = {}
    for name, value in values.items():
        if name not in SETTING_FIELDS and name != "skills_framework":
            raise KeyError(name)
        if name == "required_provider_types" and not isinstance(value, str):
            value = ",".join(getattr(v, "value", v) for v in value)
        old = getattr(settings, name)
        if old != value:
            changed[name] = {"old": old, "new": value}
            setattr(settings, name, value)
    return changed


def update_settings(actor: User | None, school: School, values: dict) -> list[str]:
    """Set the school's settings from ``values`` (setting names to values, as SchoolSettings
    stores them; the caller has validated them) and return the names that changed, audited with
    their old and new values. Nothing changed: nothing written."""
    changed = _apply(school, values)
    if changed:
        audit.log(actor, school.id, "settings_changed", school, changes=changed)
        db.session.commit()
    return sorted(changed)


def reset_settings(actor: User | None, school: School) -> list[str]:
    """Put every setting back to the statutory defaults (the DfE guidance of January 2018, 001)
    and return the names that changed; audited even when none did (the leader asked)."""
    changed = _apply(school, statutory_defaults())
    audit.log(actor, school.id, "settings_reset", school, changes=changed)
    db.session.commit()
    return sorted(changed)


def statutory_defaults() -> dict:
    """The default value of each setting the page edits, as SchoolSettings stores it."""
    base = BenchmarkSettings()
    values = {name: getattr(base, name) for name in SETTING_FIELDS}
    values["required_provider_types"] = ",".join(t.value for t in base.required_provider_types)
    values["skills_framework"] = DEFAULT_FRAMEWORK
    return values
