"""The demo school behind ``flask passport demo``: a realistic, deterministic careers record.

Pupils come in through the real MIS import, staff and entries through the real operations.
The two facts no operation writes yet (staff verification, "considering university") are set
by the functions marked DEMO ONLY. The same seed and ``today`` give the same school.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy import update

from .domain import dates
from .domain.kinds import EntryKind
from .domain.kinds import REFLECTION_PROMPTS
from .domain.kinds import SKILL_FRAMEWORKS
from .domain.kinds import Verification
from .domain.mis_csv import PupilRow
from .domain.pupil_checks import birth_range
from .domain.pupil_checks import upn_check_letter
from .extensions import db
from .models import Entry
from .models import Pupil
from .models import Role
from .models import School
from .models import TutorGroup
from .models import User
from .operations import entries
from .operations import people
from .operations.imports import import_pupils
from .queries.pupils import entries_of
from .queries.pupils import progress_of

SCHOOL_NAME = "Northbrook Academy (demo)"
SCHOOL_CODE = "demo"
PASSWORD = "passport-demo"
DEFAULT_SEED = 2026
PUPILS_PER_GROUP = 14  # plus 0 or 1, so 14 groups make about 200 pupils
EMAIL_DOMAIN = "demo.passport.test"
K = EntryKind

# Profile: (how likely each thing the benchmarks ask for happens, how likely an entry is
# reflected on), with its share of pupils. On-track pupils get every criterion in time;
# "none" are pupils with nothing yet (new arrivals, long absences).
PROFILES = {"on_track": (1.0, 0.75), "patchy": (0.65, 0.45), "behind": (0.25, 0.15), "none": (0.0, 0.0)}
PROFILE_WEIGHTS = (42, 40, 14, 4)

FIRST_NAMES = """Amelia Olivia Isla Ava Mia Ivy Lily Grace Freya Evie Poppy Ella Florence Willow Aisha Fatima
Zara Maryam Hafsa Amira Priya Anaya Simran Harleen Chloe Jessica Niamh Aoife Ffion Seren Megan Caitlin
Eilidh Zuzanna Oliwia Amara Chidinma Adaeze Nia Tiana Ruby Jasmine Layla Hannah Leah Sofia Mei Yasmin Daisy
Oliver George Noah Arthur Leo Harry Oscar Archie Jack Charlie Freddie Alfie Theo Jacob Muhammad Ibrahim
Yusuf Zain Ayaan Arjun Rohan Harjot Kai Ethan Liam Callum Rhys Dylan Cian Finlay Lewis Jakub Kacper Filip
Kwame Tobi Chidi Daniel Samuel Joshua Reuben Marcus Tyrese Jayden Kieran Connor Owen Hamza Bilal Dev Wei
Luca Mateo Emre Zoë""".split()
LAST_NAMES = """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Khan Ahmed Hussain Ali Begum Shah
Singh Kaur Sharma Chowdhury Rahman Iqbal Akhtar Mahmood Okafor Adeyemi Mensah Osei Nwosu Mohamed Abdi
Campbell Murray O'Brien Byrne Kelly Murphy Macdonald Morgan Lloyd Price Kowalski Nowak Nguyen Chen Wong
Silva Santos Yilmaz Demir Popescu Baker Cooper Ward Turner Hill Wood Jackson Martin Cox Mitchell Carter
Bennett Shaw Reid Francis Grant Brown-Lewis""".split()
# The careers leader first, then one tutor per group.
STAFF_NAMES = """Rachel Okonjo, Daniel Hughes, Sarah Whitfield, Imran Qureshi, Claire Dobson, Tom Ellison,
Anita Kaur, Gareth Price, Hannah Lowe, Marcus Bell, Fiona MacLeod, Joseph Adebayo, Laura Finch, Wei Zhang,
Beth Cartwright""".split(",")

EMPLOYERS = (  # (organisation, sector, STEM)
    ("Riverside Hospital NHS Trust", "health_care", True),
    ("Calder Precision Engineering", "engineering_manufacturing", True),
    ("Brightwater Wind Energy", "energy_utilities", True),
    ("Kestrel Software", "computing_digital", True),
    ("Northgate Labs", "science_research", True),
    ("Fenwick Civil Engineering", "construction", True),
    ("Oakridge Veterinary Practice", "agriculture_environment", True),
    ("County Fire and Rescue Service", "public_services", False),
    ("Harbour & Lane Solicitors", "business_finance", False),
    ("Pennine Building Society", "business_finance", False),
    ("The Grand Hotel", "hospitality_food", False),
    ("Greenway Supermarkets", "retail_sales", False),
    ("Millbrook Primary School", "education_childcare", False),
    ("Sunrise Care Home", "health_care", False),
    ("Metro Buses", "transport_logistics", False),
    ("City Radio", "arts_media", False),
    ("Studio Nine Design", "arts_media", False),
    ("Glow Hair and Beauty", "beauty_wellbeing", False),
    ("Active Leisure Centres", "sport_leisure", False),
    ("Army careers team", "public_services", False),
    ("Hughes Electrical", "construction", False),
)
JOBS = (
    ("Greenway Supermarkets", "retail_sales"), ("The Mill Café", "hospitality_food"),
    ("Patel's Newsagents (paper round)", "retail_sales"), ("Active Leisure Centres", "sport_leisure"),
    ("Luigi's Pizzeria", "hospitality_food"), ("Glow Hair and Beauty", "beauty_wellbeing"),
    ("Northbrook Town FC (junior referee)", "sport_leisure"),
)
VOLUNTEERING = (
    ("Northbrook Food Bank", "charity_community"), ("St Mark's youth club", "charity_community"),
    ("Hospice charity shop", "retail_sales"), ("Riverside parkrun", "sport_leisure"),
    ("Canal clean-up group", "agriculture_environment"),
)
PROVIDERS = {
    "sixth_form": ("Northbrook Academy Sixth Form", "St Aidan's Sixth Form College"),
    "fe_college": ("Riverside College", "Eastmoor College"),
    "university": ("University of Eastmoor", "Kingsgate University", "Northern Metropolitan University"),
    "apprenticeship_provider": ("Apex Apprenticeships", "County Training Partnership"),
    "utc": ("Westfield UTC",),
    "studio_school": ("Harbour Studio School",),
}
SUBJECTS = (  # (subject, STEM, the pupil's answer to "Which jobs use this subject?")
    ("Maths", True, "Engineers, accountants and data analysts use algebra and statistics every day."),
    ("Science", True, "Nurses, pharmacists and lab technicians all need chemistry and biology."),
    ("Computing", True, "Game developers, cyber security analysts and web designers."),
    ("Design and technology", True, "Product designers, architects and engineers."),
    ("Geography", False, "Town planners, surveyors and environmental consultants."),
    ("English", False, "Journalists, lawyers, marketing and anyone who writes reports."),
    ("French", False, "Jobs in travel, international business and translation."),
    ("Business", False, "Managers, accountants and people who start their own company."),
)
LMI_SOURCES = ("National Careers Service website", "Careerpilot", "Start (careers platform)",
               "LMI for All job explorer", "Local careers hub labour market briefing", "Unifrog")
ADVISERS = (("Ms Priya Sharma, careers adviser", True), ("Mr Tom Walsh, careers adviser", True),
            ("Mrs Helen Ford, careers adviser", True), ("Mr Gareth Lloyd, learning mentor", False))

# The year focus of 002 B5: interests in Y7-8, aspirations in Y9, self-presentation in Y10,
# applications in Y11.
ENCOUNTERS_BY_YEAR = {
    7: ("talk", "carousel", "in_curriculum", "with_parents", "business_game"),
    8: ("talk", "carousel", "in_curriculum", "business_game", "alumni"),
    9: ("talk", "fair", "enterprise_competition", "alumni", "with_parents"),
    10: ("cv_workshop", "employability_workshop", "mock_interview", "fair", "e_mentoring"),
    11: ("mock_interview", "fair", "cv_workshop", "mentoring", "talk"),
    12: ("mentoring", "e_mentoring", "alumni", "employability_workshop", "talk", "fair"),
    13: ("mock_interview", "mentoring", "alumni", "fair", "employability_workshop"),
}
DESCRIPTIONS = {
    "talk": "{org} came into assembly to talk about their jobs and how they got them.",
    "carousel": "Careers carousel in the hall: ten minutes with each employer, including {org}.",
    "fair": "Careers fair in the sports hall. I spent the longest at the {org} stand.",
    "cv_workshop": "{org} helped us write our first CV and said what they look for.",
    "mock_interview": "Mock interview with a volunteer from {org}, then feedback.",
    "mentoring": "Mentoring sessions every few weeks with someone from {org}.",
    "e_mentoring": "Online mentoring with a mentor from {org}.",
    "employability_workshop": "Workshop run by {org} on what employers want.",
    "business_game": "Business game day run by {org}: our team ran a pretend company.",
    "enterprise_competition": "Enterprise competition judged by people from {org}.",
    "alumni": "A former pupil who now works at {org} came back to talk to us.",
    "with_parents": "Careers evening with my parents; {org} had a stand.",
    "in_curriculum": "Someone from {org} came into our lesson to show how they use it at work.",
    "workplace_visit": "Trip to {org} to see how everything works.",
    "shadowing": "Shadowed someone at {org} for the day.",
    "in_school": "Work experience in school with the {org}.",
    "volunteering_social_action": "Social action project with {org}.",
    "under_one_week": "Three days of work experience at {org}.",
    "one_two_week_block": "Work experience at {org}.",
    "regular_weekly": "One afternoon a week at {org} this term.",
    "internship": "Summer placement at {org}.",
}

# Short pupil-voice answers for each prompt key of domain.kinds.REFLECTION_PROMPTS.
ANSWERS = {key: tuple(a.strip() for a in text.split("|")) for key, text in {
    "work_like": "Busier than I thought. Everyone had their own job but they kept checking in. | Lots "
    "of time on computers and in meetings, not just the hands-on bit. | It starts early and there are "
    "loads of safety rules. | Friendly. They let us ask questions and showed us a normal day. | More "
    "teamwork than I expected. | They work shifts, so some days start at 7 and some finish late.",
    "succeed": "Being on time and reliable. Grades get you the interview but attitude keeps the job. | "
    "Maths and English at grade 4 or above, then you can train on the job. | Good communication and "
    "staying calm when things go wrong. | A degree for some jobs, but lots of them started as "
    "apprentices. | Problem solving, and asking for help when you need it.",
    "next": "Look up apprenticeships in this area. | Ask my teacher which qualifications I would need. | "
    "Talk to my mum about it tonight. | Look at the courses on the National Careers Service website. | "
    "Find out if they do work experience or summer placements. | Check the entry requirements.",
    "learning_like": "More independent than school: you have free periods and manage your own time. | "
    "The rooms are like real workplaces and the teachers have worked in the industry. | Smaller classes "
    "than I expected, and you call teachers by their first names. | The students said it is hard work but "
    "you get more freedom. | The students said the teachers treat you more like adults.",
    "fit": "Yes, because I like practical work more than exams. | Maybe. It's a long way from home but the "
    "course looked great. | Not sure yet, I want to see a couple more first. | Yes, it felt friendly and "
    "they have the course I want. | Probably not, I'd rather earn while I learn.",
    "talked_about": "Whether to do A levels or a college course. | What I'm good at and jobs that use it; "
    "we looked at nursing and paramedic routes. | Apprenticeships in engineering and the grades I need. | "
    "University courses and student finance. | I'm not sure what I want to do, so what I enjoy.",
    "agreed": "Apply to two colleges before Christmas and go to an open evening. | Research three "
    "apprenticeships and bring them next time. | Get my personal statement checked by October half "
    "term. | Do a taster day in March and tell my tutor how it went. | Ask for maths help so I get a 5.",
    "found_out": "Health care jobs are growing near us and there are lots of vacancies. | Electricians "
    "earn more than I thought and there aren't enough of them. | Lots of jobs need digital skills now. | "
    "Apprentice pay starts low but goes up once you qualify. | Green energy jobs will grow round here.",
    "choices": "I'm going to pick computer science as an option. | It made me think about keeping a "
    "language. | I'll choose a course that leads to jobs in demand. | I want to do triple science to keep "
    "doors open. | I'll talk to my parents about an apprenticeship instead of sixth form.",
    "learned": "You have to turn up even when you don't feel like it. | Staying polite makes it easier "
    "when people are rude. | How to handle money and work the till. | It's better to ask than to guess. | "
    "Small things make a big difference to people.",
    "skills_used": "Speaking to people and teamwork. | Staying positive on long shifts. | Listening and "
    "following instructions. | Problem solving when things go wrong. | Leadership: I train new people now.",
}.items()}

AUTUMN, SPRING, SUMMER = ((9, 8), (12, 17)), ((1, 6), (3, 31)), ((4, 15), (7, 18))
SCHOOL_YEAR = (AUTUMN[0], SUMMER[1])


def make_upn(la: int, school: int, year: int, serial: int) -> str:
    """A made-up UPN of the DfE's shape (check letter, LA, establishment, 2-digit year of
    allocation, serial) whose check letter is right, so the MIS import accepts it."""
    digits = f"{la:03d}{school:04d}{year % 100:02d}{serial:03d}"
    return upn_check_letter(digits) + digits


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


def _answers(rng: random.Random, data: entries.EntryData) -> dict[str, str]:
    """Answers to the prompts of the entry's kind; one reflection in five is only started."""
    prompts = REFLECTION_PROMPTS[data.kind]
    if rng.random() < 0.2:
        prompts = prompts[:1]
    jobs = {subject: answer for subject, _, answer in SUBJECTS}
    return {p.key: jobs[data.organisation] if p.key == "careers_found" else rng.choice(ANSWERS[p.key])
            for p in prompts}


