"""What a pupil's leavers' folder prints (issue 9, item 2; requirements item 27; 002 B3), read in
a fixed number of queries whatever the record's size: the entries with skills and reflections,
the interviews the pupil chose, the documents, the letter and the progress.

Only what the pupil chose goes in: reflections and guidance interviews they ticked for the
folder (``in_folder``), never the others, and no tutor-only or sensitive data. Rejected entries
are left out; self-reported ones are printed as the pupil's own record, verified ones with the
QR code of their public proof.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import undefer

from .. import clock
from ..domain import benchmarks
from ..domain import dates
from ..domain import folder as rules
from ..domain.kinds import KINDS
from ..domain.kinds import REFLECTION_PROMPTS
from ..domain.kinds import sector_label
from ..domain.kinds import SKILL_LABELS
from ..domain.kinds import subtype_label
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import FolderDocument
from ..models import FolderLetter
from ..models import GuidanceInterview
from ..models import Pupil
from ..models import Reflection
from .cv import cv_for
from .cv import CvView
from .pupils import entries_of
from .pupils import progress_of


@dataclass(frozen=True)
class Answer:
    question: str
    text: str


@dataclass(frozen=True)
class Item:
    """One activity as the folder prints it."""

    entry: Entry
    kind: str
    activity: str | None
    sector: str | None
    benchmark: int | None
    verified: bool
    skills: tuple[str, ...]
    reflection: tuple[Answer, ...]  # empty unless the pupil put it in the folder

    @property
    def title(self) -> str:
        return self.entry.organisation or self.activity or self.kind


@dataclass(frozen=True)
class Year:
    year_group: int
    label: str  # "Year 9, 2024–25"
    items: tuple[Item, ...]


@dataclass(frozen=True)
class BenchmarkLine:
    number: int
    name: str
    activities: int
    verified: int
    met: tuple[str, ...]  # the titles of its criteria the pupil has met


@dataclass(frozen=True)
class Skill:
    label: str
    count: int
    where: tuple[str, ...]  # the activities it was used in, as the pupil named them


@dataclass(frozen=True)
class Folder:
    pupil: Pupil
    school_name: str
    as_of: date  # the day the record last changed: the document's date, never "today"
    created: date  # the day the record began
    leaving_year: str
    letter: tuple[str, ...]
    signed_by: str
    signer_role: str
    skills: tuple[Skill, ...]
    years: tuple[Year, ...]
    benchmarks: tuple[BenchmarkLine, ...]
    interviews: tuple[GuidanceInterview, ...]
    documents: tuple[FolderDocument, ...]
    cv: CvView | None  # None when the pupil has written nothing on their CV

    @property
    def items(self) -> list[Item]:
        return [item for year in self.years for item in year.items]


def _answers(entry: Entry) -> tuple[Answer, ...]:
    reflection = entry.reflection
    if reflection is None or not reflection.in_folder:
        return ()
    return tuple(
        Answer(p.question, reflection.answers[p.key].strip())
        for p in REFLECTION_PROMPTS[entry.kind]
        if (reflection.answers or {}).get(p.key, "").strip()
    )


def _item(entry: Entry) -> Item:
    info = KINDS[entry.kind]
    return Item(
        entry=entry,
        kind=info.label,
        activity=subtype_label(entry.kind, entry.subtype),
        sector=sector_label(entry.sector),
        benchmark=info.benchmark,
        verified=entry.verification == Verification.VERIFIED,
        skills=tuple(SKILL_LABELS.get(code, code) for code in entry.skill_codes),
        reflection=_answers(entry),
    )


def _last_change(pupil: Pupil, entries: list[Entry], interviews, documents, letter) -> datetime:
    """The latest write that the folder prints: its date is the document's date, so the same
    record gives the same bytes (requirements item 27: deterministic output)."""
    stamps = [pupil.user.created_at]
    stamps += [e.updated_at for e in entries]
    stamps += [e.reflection.updated_at for e in entries if e.reflection is not None]
    stamps += [i.created_at for i in interviews]
    stamps += [d.uploaded_at for d in documents]
    if letter is not None:
        stamps.append(letter.updated_at)
    return max(stamps)


def folder_for(pupil: Pupil) -> Folder:
    today = clock.today()
    entries = [e for e in entries_of(pupil) if e.verification != Verification.REJECTED]
    entries.reverse()  # oldest first: the folder reads as a story
    interviews = tuple(
        db.session.scalars(
            select(GuidanceInterview)
            .where(
                GuidanceInterview.pupil_id == pupil.id,
                GuidanceInterview.school_id == pupil.school_id,
                GuidanceInterview.in_folder.is_(True),
            )
            .order_by(GuidanceInterview.held_on, GuidanceInterview.id)
        )
    )
    documents = tuple(documents_of(pupil, with_content=True))
    letter = letter_of(pupil.school_id)
    cv = cv_for(pupil)
    items = [_item(e) for e in entries]

    by_year: dict[int, list[Item]] = {}
    for item in items:
        year = dates.year_group_on(item.entry.occurred_on, current_year_group=pupil.year_group, today=today)
        by_year.setdefault(year, []).append(item)
    years = tuple(
        Year(
            year_group=y,
            label=(f"Year {y}, " if y >= 1 else "Before Year 1, ")
            + dates.school_year_label(dates.academic_year(group[0].entry.occurred_on)),
            items=tuple(group),
        )
        for y, group in sorted(by_year.items())
    )

    used: Counter[str] = Counter()
    where: dict[str, list[str]] = {}
    for item in items:
        for skill in item.skills:
            used[skill] += 1
            where.setdefault(skill, []).append(item.title)
    skills = tuple(
        Skill(label, count, tuple(dict.fromkeys(where[label])))
        for label, count in sorted(used.items(), key=lambda kv: (-kv[1], kv[0]))
    )

    progress = progress_of(pupil, entries, today)
    lines = tuple(
        BenchmarkLine(
            number=n,
            name=benchmarks.BENCHMARK_NAMES[n],
            activities=sum(1 for i in items if i.benchmark == n),
            verified=sum(1 for i in items if i.benchmark == n and i.verified),
            met=tuple(
                c.title for c in progress.criteria if c.benchmark == n and c.status == benchmarks.Status.MET
            ),
        )
        for n in sorted(benchmarks.BENCHMARK_NAMES)
        if n != 1
    )

    school = pupil.user.school
    values = {
        "first_name": pupil.user.first_name,
        "full_name": f"{pupil.user.first_name} {pupil.user.last_name}",
        "school": school.name,
        "year_group": pupil.year_group,
        "leaving_year": dates.school_year_label(dates.academic_year(today)),
        "activities": len(items),
        "verified": sum(1 for i in items if i.verified),
    }
    template = letter.template if letter else rules.DEFAULT_LETTER
    changed = _last_change(pupil, entries, interviews, documents, letter)
    return Folder(
        pupil=pupil,
        school_name=school.name,
        as_of=max(changed.date(), cv.updated_on or date.min),
        created=pupil.user.created_at.date(),
        leaving_year=values["leaving_year"],
        letter=tuple(rules.fill_letter(template, values)),
        signed_by=letter.signed_by if letter else rules.DEFAULT_SIGNED_BY,
        signer_role=letter.signer_role if letter else rules.DEFAULT_SIGNER_ROLE,
        skills=skills,
        years=years,
        benchmarks=lines,
        interviews=interviews,
        documents=documents,
        cv=None if cv.is_empty else cv,
    )


def reflections_to_choose(pupil: Pupil) -> list[tuple[Entry, Reflection]]:
    """The pupil's entries that have a reflection with some answer, newest first: what the
    folder page offers to put in."""
    return [
        (e, e.reflection)
        for e in entries_of(pupil)
        if e.reflection is not None
        and any((v or "").strip() for v in (e.reflection.answers or {}).values())
        and e.verification != Verification.REJECTED
    ]


def documents_of(pupil: Pupil, *, with_content: bool = False) -> list[FolderDocument]:
    """The pupil's certificates and references, certificates first (1 query); their bytes
    only when ``with_content``."""
    query = (
        select(FolderDocument)
        .where(FolderDocument.pupil_id == pupil.id, FolderDocument.school_id == pupil.school_id)
        .order_by(FolderDocument.kind, FolderDocument.id)
    )
    if with_content:
        query = query.options(undefer(FolderDocument.content))
    return list(db.session.scalars(query))


def document_of_or_none(pupil: Pupil, document_id: int) -> FolderDocument | None:
    return db.session.scalar(
        select(FolderDocument).where(
            FolderDocument.id == document_id,
            FolderDocument.pupil_id == pupil.id,
            FolderDocument.school_id == pupil.school_id,
        )
    )


def letter_of(school_id: int) -> FolderLetter | None:
    """The school's principal's letter, or None while the careers leader has not written one."""
    return db.session.get(FolderLetter, school_id)
