"""The demo pupils' records: a plan of the entries each pupil has by ``today`` (what the careers
programme offered each year, taken up as keenly as the pupil's profile says), written through
the entry operations, with reflections and back-dated staff verification."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy import update

from ..domain import dates
from ..domain.kinds import EntryKind
from ..domain.kinds import REFLECTION_PROMPTS
from ..domain.kinds import SKILL_FRAMEWORKS
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import Pupil
from ..models import User
from ..models.record_version import bump_pupils
from ..models.record_version import BUMPED
from ..operations import entries
from .texts import ADVISERS
from .texts import ANSWERS
from .texts import AUTUMN
from .texts import DESCRIPTIONS
from .texts import EMPLOYERS
from .texts import ENCOUNTERS_BY_YEAR
from .texts import JOBS
from .texts import LMI_SOURCES
from .texts import PROVIDERS
from .texts import SCHOOL_YEAR
from .texts import SPRING
from .texts import SUBJECTS
from .texts import SUMMER
from .texts import VOLUNTEERING

K = EntryKind


@dataclass
class _Plan:
    """The entries one pupil will have, chosen before anything is written. ``keen`` scales
    every chance: 1.0 takes up everything offered, 0.0 nothing."""

    rng: random.Random
    today: date
    year_group: int
    keen: float
    considering_university: bool
    planned: list[entries.EntryData] = field(default_factory=list)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p * self.keen

    def on(self, year: int, window: tuple[tuple[int, int], tuple[int, int]]) -> date | None:
        """A weekday in Year ``year`` between two (month, day)s, or None if none is on or
        before today: so every date lies in the pupil's own school years, never ahead."""
        ay = dates.academic_year(self.today) - (self.year_group - year)
        lo, hi = (date(ay + (m < 9), m, d) for m, d in window)
        hi = min(hi, self.today)
        if lo > hi:
            return None
        for _ in range(4):  # most things happen on a school day
            day = lo + timedelta(days=self.rng.randint(0, (hi - lo).days))
            if day.weekday() < 5:
                break
        return day

    def has(self, kind: EntryKind, subtype: str | None = None) -> bool:
        return any(e.kind is kind and subtype in (None, e.subtype) for e in self.planned)

    def add(self, kind: EntryKind, on: date | None, org: str, **kw) -> None:
        if on is not None:
            self.planned.append(entries.EntryData(kind=kind, occurred_on=on, organisation=org, **kw))

    def skills(self) -> tuple[str, ...]:
        codes = [code for code, _ in SKILL_FRAMEWORKS["skills_builder"]]
        return tuple(self.rng.sample(codes, self.rng.randint(0, 3)))

    def employer(self, year: int, on: date | None, stem: bool | None = None) -> None:
        org, sector, is_stem = self.rng.choice([e for e in EMPLOYERS if stem in (None, e[2])])
        sub = self.rng.choice(ENCOUNTERS_BY_YEAR[year])
        self.add(K.EMPLOYER_ENCOUNTER, on, org, subtype=sub, sector=sector, is_stem=is_stem,
                 description=DESCRIPTIONS[sub].format(org=org), skills=self.skills())

    def workplace(self, on: date | None, sub: str, hours: tuple[int, int]) -> None:
        org, sector, is_stem = self.rng.choice(EMPLOYERS)
        if sub == "in_school":
            org, sector, is_stem = "Northbrook Academy IT support team", "computing_digital", True
        self.add(K.WORKPLACE_EXPERIENCE, on, org, subtype=sub, sector=sector, is_stem=is_stem,
                 description=DESCRIPTIONS[sub].format(org=org), skills=self.skills(),
                 hours=Decimal(self.rng.randint(*hours)))

    def provider(self, on: date | None, kind: str, what: str) -> None:
        org = self.rng.choice(PROVIDERS[kind])
        self.add(K.PROVIDER_ENCOUNTER, on, org, subtype=kind, description=what.format(org=org),
                 met_staff=self.rng.random() < 0.9, met_students=self.rng.random() < 0.7)

    def interview(self, on: date | None) -> None:
        adviser, level6 = self.rng.choice(ADVISERS)
        minutes = self.rng.choice((30, 35, 40, 45))
        self.add(K.GUIDANCE_INTERVIEW, on, adviser, adviser_level6=level6,
                 description=f"One-to-one careers interview, about {minutes} minutes.")

    def lesson(self, on: date | None, stem: bool) -> None:
        subject, is_stem, _ = self.rng.choice([s for s in SUBJECTS if s[1] == stem])
        self.add(K.CURRICULUM_LEARNING, on, subject, is_stem=is_stem,
                 description=f"{subject} lesson about the jobs that use it.")

    def pastime(self, kind: EntryKind, on: date | None, org: str, sector: str, hours: tuple[int, int]):
        what = "Weekend job at" if kind is K.PART_TIME_JOB else "Volunteering with"
        self.add(kind, on, org, sector=sector, description=f"{what} {org}.", skills=self.skills(),
                 hours=Decimal(self.rng.randint(*hours)))