def pupil_rows(rng: random.Random, today: date, per_group: int) -> tuple[list[PupilRow], dict[str, str]]:
    """MIS rows for two tutor groups in each of Years 7-13, and a profile for each UPN.

    Flag rates are near England's secondary figures: SEN support 13%, EHC plan 2.5%, free
    school meals 24%, pupil premium 25% (every FSM and looked-after pupil), looked after 1%.
    """
    rows, profiles = [], {}
    for year in range(7, 14):
        born_from, born_to = birth_range(year, today)
        for group in "AB":
            for _ in range(per_group + rng.randint(0, 1)):
                upn = make_upn(999, 4321, dates.academic_year(today) - year, len(rows) + 1)
                send, fsm, looked_after = rng.random(), rng.random() < 0.24, rng.random() < 0.01
                rows.append(PupilRow(
                    upn=upn, first_name=rng.choice(FIRST_NAMES), last_name=rng.choice(LAST_NAMES),
                    date_of_birth=born_from + timedelta(days=rng.randint(0, (born_to - born_from).days)),
                    year_group=year, tutor_group=f"{year}{group}",
                    sen_support=0.025 <= send < 0.155, ehc_plan=send < 0.025, free_school_meals=fsm,
                    pupil_premium=fsm or looked_after or rng.random() < 0.02, looked_after=looked_after,
                ))
                profiles[upn] = rng.choices(list(PROFILES), PROFILE_WEIGHTS)[0]
    return rows, profiles


