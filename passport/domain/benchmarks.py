"""Which Gatsby Benchmark criteria a pupil's record meets, from plain values."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from enum import StrEnum

from passport.domain.dates import academic_year
from passport.domain.dates import deadline_for_age
from passport.domain.dates import school_year_bounds
from passport.domain.kinds import EntryKind
from passport.domain.kinds import ProviderType
from passport.domain.kinds import Verification


class Status(StrEnum):
    """Where a pupil stands on one criterion on a given day."""

    MET = "met"
    DUE = "due"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class EntryFacts:
    """One record entry as plain values.

    For PROVIDER_ENCOUNTER, ``subtype`` is a ProviderType value. ``met_staff`` and
    ``met_students`` are carried but not required: 001 asks only for "the opportunity".
    For GUIDANCE_INTERVIEW, ``adviser_level6`` says whether the adviser is trained to Level 6
    or higher (002 B8); an interview an adviser recorded is given as a VERIFIED entry
    (``interview_facts``).
    """

    kind: EntryKind
    occurred_on: date
    subtype: str | None = None
    is_stem: bool = False
    met_staff: bool = False
    met_students: bool = False
    verification: Verification = Verification.SELF_REPORTED
    # The entry's id, when the caller wants to know which entries met a criterion; not a fact
    # the rules read, so two entries alike in every fact still compare equal.
    ref: int | None = field(default=None, compare=False)
    adviser_level6: bool | None = None


def interview_facts(held_on: date, adviser_level6: bool) -> EntryFacts:
    """A guidance interview recorded by a careers adviser or the careers leader: the school's
    own record, so VERIFIED (docs/domain-rules.md, "Guidance interviews")."""
    return EntryFacts(
        kind=EntryKind.GUIDANCE_INTERVIEW,
        occurred_on=held_on,
        verification=Verification.VERIFIED,
        adviser_level6=adviser_level6,
    )


@dataclass(frozen=True)
class PupilFacts:
    """What the rules need to know about a pupil; ``year_group`` is on ``today``."""

    date_of_birth: date
    year_group: int
    considering_university: bool = False
    further_interview_offered_on: date | None = None


@dataclass(frozen=True)
class BenchmarkSettings:
    """One school's thresholds (requirements item 45); a None age turns a criterion off.

    The defaults are the DfE statutory guidance of January 2018 (001). The sources
    disagree, so these are settings, not constants:
    - year ranges: 001 ¶52 years 7 to 13, 001 ¶1 year 8 to 13, 003 §3 ages 13–18,
      004 §3 Year 7 to 11 (caveat 0.5);
    - workplaces at 18: 001 asks for "one further" experience, 002 B6 for one
      experience "by the age of 18, or before the end of their study programme",
      and 004 §11 for the by-16 one only (caveat 0.6).
    A Year 7–11 school (004) sets ``employer_last_year=11`` and the by-18 ages to None.
    ``verified_only`` counts only VERIFIED entries, for compliance views (item 16).
    ``settings_source(name)`` gives the citation for each field.
    """

    employer_first_year: int = 7
    employer_last_year: int = 13
    stem_employer_before_year: int = 11
    lmi_by_age: int | None = 14
    stem_learning_by_age: int | None = 14
    first_workplace_by_age: int | None = 16
    second_workplace_by_age: int | None = 18
    providers_by_age: int | None = 16
    required_provider_types: tuple[ProviderType, ...] = (
        ProviderType.SIXTH_FORM,
        ProviderType.FE_COLLEGE,
        ProviderType.UNIVERSITY,
        ProviderType.APPRENTICESHIP_PROVIDER,
    )
    university_visits_by_age: int | None = 18
    university_visits_required: int = 2
    first_interview_by_age: int | None = 16
    further_interview_by_age: int | None = 18
    verified_only: bool = False


_SETTING_SOURCES = {
    "employer_first_year": "001 ¶52; 000 ¶114: year 7. 001 ¶1: year 8 (caveat 0.5)",
    "employer_last_year": "001 ¶52; 000 ¶114: year 13. 004 §3: Year 11 (caveat 0.5)",
    "stem_employer_before_year": "001 ¶53; 000 ¶115: before year 11. 004 §10: no year",
    "lmi_by_age": "001 table B2, ¶22; 000 ¶65; 004 §5: by 14",
    "stem_learning_by_age": "001 table B4, ¶46; 000 ¶106; 004 §9: by 14",
    "first_workplace_by_age": "001 table B6, ¶56; 000 ¶118; 004 §11: by 16",
    "second_workplace_by_age": (
        "001 table B6, ¶56: one further by 18. 002 B6: one by 18 or the end of the programme. "
        "004 §11: none (caveat 0.6)"
    ),
    "providers_by_age": "001 table B7; 004 §12: by 16",
    "required_provider_types": "001 table B7: sixth forms, colleges, universities, apprenticeship providers",
    "university_visits_by_age": "001 table B7: by 18, if considering university",
    "university_visits_required": "001 table B7: at least two visits",
    "first_interview_by_age": "001 table B8, ¶70; 000 ¶137; 004 §13: by 16",
    "further_interview_by_age": "001 table B8, ¶70; 000 ¶137; 004 §13: the opportunity of another by 18",
    "verified_only": "requirements item 16: compliance views can count verified only",
}


def settings_source(name: str) -> str:
    """The citation for the BenchmarkSettings field ``name``; KeyError if unknown."""
    return _SETTING_SOURCES[name]


@dataclass(frozen=True)
class CriterionStatus:
    """One criterion for one pupil.

    ``due`` is the last day it can be met (None when NOT_APPLICABLE), ``evidence`` the
    number of entries counted, ``missing`` the ProviderTypes not yet covered (B7 range).
    """

    key: str
    benchmark: int
    title: str
    status: Status
    due: date | None
    source: str
    evidence: int
    missing: tuple[str, ...] = ()
    # The ``ref`` of each entry counted (those that carry one), in the order given.
    evidence_refs: tuple[int, ...] = ()


def _by_due(criteria: Iterable[CriterionStatus]) -> tuple[CriterionStatus, ...]:
    # A stable sort, so equal deadlines keep benchmark order; undated ones go last.
    return tuple(sorted(criteria, key=lambda c: (c.due is None, c.due or date.max)))


@dataclass(frozen=True)
class Progress:
    """A pupil's criteria in benchmark order, with views by status."""

    criteria: tuple[CriterionStatus, ...]

    def get(self, key: str) -> CriterionStatus:
        """The criterion with ``key``; KeyError if absent (e.g. switched off)."""
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise KeyError(key)

    def _having(self, status: Status) -> tuple[CriterionStatus, ...]:
        return tuple(c for c in self.criteria if c.status == status)

    @property
    def done(self) -> tuple[CriterionStatus, ...]:
        """Met criteria, in benchmark order."""
        return self._having(Status.MET)

    @property
    def due(self) -> tuple[CriterionStatus, ...]:
        """Open criteria, soonest deadline first."""
        return _by_due(self._having(Status.DUE))

    @property
    def overdue(self) -> tuple[CriterionStatus, ...]:
        """Missed criteria, oldest deadline first."""
        return _by_due(self._having(Status.OVERDUE))

    @property
    def upcoming(self) -> tuple[CriterionStatus, ...]:
        """Criteria whose window has not opened, soonest deadline first."""
        return _by_due(self._having(Status.UPCOMING))

    @property
    def met_count(self) -> int:
        """How many criteria are met."""
        return len(self.done)

    @property
    def counted_total(self) -> int:
        """How many criteria apply to the pupil (all but NOT_APPLICABLE)."""
        return sum(1 for c in self.criteria if c.status != Status.NOT_APPLICABLE)