def plan_entries(
    rng: random.Random, today: date, year_group: int, keen: float, considering_university: bool = False
) -> list[entries.EntryData]:
    """A pupil's record as it stands on ``today``, from Year 7 to ``year_group`` (theirs now)."""
    plan = _Plan(rng, today, year_group, keen, considering_university)
    for year in range(7, year_group + 1):
        _plan_year(plan, year)
    return plan.planned


def _plan_year(plan: _Plan, year: int) -> None:
    """What the careers programme offers Year ``year``, taken up as keenly as the pupil is.

    Benchmark entries fall well before their deadlines for on-track pupils (keen 1.0):
    B2 and B4 by Year 8, B6 and B7 by the end of Year 10, B8 in Year 10 and Year 12.
    """
    sure = plan.keen >= 1.0
    if plan.chance(1.0):  # B5: one a year, a STEM one in Year 8
        plan.employer(year, plan.on(year, SCHOOL_YEAR), stem=True if sure and year == 8 else None)
    for _ in range(2 if year >= 10 else 1):
        if plan.chance(0.5):
            plan.employer(year, plan.on(year, SCHOOL_YEAR))
    if year <= 9 and plan.chance(0.8):  # B4 by 14
        plan.lesson(plan.on(year, SCHOOL_YEAR), stem=(sure and year == 7) or plan.chance(0.6))
    elif year >= 10 and plan.chance(0.25):
        plan.lesson(plan.on(year, SCHOOL_YEAR), stem=plan.rng.random() < 0.5)
    lmi = {8: (1.0, SUMMER, "Looked at jobs and pay in our area in PSHE."),  # B2 by 14
           9: (0.7, ((1, 10), (2, 28)), "Research for choosing my GCSE options."),
           11: (0.3, AUTUMN, "Compared jobs and pay for the routes I'm thinking about.")}
    if year in lmi and plan.chance(lmi[year][0]):
        plan.add(K.LABOUR_MARKET_INFO, plan.on(year, lmi[year][1]), plan.rng.choice(LMI_SOURCES),
                 description=lmi[year][2])
    if year in (8, 9) and plan.chance(0.4):  # B6 by 16, and a further one by 18
        sub = plan.rng.choice(("workplace_visit", "in_school", "volunteering_social_action"))
        plan.workplace(plan.on(year, SCHOOL_YEAR), sub, (2, 12))
    if year == 10 and plan.chance(1.0):
        plan.workplace(plan.on(year, ((6, 15), (7, 10))), "one_two_week_block", (30, 70))
    if year == 12 and plan.chance(1.0):
        sub = plan.rng.choice(("one_two_week_block", "internship", "regular_weekly", "under_one_week"))
        plan.workplace(plan.on(year, SUMMER), sub, (20, 70))
    if year in (11, 13) and plan.chance(0.2):
        plan.workplace(plan.on(year, SCHOOL_YEAR), "shadowing", (6, 7))
    _plan_providers(plan, year, sure)
    if year == 10 and plan.chance(1.0 if sure else 0.3):  # B8: one by 16, another by 18
        plan.interview(plan.on(year, SUMMER))
    if year == 11 and not plan.has(K.GUIDANCE_INTERVIEW) and plan.chance(1.0):
        plan.interview(plan.on(year, AUTUMN))
    if year == 12 and plan.chance(1.0 if sure else 0.6):
        plan.interview(plan.on(year, SPRING))
    if year == 13 and plan.chance(0.4):
        plan.interview(plan.on(year, ((9, 8), (10, 20))))
    if year >= 11 and not plan.has(K.PART_TIME_JOB) and plan.rng.random() < 0.3:
        plan.pastime(K.PART_TIME_JOB, plan.on(year, ((9, 1), (8, 31))), *plan.rng.choice(JOBS), (20, 300))
    if year == 11 and plan.chance(0.25):
        ncs = ("National Citizen Service (NCS)", "charity_community")
        plan.pastime(K.VOLUNTEERING, plan.on(year, ((7, 6), (8, 20))), *ncs, (60, 90))
    elif plan.chance(0.1):
        org, sector = plan.rng.choice(VOLUNTEERING)
        plan.pastime(K.VOLUNTEERING, plan.on(year, ((9, 1), (8, 31))), org, sector, (4, 40))


