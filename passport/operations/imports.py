"""Importing pupils from the school's MIS: all of a file, in one transaction, or nothing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..domain.mis_csv import parse_pupil_csv
from ..domain.mis_csv import parse_pupil_csv_bytes
from ..domain.mis_csv import PupilRow
from ..domain.mis_csv import RowProblem
from ..extensions import db
from ..models import Pupil
from ..models import Role
from ..models import School
from ..models import TutorGroup
from ..models import User
from . import audit

# Letters that Unicode does not decompose into an ASCII letter and an accent.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ð": "d"})
_NAME_PART_MAX = 40  # two parts, a dot and a number stay well inside users.username (120)
_CHUNK = 500  # ids or UPNs per IN (...) clause
_LIKE_CHUNK = 100  # prefixes per query: SQLite limits how deep an OR chain may nest
CONCURRENT = (
    "Nothing was imported: the pupils changed while this file was being imported (was it uploaded "
    "twice?). Import it again: pupils already there are updated, not added twice."
)


@dataclass
class ImportReport:
    """What an import did, or why it did nothing (``problems``). ``updated`` holds every pupil
    of the file who was already in the school, refreshed from it whether or not anything changed."""

    created: list[User]
    updated: list[User]
    problems: list[RowProblem]
    groups_created: list[TutorGroup] = field(default_factory=list)
    # Groups whose tutor the file set, and why a tutor the file named was not set.
    tutors_set: list[str] = field(default_factory=list)
    tutors_not_set: list[str] = field(default_factory=list)
    # (group, the tutor's id before) for each group whose tutor the file changed: audited as
    # tutor_assigned, as the administration page does, since it changes who reads which pupils.
    tutor_changes: list[tuple[TutorGroup, int | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class TutorPlan:
    """The tutors a file names (its optional Tutor column): ``assign`` maps a group name to the
    tutor account found; ``not_applied`` says, group by group, why a named tutor is not set."""

    assign: dict[str, User] = field(default_factory=dict)
    not_applied: list[str] = field(default_factory=list)


def tutor_plan(school: School, rows: list[PupilRow]) -> TutorPlan:
    """Match each tutor the rows name, by staff email address or username (any case), to an
    active tutor account of ``school``; a name matching none, or a group whose rows name more
    than one tutor, is reported and not applied. One query."""
    named: dict[str, dict[str, str]] = {}
    for row in rows:
        if row.tutor:
            named.setdefault(row.tutor_group, {}).setdefault(row.tutor.lower(), row.tutor)
    plan = TutorPlan()
    if not named:
        return plan
    keys = sorted({key for names in named.values() for key in names})
    found: dict[str, User] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        query = select(User).where(
            User.school_id == school.id, User.role == Role.TUTOR, User.is_active,
            or_(func.lower(User.username).in_(chunk), func.lower(User.email).in_(chunk)),
        )
        for user in db.session.scalars(query):
            found[user.username.lower()] = user
            if user.email:
                found[user.email.lower()] = user
    for group, names in sorted(named.items()):
        if len(names) > 1:
            listed = ", ".join(sorted(names.values()))
            plan.not_applied.append(f"{group}: the file names more than one tutor ({listed}); none was set")
        elif (key := next(iter(names))) in found:
            plan.assign[group] = found[key]
        else:
            plan.not_applied.append(
                f"{group}: '{names[key]}' is not an active tutor account of this school "
                "(use the tutor's staff email address or username); the tutor was not set"
            )
    return plan


def username_base(first_name: str, last_name: str) -> str:
    """``firstname.lastname`` in lower-case ASCII: accents folded, everything but letters
    dropped ("Zoë O'Brien-Smith" gives ``zoe.obriensmith``); "pupil" stands in for a name with
    no Latin letters."""

    def part(name: str) -> str:
        folded = unicodedata.normalize("NFKD", name.lower().translate(_FOLD))
        return re.sub(r"[^a-z]", "", folded)[:_NAME_PART_MAX]

    return ".".join(p for p in (part(first_name), part(last_name)) if p) or "pupil"


def _taken_usernames(bases: Iterable[str]) -> set[str]:
    """Usernames in use (any school, lower case) that start with one of ``bases``."""
    taken: set[str] = set()
    bases = sorted(set(bases))
    for start in range(0, len(bases), _LIKE_CHUNK):
        chunk = bases[start:start + _LIKE_CHUNK]
        lowered = func.lower(User.username)
        taken.update(db.session.scalars(select(lowered).where(or_(*(lowered.startswith(b) for b in chunk)))))
    return taken


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base2``, ``base3``... whichever is free first; reserves it in ``taken``."""
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


def _existing_pupils(school: School, upns: list[str]) -> dict[str, Pupil]:
    found: dict[str, Pupil] = {}
    for start in range(0, len(upns), _CHUNK):
        chunk = upns[start:start + _CHUNK]
        query = select(Pupil).where(Pupil.school_id == school.id, Pupil.upn.in_(chunk))
        found.update((p.upn, p) for p in db.session.scalars(query))
    return found


def _groups(school: School, rows: list[PupilRow]) -> tuple[dict[str, TutorGroup], list[TutorGroup]]:
    """Every tutor group the rows name, by name; the missing ones are made (with the year group
    of the first row naming them, as vertical groups have no single year)."""
    query = select(TutorGroup).where(TutorGroup.school_id == school.id)
    groups = {group.name: group for group in db.session.scalars(query)}
    created = []
    for row in rows:
        if row.tutor_group not in groups:
            group = TutorGroup(school_id=school.id, name=row.tutor_group, year_group=row.year_group)
            db.session.add(group)
            groups[row.tutor_group] = group
            created.append(group)
    return groups, created