@dataclass(frozen=True)
class _Rule:
    """A criterion as data: ``needed`` entries of ``kinds`` dated ``opens``..``due``.

    ``due`` None: not applicable. ``stem``: only STEM entries count. ``subtypes``: only
    these subtypes count; with ``cover_all`` each must appear. ``offered``: met anyway.
    ``level6``: only VERIFIED entries with a Level 6 adviser count (B8).
    """

    key: str
    benchmark: int
    title: str
    source: str
    due: date | None
    kinds: tuple[EntryKind, ...]
    needed: int = 1
    stem: bool = False
    subtypes: tuple[str, ...] = ()
    cover_all: bool = False
    opens: date | None = None
    offered: bool = False
    level6: bool = False

    def matches(self, e: EntryFacts) -> bool:
        """Whether ``e`` is evidence for this rule (``due`` must be set)."""
        return (
            e.kind in self.kinds
            and (e.is_stem or not self.stem)
            and (not self.subtypes or e.subtype in self.subtypes)
            and (not self.level6 or (e.adviser_level6 is True and e.verification == Verification.VERIFIED))
            and (self.opens or date.min) <= e.occurred_on <= self.due
        )


# Plural names for titles, in words a 12-year-old knows.
_PROVIDER_WORDS = {
    ProviderType.SIXTH_FORM: "sixth forms",
    ProviderType.FE_COLLEGE: "colleges",
    ProviderType.UNIVERSITY: "universities",
    ProviderType.APPRENTICESHIP_PROVIDER: "apprenticeship providers",
    ProviderType.UTC: "university technical colleges",
    ProviderType.STUDIO_SCHOOL: "studio schools",
}