def mark_considering_university_demo_only(pupils: list[Pupil]) -> None:
    """DEMO ONLY: set the pupils' "considering university" flag directly, in one commit.

    No operation sets it yet (a later issue lets the pupil say so); never use this elsewhere."""
    for pupil in pupils:
        pupil.considering_university = True
    db.session.commit()


def mark_verified_demo_only(stamps: list[tuple[int, datetime]], verifier: User) -> None:
    """DEMO ONLY: mark entries (id, when) verified by ``verifier``, in one statement.

    Staff verification has no operation yet (a later issue adds it, with its audit trail);
    until then the demo writes the three columns itself. Never use this elsewhere."""
    if stamps:
        db.session.execute(update(Entry), [
            {"id": entry_id, "verification": Verification.VERIFIED, "verified_by_id": verifier.id,
             "verified_at": at} for entry_id, at in stamps
        ])
        db.session.commit()


@contextmanager
def _quick_commits() -> Iterator[None]:
    """Make the build's thousands of small commits (each operation commits its own) cheap.

    Nothing else writes while the demo is built, so committed objects need not be reloaded;
    and a demo lost in a crash is simply built again, so commits need not wait for the disk
    (SQLite ``synchronous``, PostgreSQL ``synchronous_commit``: this connection only, put
    back afterwards). Together they take the build from about 30 s to under 10 s.
    """
    session = db.session()
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        level = session.connection().exec_driver_sql("PRAGMA synchronous").scalar()
        quick, usual = "PRAGMA synchronous = OFF", f"PRAGMA synchronous = {int(level)}"
    elif dialect == "postgresql":
        quick, usual = "SET synchronous_commit = off", "RESET synchronous_commit"
    else:
        quick = usual = None
    session.expire_on_commit = False
    if quick:
        session.connection().exec_driver_sql(quick)
    try:
        yield
    finally:
        session.rollback()
        if usual:
            session.connection().exec_driver_sql(usual)
            session.commit()
        session.expire_on_commit = True
        session.expire_all()