def _apply(pupil: Pupil, row: PupilRow, group: TutorGroup) -> None:
    """Copy the MIS's facts onto a pupil already here. The username is kept: they sign in with it."""
    pupil.user.first_name = row.first_name
    pupil.user.last_name = row.last_name
    pupil.date_of_birth = row.date_of_birth
    pupil.year_group = row.year_group
    pupil.tutor_group = group
    pupil.sen_support = row.sen_support
    pupil.ehc_plan = row.ehc_plan
    pupil.free_school_meals = row.free_school_meals
    pupil.pupil_premium = row.pupil_premium
    pupil.looked_after = row.looked_after
    pupil.neet_risk = row.neet_risk
    if row.gender is not None:
        pupil.gender = row.gender or None


def _duplicates(rows: list[PupilRow]) -> list[RowProblem]:
    """Repeated UPNs, for callers that did not parse a file (line = position + 2, as in a file)."""
    first: dict[str, int] = {}
    problems = []
    for line, row in enumerate(rows, start=2):
        if row.upn in first:
            problems.append(RowProblem(line, "UPN", f"'{row.upn}' is also on line {first[row.upn]}"))
        first.setdefault(row.upn, line)
    return problems


def _reload(ids: list[int]) -> None:
    """Refresh the committed (so expired) users with their pupil and group in a few queries,
    so listing them does not query once per pupil."""
    for start in range(0, len(ids), _CHUNK):
        query = select(User).options(selectinload(User.pupil)).where(User.id.in_(ids[start:start + _CHUNK]))
        db.session.scalars(query).all()


def _new_pupil(school: School, row: PupilRow, group: TutorGroup, username: str) -> User:
    user = User(
        school_id=school.id, role=Role.PUPIL, username=username,
        first_name=row.first_name, last_name=row.last_name,
    )
    db.session.add(Pupil(
        user=user, school_id=school.id, upn=row.upn, date_of_birth=row.date_of_birth,
        year_group=row.year_group, tutor_group=group, sen_support=row.sen_support,
        ehc_plan=row.ehc_plan, free_school_meals=row.free_school_meals,
        pupil_premium=row.pupil_premium, looked_after=row.looked_after, gender=row.gender or None,
        neet_risk=row.neet_risk,
    ))
    return user


def _write(school: School, rows: list[PupilRow], report: ImportReport) -> None:
    """Add and change everything in the session, noting it in ``report``; the caller commits."""
    with db.session.no_autoflush:
        existing = _existing_pupils(school, [row.upn for row in rows])
        groups, report.groups_created = _groups(school, rows)
        new_rows = [row for row in rows if row.upn not in existing]
        taken = _taken_usernames(username_base(r.first_name, r.last_name) for r in new_rows)
        plan = tutor_plan(school, rows)
        for name, tutor in plan.assign.items():
            if groups[name].tutor_id != tutor.id:
                report.tutor_changes.append((groups[name], groups[name].tutor_id))
                groups[name].tutor = tutor
                report.tutors_set.append(name)
        report.tutors_not_set = plan.not_applied
        for row in rows:
            group = groups[row.tutor_group]
            if row.upn in existing:
                _apply(existing[row.upn], row, group)
                report.updated.append(existing[row.upn].user)
            else:
                username = _unique(username_base(row.first_name, row.last_name), taken)
                report.created.append(_new_pupil(school, row, group, username))


def import_pupils(school: School, actor: User | None, rows: list[PupilRow]) -> ImportReport:
    """Create a pupil account (no password: they get a setup code) for each new UPN, and update
    the pupils of ``school`` whose UPN is already there (the yearly roll-over); make the tutor
    groups named that do not exist. Another school's pupils are never read or changed, even with
    the same UPN. One audit event with the counts, one commit; on any failure nothing is kept.
    """
    if problems := _duplicates(rows):
        return ImportReport([], [], problems)
    report = ImportReport([], [], [])
    try:
        _write(school, rows, report)
        counts = {"created": len(report.created), "updated": len(report.updated),
                  "groups_created": len(report.groups_created)}
        if report.tutors_set or report.tutors_not_set:  # only for a file with a Tutor column
            counts |= {"tutors_set": report.tutors_set, "tutors_not_set": len(report.tutors_not_set)}
        audit.log(actor, school.id, "pupils_imported", school, **counts)
        if report.tutor_changes:
            db.session.flush()  # new groups get their ids
            for group, old in report.tutor_changes:
                audit.log(actor, school.id, "tutor_assigned", group, old=old, tutor_id=group.tutor_id,
                          source="import")
        ids = [user.id for user in report.created + report.updated]  # before commit expires them
        db.session.commit()
    except IntegrityError:
        # Another import (a double-click) added the same UPN or username first.
        db.session.rollback()
        return ImportReport([], [], [RowProblem(0, None, CONCURRENT)])
    except BaseException:
        db.session.rollback()
        raise
    _reload(ids)
    return report


def parse_file(text: str | bytes, today: date) -> tuple[list[PupilRow], list[RowProblem]]:
    """The checked rows of a CSV file (text, or the bytes of an upload) and its problems."""
    parse = parse_pupil_csv_bytes if isinstance(text, bytes) else parse_pupil_csv
    return parse(text, today=today)


def import_pupils_csv(school: School, actor: User | None, text: str | bytes, today: date) -> ImportReport:
    """Check a CSV file from the MIS (text, or the bytes of an upload) and import it with
    ``import_pupils`` only if every row is right; otherwise report every problem and write
    nothing at all. Callers show ``queries.import_preview`` first and import only once the
    careers leader has confirmed it (issue 7 item 9)."""
    rows, problems = parse_file(text, today)
    if problems:
        return ImportReport([], [], problems)
    return import_pupils(school, actor, rows)