def _rules(pupil: PupilFacts, s: BenchmarkSettings, today: date) -> Iterator[_Rule]:
    """The enabled criteria for ``pupil``, in benchmark order."""
    k = EntryKind

    def by(age: int) -> date:
        return deadline_for_age(pupil.date_of_birth, age)

    def school_year(year_group: int) -> tuple[date, date]:
        # Same years as dates.year_group_on: one year group per school year.
        return school_year_bounds(academic_year(today) + year_group - pupil.year_group)

    if (age := s.lmi_by_age) is not None:
        title = f"Find out about jobs and pay before you turn {age}"
        src = "001 table B2, ¶22; 000 ¶65; requirements item 11"
        yield _Rule("b2_lmi", 2, title, src, by(age), (k.LABOUR_MARKET_INFO,))
    if (age := s.stem_learning_by_age) is not None:
        # ¶46 also counts "meeting a range of professionals from occupations which
        # require maths and science qualifications": STEM employer encounters.
        title = f"Learn how science and maths lead to jobs before you turn {age}"
        src = "001 table B4, ¶46; 000 ¶106; requirements item 11"
        kinds = (k.CURRICULUM_LEARNING, k.EMPLOYER_ENCOUNTER)
        yield _Rule("b4_stem", 4, title, src, by(age), kinds, stem=True)
    src = "001 table B5, ¶52; 000 ¶114; requirements item 5"
    for y in range(s.employer_first_year, s.employer_last_year + 1):
        opens, due = school_year(y)
        title = f"Meet an employer in Year {y}"
        kinds = (k.EMPLOYER_ENCOUNTER,)
        yield _Rule(f"b5_year_{y}", 5, title, src, due, kinds, opens=opens)
    y = s.stem_employer_before_year
    title = (
        f"Meet an employer, see a workplace or go to a careers event about science or maths before Year {y}"
    )
    src = "001 ¶53; 000 ¶115; requirements item 6"
    due = school_year(y - 1)[1]  # the last day of the year group before
    # 001 ¶53: "one of the encounters ... is with a STEM employer or workplace, or one of their
    # careers events is focused around STEM". So a STEM employer encounter, a STEM workplace
    # experience, or a STEM careers event of another kind: a visit or taster at a college,
    # university or apprenticeship provider. A lesson (B4), labour market information, a
    # guidance interview, a part-time job or volunteering is not a careers event here.
    kinds = (k.EMPLOYER_ENCOUNTER, k.WORKPLACE_EXPERIENCE, k.PROVIDER_ENCOUNTER)
    yield _Rule("b5_stem", 5, title, src, due, kinds, stem=True)
    # Only WORKPLACE_EXPERIENCE counts: 001 says "additional to any part-time jobs",
    # so PART_TIME_JOB and VOLUNTEERING entries go on the CV but never count here.
    src = "001 table B6, ¶56; 000 ¶118; requirements items 4, 7"
    if (age := s.first_workplace_by_age) is not None:
        title = f"Experience a workplace before you turn {age}"
        yield _Rule("b6_first", 6, title, src, by(age), (k.WORKPLACE_EXPERIENCE,))
    if (age := s.second_workplace_by_age) is not None:
        # "One further such experience" [001 ¶56]: two in all by this age.
        title = f"Experience a second workplace before you turn {age}"
        kinds = (k.WORKPLACE_EXPERIENCE,)
        yield _Rule("b6_second", 6, title, src, by(age), kinds, needed=2)
    wanted = tuple(dict.fromkeys(s.required_provider_types))  # without repeats
    if (age := s.providers_by_age) is not None and wanted:
        words = [_PROVIDER_WORDS[p] for p in wanted]
        listed = " and ".join(filter(None, [", ".join(words[:-1]), words[-1]]))
        title = f"Find out what learning is like at {listed} before you turn {age}"
        src, kinds = "001 table B7; requirements item 8", (k.PROVIDER_ENCOUNTER,)
        yield _Rule("b7_range", 7, title, src, by(age), kinds, subtypes=wanted, cover_all=True)
    if (age := s.university_visits_by_age) is not None:
        n = s.university_visits_required
        title = f"Visit {n} universit{'y' if n == 1 else 'ies'} before you turn {age}"
        src, kinds = "001 table B7; requirements item 9", (k.PROVIDER_ENCOUNTER,)
        due = by(age) if pupil.considering_university else None
        uni = (ProviderType.UNIVERSITY,)
        yield _Rule("b7_university", 7, title, src, due, kinds, n, subtypes=uni)
    # Only interviews with an adviser "trained to an appropriate level", Level 6 [002 B8],
    # that the school has on record: recorded by an adviser, or a pupil's entry verified.
    src = "001 table B8, ¶70; 000 ¶137; 002 B8; requirements item 10"
    if (age := s.first_interview_by_age) is not None:
        title = f"Talk one-to-one with a careers adviser before you turn {age}"
        yield _Rule("b8_first", 8, title, src, by(age), (k.GUIDANCE_INTERVIEW,), level6=True)
    if (age := s.further_interview_by_age) is not None:
        due, offer = by(age), pupil.further_interview_offered_on
        # 001 ¶70 asks only for "the opportunity for a further interview": a recorded
        # offer meets it, and so does a second interview actually held.
        offered = offer is not None and offer <= min(due, today)
        title = f"Be offered another talk with a careers adviser before you turn {age}"
        kinds = (k.GUIDANCE_INTERVIEW,)
        yield _Rule("b8_further", 8, title, src, due, kinds, needed=2, offered=offered, level6=True)