@dataclass(frozen=True)
class DemoSchool:
    """What was built; ``picks`` are sign-ins worth showing, as (label, user)."""

    school: School
    pupils: int
    entries: int
    reflections: int
    verified: int
    picks: list[tuple[str, User]]


def build_demo(
    *, today: date, seed: int = DEFAULT_SEED, pupils_per_group: int = PUPILS_PER_GROUP
) -> DemoSchool:
    """Build the demo school as it stands on ``today``. Raises people.Taken if it exists."""
    rng = random.Random(seed)
    with _quick_commits():
        school = people.create_school(SCHOOL_NAME, SCHOOL_CODE)
        first, last = STAFF_NAMES[0].split()
        leader = people.add_staff(school, None, role=Role.CAREERS_LEADER, first_name=first,
                                  last_name=last, email=f"careers@{EMAIL_DOMAIN}")
        rows, profiles = pupil_rows(rng, today, pupils_per_group)
        report = import_pupils(school, leader, rows)
        if not report.ok:
            raise RuntimeError(f"the demo's MIS import failed: {report.problems}")
        tutors = _add_tutors(school, leader)
        query = select(Pupil).where(Pupil.school_id == school.id).order_by(Pupil.upn)
        pupils = db.session.scalars(query).all()
        people.set_passwords([leader, *tutors, *(p.user for p in pupils)], PASSWORD, leader)
        odds = {p.id: PROFILES[profiles[p.upn]] for p in pupils}
        mark_considering_university_demo_only([
            p for p in pupils if p.year_group >= 12 and rng.random() < (0.7 if odds[p.id][0] == 1 else 0.45)
        ])
        writer = _Writer(rng, today, leader)
        for pupil in pupils:
            keen, reflect = odds[pupil.id]
            planned = plan_entries(rng, today, pupil.year_group, keen, pupil.considering_university)
            writer.write(pupil, planned, reflect)
        mark_verified_demo_only(writer.stamps, leader)
    return DemoSchool(school, len(pupils), writer.n_entries, writer.n_reflections, len(writer.stamps),
                      _picks(leader, tutors, pupils, profiles))


