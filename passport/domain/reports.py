"""The careers leader's cohort report, counted (issue 11 item 1; requirements item 32: "% meeting
each criterion by year group, broken down by SEN, FSM, PP, LAC and gender", 001 ¶29, 002 B3),
and what governors may see of it (item 33: "anonymised aggregates only", 003 §6–8). Pure.

A criterion's figure is the pupils who have met it out of those it applies to (a criterion that
does not apply, such as university visits for a pupil not considering university, is not
counted either way)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass

from .benchmarks import Progress
from .benchmarks import Status

# Governors' figures: a group of fewer pupils than this is not shown, and in the groups that
# say something about a pupil's circumstances (SEN, EHC plan, FSM, pupil premium, in care) nor
# is a figure where fewer than this met it or missed it, so nobody can be picked out (item 33).
SUPPRESS_BELOW = 5


@dataclass(frozen=True)
class PupilFacts:
    """What the report groups pupils by (the MIS's flags and gender)."""

    id: int
    year_group: int
    sen_support: bool
    ehc_plan: bool
    free_school_meals: bool
    pupil_premium: bool
    looked_after: bool
    gender: str | None


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    test: Callable[[PupilFacts], bool]
    circumstances: bool  # says something about a pupil's circumstances (stricter suppression)


GROUPS: tuple[Group, ...] = (
    Group("all", "All pupils", lambda p: True, False),
    Group("sen_support", "SEN support", lambda p: p.sen_support, True),
    Group("ehc_plan", "EHC plan", lambda p: p.ehc_plan, True),
    Group("free_school_meals", "Free school meals", lambda p: p.free_school_meals, True),
    Group("pupil_premium", "Pupil premium", lambda p: p.pupil_premium, True),
    Group("looked_after", "Looked after", lambda p: p.looked_after, True),
    Group("female", "Girls", lambda p: p.gender == "F", False),
    Group("male", "Boys", lambda p: p.gender == "M", False),
    Group("gender_unknown", "Gender not recorded", lambda p: p.gender not in ("F", "M"), False),
)
GROUP_KEYS = {g.key: g for g in GROUPS}


@dataclass(frozen=True)
class Figure:
    met: int
    of: int  # the pupils of the group the criterion applies to

    @property
    def percent(self) -> int | None:
        return round(100 * self.met / self.of) if self.of else None


@dataclass(frozen=True)
class CriterionRow:
    key: str
    benchmark: int
    title: str
    figures: dict[str, Figure]  # by group key


@dataclass(frozen=True)
class YearReport:
    """One year group. ``rows`` leaves out the criteria still to come for every pupil of the
    year (a Year 9's "meet an employer in Year 12"): ``later`` counts them, so the report is not
    mostly zeros that mean "not yet"."""

    year_group: int
    pupils: int
    sizes: dict[str, int]  # pupils in each group
    rows: list[CriterionRow]
    later: int = 0


def year_report(year_group: int, pupils: list[PupilFacts], progress: dict[int, Progress]) -> YearReport:
    """One year group's figures for every criterion, in benchmark order, for every group."""
    members = {g.key: [p.id for p in pupils if g.test(p)] for g in GROUPS}
    columns: dict[str, tuple[int, str]] = {}
    statuses: dict[int, dict[str, Status]] = {}
    for p in pupils:
        statuses[p.id] = {c.key: c.status for c in progress[p.id].criteria}
        for c in progress[p.id].criteria:
            columns.setdefault(c.key, (c.benchmark, c.title))
    rows = []
    later = 0
    for key, (benchmark, title) in sorted(columns.items(), key=lambda kv: kv[1][0]):
        if all(statuses[p.id].get(key) in (Status.UPCOMING, Status.NOT_APPLICABLE, None) for p in pupils):
            later += 1
            continue
        figures = {}
        for g in GROUPS:
            met = of = 0
            for pupil_id in members[g.key]:
                status = statuses[pupil_id].get(key, Status.NOT_APPLICABLE)
                if status is not Status.NOT_APPLICABLE:
                    of += 1
                    met += status is Status.MET
            figures[g.key] = Figure(met, of)
        rows.append(CriterionRow(key, benchmark, title, figures))
    return YearReport(year_group, len(pupils), {k: len(v) for k, v in members.items()}, rows, later)


def report(pupils: Iterable[PupilFacts], progress: dict[int, Progress]) -> list[YearReport]:
    """Every year group with pupils, youngest first."""
    years: dict[int, list[PupilFacts]] = {}
    for p in pupils:
        years.setdefault(p.year_group, []).append(p)
    return [year_report(y, years[y], progress) for y in sorted(years)]


def shown_to_governors(group: Group, figure: Figure) -> bool:
    """Whether a figure may be shown to governors (see SUPPRESS_BELOW)."""
    if figure.of < SUPPRESS_BELOW:
        return False
    if group.circumstances:
        missed = figure.of - figure.met
        return not (0 < figure.met < SUPPRESS_BELOW or 0 < missed < SUPPRESS_BELOW)
    return True


STATUS_ORDER = {Status.OVERDUE: 0, Status.DUE: 1, Status.UPCOMING: 2, Status.MET: 3, Status.NOT_APPLICABLE: 4}


# --- sectors by gender (issue 11 item 5; requirements item 41; 002 B3, 003 §8) --------------

GENDERS = (("F", "Girls"), ("M", "Boys"), ("", "Gender not recorded"))


@dataclass(frozen=True)
class SectorRow:
    code: str
    label: str
    pupils: dict[str, int]  # by gender code: pupils who met an employer or workplace of the sector


@dataclass(frozen=True)
class SectorReport:
    sizes: dict[str, int]  # pupils of each gender in scope
    rows: list[SectorRow]  # every sector, most pupils first
    breadth: dict[str, list[int]]  # by gender: pupils who met 0, 1, 2, 3, 4 or more sectors


def sector_report(pupils: list[tuple[int, str | None]], met: list[tuple[int, str]],
                  sectors: tuple[tuple[str, str], ...]) -> SectorReport:
    """``pupils``: (id, gender) in scope; ``met``: (pupil id, sector code) of their activities
    (a pupil counts once per sector, however many times they met it)."""
    gender_of = {pid: (g if g in ("F", "M") else "") for pid, g in pupils}
    seen: dict[str, set[int]] = {}
    per_pupil: dict[int, set[str]] = {pid: set() for pid in gender_of}
    for pid, code in met:
        if pid in gender_of:
            seen.setdefault(code, set()).add(pid)
            per_pupil[pid].add(code)
    rows = []
    for code, label in sectors:
        who = seen.get(code, set())
        counts = {g: sum(1 for pid in who if gender_of[pid] == g) for g, _ in GENDERS}
        rows.append(SectorRow(code, label, counts))
    rows.sort(key=lambda r: (-sum(r.pupils.values()), r.label))
    breadth = {g: [0] * 5 for g, _ in GENDERS}
    for pid, codes in per_pupil.items():
        breadth[gender_of[pid]][min(len(codes), 4)] += 1
    sizes = {g: sum(1 for v in gender_of.values() if v == g) for g, _ in GENDERS}
    return SectorReport(sizes, rows, breadth)
