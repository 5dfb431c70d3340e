"""Builders for test data. Schools, staff and entries go through the real operations;
pupils are inserted directly (the MIS import is tested on its own)."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

from passport.domain.kinds import EntryKind
from passport.extensions import db
from passport.models import Pupil
from passport.models import Role
from passport.models import School
from passport.models import TutorGroup
from passport.models import User
from passport.operations import entries
from passport.operations import people
from sqlalchemy import select

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def make_school(name: str = "Test School", code: str | None = None) -> School:
    return people.create_school(name, code or f"s{next(_seq)}")


def make_staff(school: School, role: Role = Role.TUTOR, password: str | None = PASSWORD, **kw) -> User:
    n = next(_seq)
    user = people.add_staff(
        school, None, role=role,
        first_name=kw.get("first_name", "Sam"), last_name=kw.get("last_name", f"Staff{n}"),
        email=kw.get("email", f"staff{n}@{school.code}.example.org"),
    )
    if password:
        people.set_passwords([user], password, None)
    return user


def make_group(school: School, name: str = "9A", year_group: int = 9, tutor: User | None = None):
    group = TutorGroup(
        school_id=school.id, name=name, year_group=year_group, tutor_id=tutor.id if tutor else None
    )
    db.session.add(group)
    db.session.commit()
    return group


def make_pupil(
    school: School,
    *,
    first_name: str = "Pat",
    last_name: str | None = None,
    dob: date = date(2012, 5, 1),
    year_group: int = 9,
    group: TutorGroup | None = None,
    password: str | None = PASSWORD,
    username: str | None = None,
    **flags,
) -> Pupil:
    n = next(_seq)
    last_name = last_name or f"Pupil{n}"
    user = User(
        school_id=school.id,
        username=username or f"{first_name}.{last_name}{n}".lower(),
        role=Role.PUPIL,
        first_name=first_name,
        last_name=last_name,
    )
    pupil = Pupil(
        user=user, school_id=school.id, upn=f"A{n:012d}", date_of_birth=dob,
        year_group=year_group, tutor_group_id=group.id if group else None, **flags,
    )
    db.session.add_all([user, pupil])
    db.session.commit()
    if password:
        people.set_passwords([user], password, None)
    return pupil


def entry_data(kind: EntryKind = EntryKind.EMPLOYER_ENCOUNTER, **kw) -> entries.EntryData:
    defaults = {
        EntryKind.EMPLOYER_ENCOUNTER: {"subtype": "talk"},
        EntryKind.WORKPLACE_EXPERIENCE: {"subtype": "workplace_visit"},
        EntryKind.PROVIDER_ENCOUNTER: {"subtype": "fe_college"},
    }.get(kind, {})
    values = {"occurred_on": date(2025, 10, 1), "organisation": "Acme Ltd", **defaults, **kw}
    return entries.EntryData(kind=kind, **values)


def make_entry(pupil: Pupil, kind: EntryKind = EntryKind.EMPLOYER_ENCOUNTER, **kw):
    entry, _ = entries.record_entry(pupil, pupil.user, entry_data(kind, **kw), uuid.uuid4())
    return entry


def make_event(school: School, *, actor: User | None = None, **kw):
    """An event through the real operation: by default a Year 9 careers fair on now (it
    started an hour ago and ends in two hours), so its check-in is open. ``kw`` overrides any
    field of ``operations.events.EventData``; ``actor`` defaults to a new careers leader."""
    from datetime import timedelta

    from passport.domain.events import EventKind
    from passport.models._base import utcnow
    from passport.operations import events

    now = utcnow().replace(microsecond=0)
    values = {
        "kind": EventKind.CAREERS_FAIR,
        "title": "Careers fair",
        "starts_at": now - timedelta(hours=1),
        "ends_at": now + timedelta(hours=2),
        "place": "Sports hall",
        "year_groups": (9,),
        **kw,
    }
    actor = actor or make_staff(school, Role.CAREERS_LEADER)
    return events.create_event(school, actor, events.EventData(**values))


def link_code(pupil: Pupil, actor: User | None = None) -> str:
    """A fresh parent link code for ``pupil`` (issued as the careers leader, or ``actor``)."""
    from passport.operations import parents

    actor = actor or db.session.scalar(
        select(User).where(User.school_id == pupil.school_id, User.role == Role.CAREERS_LEADER)
    ) or make_staff(pupil.user.school, Role.CAREERS_LEADER)
    return parents.issue_codes(actor, [pupil])[pupil.id]


def make_parent(
    *children: Pupil, email: str | None = None, first_name: str = "Pam", password: str = PASSWORD
) -> User:
    """A parent account signed up with a code for the first child and linked to the others."""
    from passport.operations import parents

    n = next(_seq)
    first, *rest = children
    row = parents.find_code(link_code(first))
    who = parents.NewParent(first_name, f"Parent{n}", email or f"parent{n}@example.com", password)
    parent = parents.sign_up(row, who)
    for child in rest:
        parents.link_child(parent, parents.find_code(link_code(child)))
    return parent
