"""Entitlement statements: what each year group should have had, in plain words, each item tied
to a rule on the record (issue 10 item 2; requirements items 29–30; 002 B1 "so that all students
and parents can see, for each year, what they will have experienced and completed").

An item is tied either to a benchmark criterion (``benchmarks.py``: its status is the item's) or
to a kind of activity with a count inside a window of school years. The wording is the careers
leader's to change; the rule is not, so changing words never breaks the tie to the record.
Plain values in, plain values out: no database here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from passport.domain import benchmarks
from passport.domain.dates import academic_year
from passport.domain.dates import school_year_bounds
from passport.domain.kinds import EntryKind
from passport.domain.kinds import Verification

WORDING_MAX = 300
# The kinds an activity rule may count: the pupil's own entries. Guidance interviews are the
# school's records and are counted by the B8 criteria instead.
ACTIVITY_KINDS = tuple(k for k in EntryKind if k != EntryKind.GUIDANCE_INTERVIEW)
NEEDED_MAX = 20


class ItemStatus(StrEnum):
    """Where a child stands on one item: what a parent reads."""

    DONE = "done"
    TO_COME = "to_come"
    MISSED = "missed"


@dataclass(frozen=True)
class Criterion:
    """Met when the benchmark criterion ``key`` is met (e.g. ``b5_year_8``)."""

    key: str


@dataclass(frozen=True)
class Activity:
    """Met by ``needed`` entries of ``kind`` dated from the start of Year ``first_year`` to the
    end of Year ``last_year``, or to 28 February of it when ``until_february`` (the provider
    access phases of 004 §15: "In Year 8 or between 1 September and 28 February during Year 9")."""

    kind: EntryKind
    needed: int
    first_year: int
    last_year: int
    until_february: bool = False


Rule = Criterion | Activity


@dataclass(frozen=True)
class Item:
    """One line of a year group's statement. ``key`` names a shipped default (None: the school's
    own item); ``ref`` is the school's stored row, when there is one."""

    year_group: int
    wording: str
    rule: Rule
    key: str | None = None
    ref: int | None = None


def _d(key: str, year: int, wording: str, rule: Rule) -> Item:
    return Item(year, wording, rule, key=key)


_K = EntryKind
# The default statements for Years 7–13, from the statutory guidance (001 tables B2–B8,
# ¶52–56, ¶70), the 2023 provider access update (004 §15) and the Gatsby Toolkit's pupil
# entitlement (002 B1). A criterion a school has switched off in its settings drops out.
DEFAULTS: tuple[Item, ...] = (
    _d("y7_employer", 7, "By the end of Year 7 you will have met at least one employer or employee, "
       "at a talk, a fair or a workshop.", Criterion("b5_year_7")),
    _d("y7_lesson", 7, "By the end of Year 7 you will have learned in a lesson how a subject you "
       "study leads to jobs.", Activity(_K.CURRICULUM_LEARNING, 1, 7, 7)),
    _d("y8_employer", 8, "By the end of Year 8 you will have met at least one more employer or "
       "employee.", Criterion("b5_year_8")),
    _d("y8_providers", 8, "In Year 8, or by 28 February in Year 9, you will have been to two "
       "sessions with colleges, sixth forms, universities or apprenticeship providers.",
       Activity(_K.PROVIDER_ENCOUNTER, 2, 8, 9, until_february=True)),
    _d("y9_employer", 9, "By the end of Year 9 you will have met at least one more employer or "
       "employee.", Criterion("b5_year_9")),
    _d("y9_lmi", 9, "Before you turn 14 you will have found out about jobs, pay and where the work "
       "is.", Criterion("b2_lmi")),
    _d("y9_stem", 9, "Before you turn 14 you will have learned how science and maths lead to jobs.",
       Criterion("b4_stem")),
    _d("y10_employer", 10, "By the end of Year 10 you will have met at least one more employer or "
       "employee.", Criterion("b5_year_10")),
    _d("y10_stem", 10, "By the end of Year 10 you will have met a science, technology, engineering "
       "or maths employer, or been to a careers event about them.", Criterion("b5_stem")),
    _d("y10_providers", 10, "In Year 10, or by 28 February in Year 11, you will have been to two "
       "sessions with colleges, sixth forms, universities or apprenticeship providers.",
       Activity(_K.PROVIDER_ENCOUNTER, 2, 10, 11, until_february=True)),
    _d("y11_employer", 11, "By the end of Year 11 you will have met at least one more employer or "
       "employee.", Criterion("b5_year_11")),
    _d("y11_workplace", 11, "Before you turn 16 you will have spent time in a workplace.",
       Criterion("b6_first")),
    _d("y11_range", 11, "Before you turn 16 you will have found out what learning is like at "
       "sixth forms, colleges, universities and apprenticeship providers.", Criterion("b7_range")),
    _d("y11_interview", 11, "Before you turn 16 you will have talked one-to-one with a qualified "
       "careers adviser.", Criterion("b8_first")),
    _d("y12_employer", 12, "By the end of Year 12 you will have met at least one more employer or "
       "employee.", Criterion("b5_year_12")),
    _d("y12_providers", 12, "In Year 12 or 13 you will have been to a session with a college, "
       "university or apprenticeship provider.", Activity(_K.PROVIDER_ENCOUNTER, 1, 12, 13)),
    _d("y13_employer", 13, "By the end of Year 13 you will have met at least one more employer or "
       "employee.", Criterion("b5_year_13")),
    _d("y13_workplace", 13, "Before you turn 18 you will have spent time in a second workplace.",
       Criterion("b6_second")),
    _d("y13_university", 13, "If you are thinking about university, you will have visited two "
       "before you turn 18.", Criterion("b7_university")),
    _d("y13_interview", 13, "Before you turn 18 you will have been offered another talk with a "
       "careers adviser.", Criterion("b8_further")),
)
DEFAULT_KEYS = frozenset(item.key for item in DEFAULTS)


