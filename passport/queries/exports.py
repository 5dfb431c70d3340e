"""The rows of the careers leader's exports (issue 11 item 6; requirements item 34), as plain
values for documents/tabular.py: the cohort report's figures, and every activity, one row per
pupil per activity, read in chunks so a whole school's 150,000 rows stream in constant memory
(bench/reports.py prints the peak). Never a pupil's own words: no description, no reflection."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..domain import reports as rules
from ..domain.kinds import KINDS
from ..domain.kinds import SECTORS
from ..extensions import db
from ..models import Entry
from ..models import Event
from ..models import Pupil
from ..models import TutorGroup
from ..models import User

COHORT_HEADER = ["Year group", "Benchmark", "Criterion", "Group of pupils", "Met", "Of", "Per cent"]


def cohort_rows(years: list[rules.YearReport]) -> Iterator[list]:
    for year in years:
        for row in year.rows:
            for group in rules.GROUPS:
                f = row.figures[group.key]
                yield [year.year_group, row.benchmark, row.title, group.label, f.met, f.of, f.percent]


ACTIVITY_HEADER = [
    "UPN", "Surname", "Forename", "Year group", "Tutor group", "Activity", "Type", "Date",
    "Organisation", "Area of work", "STEM", "Hours", "Confirmed by school", "How confirmed", "Event",
]
VERIFICATION_WORDS = {
    "verified": "Yes", "self_reported": "No (the pupil's own record)", "rejected": "Rejected",
}
CHUNK = 2000


def activity_rows(school_id: int) -> Iterator[list]:
    """Every entry of the school's active pupils, in the order they were recorded, read in
    keyset pages of CHUNK rows (by entry id), so no query or list holds them all. Takes the id,
    not the school: a streamed response reads after the view's session has ended."""
    pupil_user = aliased(User)
    query = (
        select(
            Pupil.upn, pupil_user.last_name, pupil_user.first_name, Pupil.year_group, TutorGroup.name,
            Entry.kind, Entry.subtype, Entry.occurred_on, Entry.organisation, Entry.sector, Entry.is_stem,
            Entry.hours, Entry.verification, Entry.verification_method, Event.title, Entry.id,
        )
        .join(Pupil, Pupil.id == Entry.pupil_id)
        .join(pupil_user, pupil_user.id == Pupil.id)
        .outerjoin(TutorGroup, TutorGroup.id == Pupil.tutor_group_id)
        .outerjoin(Event, Event.id == Entry.event_id)
        .where(Entry.school_id == school_id, Pupil.school_id == school_id, pupil_user.is_active.is_(True))
        .order_by(Entry.id)
    )
    kind_labels = {kind: info.label for kind, info in KINDS.items()}
    subtypes = {(kind, code): label for kind, info in KINDS.items() for code, label in info.subtypes}
    sectors = dict(SECTORS)
    last = 0
    while True:
        page = db.session.execute(query.where(Entry.id > last).limit(CHUNK)).all()
        if not page:
            return
        for r in page:
            yield [
                r.upn, r.last_name, r.first_name, r.year_group, r.name or "", kind_labels[r.kind],
                subtypes.get((r.kind, r.subtype), ""), r.occurred_on, r.organisation,
                sectors.get(r.sector, ""), r.is_stem, r.hours,
                VERIFICATION_WORDS.get(r.verification.value, r.verification.value),
                r.verification_method or "", r.title or "",
            ]
        last = page[-1].id