def _evaluate(rule: _Rule, by_kind: dict[EntryKind, list[EntryFacts]], today: date) -> CriterionStatus:
    head = (rule.key, rule.benchmark, rule.title)
    if rule.due is None:
        return CriterionStatus(*head, Status.NOT_APPLICABLE, None, rule.source, 0)
    matching = [e for kind in rule.kinds for e in by_kind.get(kind, ()) if rule.matches(e)]
    covered = {e.subtype for e in matching}
    missing = tuple(t for t in rule.subtypes if t not in covered) if rule.cover_all else ()
    if rule.offered or (len(matching) >= rule.needed and not missing):
        status = Status.MET
    elif today > rule.due:
        status = Status.OVERDUE
    elif rule.opens is not None and today < rule.opens:
        status = Status.UPCOMING
    else:
        status = Status.DUE
    refs = tuple(e.ref for e in matching if e.ref is not None)
    return CriterionStatus(*head, status, rule.due, rule.source, len(matching), missing, refs)


def _counts(e: EntryFacts, settings: BenchmarkSettings, today: date) -> bool:
    # A future-dated entry has not happened yet. Leaving it out also makes
    # progress(..., today=a past day) a true snapshot for reports.
    if e.occurred_on > today or e.verification == Verification.REJECTED:
        return False
    return e.verification == Verification.VERIFIED or not settings.verified_only


def progress(
    pupil: PupilFacts, entries: Iterable[EntryFacts], settings: BenchmarkSettings, today: date
) -> Progress:
    """Every enabled criterion for ``pupil`` as of ``today``, in benchmark order.

    Only entries dated on or before ``today`` count; REJECTED entries never count, and
    with ``settings.verified_only`` only VERIFIED ones do. "By the age of N" means on or
    before the day before the Nth birthday (``dates.deadline_for_age``). B5 school years
    are worked out from the pupil's year group today, assuming no repeated or skipped
    years. A criterion whose age setting is None is left out.
    """
    # Grouped by kind once, so each criterion looks only at the kinds it counts.
    by_kind: dict[EntryKind, list[EntryFacts]] = {}
    for e in entries:
        if _counts(e, settings, today):
            by_kind.setdefault(e.kind, []).append(e)
    rules = _rules(pupil, settings, today)
    return Progress(tuple(_evaluate(rule, by_kind, today) for rule in rules))


# The eight Gatsby Benchmarks by number, as the statutory guidance names them (requirements §1).
BENCHMARK_NAMES: dict[int, str] = {
    1: "A stable careers programme",
    2: "Learning from career and labour market information",
    3: "Addressing the needs of each pupil",
    4: "Linking curriculum learning to careers",
    5: "Encounters with employers and employees",
    6: "Experiences of workplaces",
    7: "Encounters with further and higher education",
    8: "Personal guidance",
}
