"""What an MIS import would do, before it does it (issue 7 item 9): the new pupils, and every
change to a pupil already here, with name changes flagged (a mistyped UPN renames a child)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from sqlalchemy import select

from ..domain.mis_csv import PupilRow
from ..domain.mis_csv import RowProblem
from ..extensions import db
from ..models import Pupil
from ..models import School
from ..models import TutorGroup
from ..operations.imports import parse_file
from ..operations.imports import tutor_plan

FLAGS = ("sen_support", "ehc_plan", "free_school_meals", "pupil_premium", "looked_after", "neet_risk")
_CHUNK = 500


@dataclass(frozen=True)
class Change:
    """One fact of a pupil already here that the file changes: ``what`` is shown, the values
    are as the page prints them."""

    what: str
    old: str
    new: str


@dataclass
class Update:
    """A pupil already here (matched by UPN) whom the file changes."""

    pupil: Pupil
    row: PupilRow
    changes: list[Change]

    @property
    def renames(self) -> bool:
        """A new name for the same UPN: usually a mistyped UPN, so shown first and flagged."""
        return any(change.what == "Name" for change in self.changes)


@dataclass
class Preview:
    """The rows of the file, what they would change, or its problems. ``fingerprint`` is a
    digest of the file and of every change it would make to the school as it stands now: the
    confirmation applies the file only while the fingerprint is the same."""

    rows: list[PupilRow]
    problems: list[RowProblem]
    new: list[PupilRow] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    unchanged: int = 0
    new_groups: list[str] = field(default_factory=list)
    # (group, tutor now or "none", tutor the file sets) for each group whose tutor would change,
    # and why a tutor the file names would not be set.
    tutor_changes: list[tuple[str, str, str]] = field(default_factory=list)
    tutors_not_set: list[str] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def renamed(self) -> list[Update]:
        return [u for u in self.updates if u.renames]


def _name(first: str, last: str) -> str:
    return f"{first} {last}"


def _changes(pupil: Pupil, group_name: str | None, row: PupilRow) -> list[Change]:
    changes = []
    old_name = _name(pupil.user.first_name, pupil.user.last_name)
    new_name = _name(row.first_name, row.last_name)
    if old_name != new_name:
        changes.append(Change("Name", old_name, new_name))
    if pupil.date_of_birth != row.date_of_birth:
        old, new = pupil.date_of_birth.isoformat(), row.date_of_birth.isoformat()
        changes.append(Change("Date of birth", old, new))
    if pupil.year_group != row.year_group:
        changes.append(Change("Year", str(pupil.year_group), str(row.year_group)))
    if group_name != row.tutor_group:
        changes.append(Change("Tutor group", group_name or "none", row.tutor_group))
    if any(getattr(pupil, flag) != getattr(row, flag) for flag in FLAGS):
        # The flags themselves are not shown here (requirements item 38): only that they change.
        changes.append(Change("Support details (SEN, FSM, PP, LAC, NEET risk)", "", "updated from the file"))
    if row.gender is not None and (pupil.gender or "") != row.gender:
        changes.append(Change("Gender", "", "updated from the file"))  # not shown either
    return changes


def _digest(data: bytes, preview: Preview) -> str:
    facts = {
        "new": [row.upn for row in preview.new],
        "updates": [
            [u.row.upn, u.pupil.id, [[c.what, c.old, c.new] for c in u.changes]] for u in preview.updates
        ],
        "unchanged": preview.unchanged,
        "groups": preview.new_groups,
        "tutors": [list(change) for change in preview.tutor_changes],
    }
    text = hashlib.sha256(data).hexdigest() + json.dumps(facts, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _tutors(school: School, rows: list[PupilRow], preview: Preview) -> None:
    plan = tutor_plan(school, rows)
    preview.tutors_not_set = plan.not_applied
    if not plan.assign:
        return
    current = {
        group.name: group
        for group in db.session.scalars(select(TutorGroup).where(TutorGroup.school_id == school.id))
    }
    for name, tutor in sorted(plan.assign.items()):
        group = current.get(name)
        if group is None or group.tutor_id != tutor.id:
            now = group.tutor.display_name if group is not None and group.tutor else "none"
            preview.tutor_changes.append((name, now, f"{tutor.display_name} ({tutor.username})"))


def preview_pupils_csv(school: School, data: bytes, today: date) -> Preview:
    """Check the bytes of a CSV file from the MIS and say what importing it into ``school``
    would do, writing nothing. Pupils of other schools are never read. A few queries whatever
    the file's size (UPNs 500 to a query)."""
    rows, problems = parse_file(data, today)
    preview = Preview(rows, problems)
    if problems:
        return preview
    groups = dict(db.session.execute(
        select(TutorGroup.id, TutorGroup.name).where(TutorGroup.school_id == school.id)
    ).all())
    upns = [row.upn for row in rows]
    existing: dict[str, Pupil] = {}
    for start in range(0, len(upns), _CHUNK):
        query = select(Pupil).where(Pupil.school_id == school.id, Pupil.upn.in_(upns[start:start + _CHUNK]))
        existing.update((p.upn, p) for p in db.session.scalars(query))
    known_groups = set(groups.values())
    for row in rows:
        pupil = existing.get(row.upn)
        if pupil is None:
            preview.new.append(row)
        elif changes := _changes(pupil, groups.get(pupil.tutor_group_id), row):
            preview.updates.append(Update(pupil, row, changes))
        else:
            preview.unchanged += 1
        if row.tutor_group not in known_groups:
            known_groups.add(row.tutor_group)
            preview.new_groups.append(row.tutor_group)
    preview.updates.sort(key=lambda u: not u.renames)  # renamed pupils first
    _tutors(school, rows, preview)
    preview.fingerprint = _digest(data, preview)
    return preview