def _plan_providers(plan: _Plan, year: int, sure: bool) -> None:
    """B7: the full range by 16 (provider access in Y8-9 and Y10-11), universities in Y12-13."""
    visit = "Visit to {org}: a tour, a taster lesson and questions to students."
    talk = "Talk in school from {org} about their courses and where they lead."
    phase_one = (AUTUMN[0], (2, 28))  # provider access: Y8-9 and Y10-11, ending 28 February
    if year == 8 and plan.chance(0.6):
        plan.provider(plan.on(year, SUMMER), "university", "Campus day at {org}.")
    if year == 9 and plan.chance(1.0):
        plan.provider(plan.on(year, phase_one), plan.rng.choice(("fe_college", "utc")), talk)
    if year == 9 and plan.chance(0.2):
        plan.provider(plan.on(year, phase_one), "studio_school", talk)
    if year == 9 and sure and not plan.has(K.PROVIDER_ENCOUNTER, "fe_college"):
        plan.provider(plan.on(year, SPRING), "fe_college", visit)
    if year == 10 and plan.chance(1.0):
        plan.provider(plan.on(year, phase_one), "apprenticeship_provider", talk)
    if year == 10 and plan.chance(1.0):
        plan.provider(plan.on(year, ((6, 1), (7, 15))), "sixth_form", "Sixth form taster day at {org}.")
    if year == 10 and sure and not plan.has(K.PROVIDER_ENCOUNTER, "university"):
        plan.provider(plan.on(year, SPRING), "university", visit)
    for kind in ("sixth_form", "fe_college"):
        if year == 11 and plan.chance(0.6):
            plan.provider(plan.on(year, ((10, 1), (11, 30))), kind, "Open evening at {org}.")
    if year >= 12 and plan.considering_university:
        visits = {12: [(SPRING, "Subject taster day at {org}."), (SUMMER, "Open day at {org}.")],
                  13: [(((9, 8), (10, 31)), "Open day at {org}.")]}[year]
        for window, what in visits:
            if plan.chance(1.0 if sure else 0.85):
                plan.provider(plan.on(year, window), "university", what)
    elif year >= 12 and plan.chance(0.5):
        plan.provider(plan.on(year, SCHOOL_YEAR), "apprenticeship_provider", talk)


def answers(rng: random.Random, kind: EntryKind, organisation: str) -> dict[str, str]:
    """Answers to the prompts of an entry of ``kind``; one reflection in five is only started."""
    prompts = REFLECTION_PROMPTS[kind]
    if rng.random() < 0.2:
        prompts = prompts[:1]
    jobs = {subject: answer for subject, _, answer in SUBJECTS}
    return {p.key: jobs[organisation] if p.key == "careers_found" else rng.choice(ANSWERS[p.key])
            for p in prompts}


def mark_verified_demo_only(stamps: list[tuple[int, datetime]], verifier: User) -> None:
    """DEMO ONLY: mark entries (id, when) verified by ``verifier``, in one statement.

    operations.verification.verify_entry stamps the moment it is called, with an audit row
    each; the demo's verifications happened days after each entry, over years, so the demo
    writes the columns that operation writes itself. Never use this elsewhere."""
    if stamps:
        ids = [entry_id for entry_id, _ in stamps]
        bump_pupils(db.session, db.session.scalars(select(Entry.pupil_id).where(Entry.id.in_(ids))))
        db.session.execute(update(Entry), [
            {"id": entry_id, "verification": Verification.VERIFIED, "verified_by_id": verifier.id,
             "verified_at": at, "verification_method": "staff"} for entry_id, at in stamps
        ], execution_options={"record_version": BUMPED})
        db.session.commit()


# Kinds that staff see happen (school events, interviews, placements) and can vouch for.
_VERIFIABLE = {K.EMPLOYER_ENCOUNTER, K.WORKPLACE_EXPERIENCE, K.PROVIDER_ENCOUNTER, K.GUIDANCE_INTERVIEW}


@dataclass
class Writer:
    """Writes planned entries through the operations and counts what it wrote."""

    rng: random.Random
    today: date
    leader: User
    n_entries: int = 0
    n_reflections: int = 0
    stamps: list[tuple[int, datetime]] = field(default_factory=list)

    def write(self, pupil: Pupil, planned: list[entries.EntryData], reflect: float) -> None:
        """Record the entries (interviews as the careers leader would), reflect on a share,
        and note about half the verifiable ones as verified a few days after they happened."""
        for data in planned:
            actor = self.leader if data.kind is K.GUIDANCE_INTERVIEW else pupil.user
            client_uuid = uuid.UUID(int=self.rng.getrandbits(128), version=4)
            entry, _ = entries.record_entry(pupil, actor, data, client_uuid)
            self.n_entries += 1
            if self.rng.random() < reflect:
                entries.save_reflection(entry, pupil.user, answers(self.rng, data.kind, data.organisation), 0)
                self.n_reflections += 1
            if data.kind in _VERIFIABLE and self.rng.random() < 0.55:
                day = min(data.occurred_on + timedelta(days=self.rng.randint(0, 7)), self.today)
                self.stamps.append((entry.id, datetime.combine(day, time(15, self.rng.randint(0, 59)))))