def _add_tutors(school: School, leader: User) -> list[User]:
    """A tutor for each of the school's groups, signing in as ``tutor.7a@...`` and so on."""
    query = select(TutorGroup).where(TutorGroup.school_id == school.id)
    tutors = []
    for group, name in zip(db.session.scalars(query.order_by(TutorGroup.year_group, TutorGroup.name)),
                           STAFF_NAMES[1:], strict=False):
        first, last = name.split()
        tutor = people.add_staff(school, leader, role=Role.TUTOR, first_name=first, last_name=last,
                                 email=f"tutor.{group.name.lower()}@{EMAIL_DOMAIN}")
        people.assign_tutor(group, tutor, leader)
        tutors.append(tutor)
    return tutors


# Kinds that staff see happen (school events, interviews, placements) and can vouch for.
_VERIFIABLE = {K.EMPLOYER_ENCOUNTER, K.WORKPLACE_EXPERIENCE, K.PROVIDER_ENCOUNTER, K.GUIDANCE_INTERVIEW}


@dataclass
class _Writer:
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
                entries.save_reflection(entry, pupil.user, _answers(self.rng, data), 0)
                self.n_reflections += 1
            if data.kind in _VERIFIABLE and self.rng.random() < 0.55:
                day = min(data.occurred_on + timedelta(days=self.rng.randint(0, 7)), self.today)
                self.stamps.append((entry.id, datetime.combine(day, time(15, self.rng.randint(0, 59)))))


def _picks(leader: User, tutors: list[User], pupils: list[Pupil], profiles: dict[str, str]):
    """The careers leader, the first tutor, and three pupils of different years and profiles."""
    picks = [("careers leader", leader), *(("tutor", t) for t in tutors[:1])]
    for year, profile in ((8, "on_track"), (10, "behind"), (13, "on_track")):
        found = [p for p in pupils if p.year_group == year and profiles[p.upn] == profile]
        found = found or [p for p in pupils if p.year_group == year]
        picks += [(f"pupil, Year {year}", p.user) for p in found[:1]]
    return picks


def summary(demo: DemoSchool, today: date) -> list[str]:
    """Lines to print: what was built and how to sign in."""
    lines = [
        f"Built {demo.school.name} as of {today.isoformat()}: {demo.pupils} pupils, {demo.entries} "
        f"entries ({demo.reflections} reflected on, {demo.verified} verified).",
        f'Sign in at /login with the password "{PASSWORD}", for example as:',
    ]
    for label, user in demo.picks:
        note = ""
        if user.pupil is not None:
            progress = progress_of(user.pupil, entries_of(user.pupil), today)
            met, total, overdue = progress.met_count, progress.counted_total, len(progress.overdue)
            note = f"  ({met} of {total} criteria met, {overdue} overdue)"
        lines.append(f"  {label:<15} {user.username}{note}")
    return lines