@dataclass(frozen=True)
class Override:
    """A school's stored change to a default: new words, or hidden."""

    key: str
    wording: str | None
    hidden: bool


def statement_items(overrides: Iterable[Override], own: Iterable[Item]) -> tuple[Item, ...]:
    """The school's items: the defaults with their words changed or hidden by ``overrides``,
    then the school's own items, each year group's in that order."""
    changed = {o.key: o for o in overrides}
    items = []
    for item in DEFAULTS:
        o = changed.get(item.key)
        if o is not None and o.hidden:
            continue
        wording = o.wording if o and o.wording else item.wording
        items.append(Item(item.year_group, wording, item.rule, item.key))
    items.extend(own)
    return tuple(sorted(items, key=lambda i: i.year_group))  # stable: defaults first in a year


@dataclass(frozen=True)
class RecordedActivity:
    """An entry as a parent may read it: what, when, where, and whether the school verified it.
    ``ref`` is the entry id (to match a criterion's evidence)."""

    ref: int
    kind: EntryKind
    occurred_on: date
    title: str
    verification: Verification


@dataclass(frozen=True)
class ItemResult:
    item: Item
    status: ItemStatus
    done_with: tuple[RecordedActivity, ...] = ()
    # The last day it can be met (None: no date, e.g. a criterion not yet open).
    by: date | None = None


def window(rule: Activity, pupil_year_group: int, today: date) -> tuple[date, date]:
    """The first and last day of ``rule``'s window for a pupil in ``pupil_year_group`` today."""
    now = academic_year(today)
    opens = school_year_bounds(now + rule.first_year - pupil_year_group)[0]
    last_year = now + rule.last_year - pupil_year_group
    closes = date(last_year + 1, 2, 28) if rule.until_february else school_year_bounds(last_year)[1]
    return opens, closes


def counts(a: RecordedActivity, today: date) -> bool:
    """Whether ``a`` has happened by ``today`` and was not rejected (what a statement counts)."""
    return a.occurred_on <= today and a.verification != Verification.REJECTED


def evaluate(
    items: Iterable[Item],
    progress: benchmarks.Progress,
    activities: Iterable[RecordedActivity],
    pupil_year_group: int,
    today: date,
) -> list[ItemResult]:
    """Each item's status for one pupil. An item whose criterion the school has switched off or
    that does not apply to the pupil (e.g. university visits when not considering university) is
    left out. Only activities on or before ``today`` and not rejected count."""
    acts = [a for a in activities if counts(a, today)]
    by_ref = {a.ref: a for a in acts}
    results = []
    for item in items:
        rule = item.rule
        if isinstance(rule, Criterion):
            try:
                c = progress.get(rule.key)
            except KeyError:
                continue
            if c.status == benchmarks.Status.NOT_APPLICABLE:
                continue
            done = tuple(by_ref[r] for r in c.evidence_refs if r in by_ref)
            status = {
                benchmarks.Status.MET: ItemStatus.DONE,
                benchmarks.Status.OVERDUE: ItemStatus.MISSED,
            }.get(c.status, ItemStatus.TO_COME)
            results.append(ItemResult(item, status, done, c.due))
        else:
            opens, closes = window(rule, pupil_year_group, today)
            done = tuple(a for a in acts if a.kind == rule.kind and opens <= a.occurred_on <= closes)
            if len(done) >= rule.needed:
                status = ItemStatus.DONE
            elif today > closes:
                status = ItemStatus.MISSED
            else:
                status = ItemStatus.TO_COME
            results.append(ItemResult(item, status, done, closes))
    return results


# Neutral links to every route after school, in the order of the official services' own lists
# (requirements item 44; 001 ¶2; 004 §12): the app never puts the school's own sixth form first,
# so no school's course is among them.
ROUTE_LINKS: tuple[tuple[str, str, str], ...] = (
    ("National Careers Service", "https://nationalcareers.service.gov.uk/",
     "Job profiles, skills and free advice from a careers adviser, by phone or web chat."),
    ("Find a course", "https://nationalcareers.service.gov.uk/find-a-course",
     "Courses at colleges, sixth forms and training providers near you."),
    ("Find an apprenticeship", "https://www.gov.uk/apply-apprenticeship",
     "Apprenticeships in England, and how to apply."),
    ("UCAS", "https://www.ucas.com/",
     "Universities, degree apprenticeships and how to apply to them."),
)
