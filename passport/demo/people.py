"""The demo school's people: pupils' names, UPNs and MIS rows, each pupil's profile, the tutors,
and the sign-ins the summary suggests."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from datetime import timedelta

from sqlalchemy import select

from ..domain import dates
from ..domain.mis_csv import PupilRow
from ..domain.pupil_checks import birth_range
from ..domain.pupil_checks import upn_check_letter
from ..extensions import db
from ..models import Pupil
from ..models import Role
from ..models import School
from ..models import TutorGroup
from ..models import User
from ..operations import people as people_ops

EMAIL_DOMAIN = "demo.passport.test"

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


def make_upn(la: int, school: int, year: int, serial: int) -> str:
    """A made-up UPN of the DfE's shape (check letter, LA, establishment, 2-digit year of
    allocation, serial) whose check letter is right, so the MIS import accepts it."""
    digits = f"{la:03d}{school:04d}{year % 100:02d}{serial:03d}"
    return upn_check_letter(digits) + digits


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
    return _with_genders(_with_care_pupils(rows, profiles)), profiles


def _with_genders(rows: list[PupilRow]) -> list[PupilRow]:
    """About half girls and half boys, and 2% not recorded, from a generator of their own (each
    UPN's), so every other choice stays what it was before the MIS import read gender."""
    def gender(upn: str) -> str:
        draw = random.Random(f"gender:{upn}").random()
        return "" if draw < 0.02 else ("F" if draw < 0.51 else "M")

    return [replace(row, gender=gender(row.upn)) for row in rows]


def _with_care_pupils(rows: list[PupilRow], profiles: dict[str, str]) -> list[PupilRow]:
    """The rows with, whatever the seed, a Year 10 pupil with an EHC plan (so the SENCO has an EHC
    review careers summary to show: from Year 9, requirements item 39) and a Year 11 pupil in care
    (the designated teacher's), each with a record that has gaps (a "patchy" profile where
    there is one). Flags only: the generator is not drawn on, so every other choice stays."""
    rows = list(rows)
    for year, flags in ((10, {"ehc_plan": True, "sen_support": False}),
                        (11, {"looked_after": True, "pupil_premium": True})):
        of_year = [i for i, row in enumerate(rows) if row.year_group == year]
        if of_year:  # a tiny test school may have no one in a year
            i = next((i for i in of_year if profiles[rows[i].upn] == "patchy"), of_year[0])
            rows[i] = replace(rows[i], **flags)
    return rows


def mark_considering_university_demo_only(pupils: list[Pupil]) -> None:
    """DEMO ONLY: set the pupils' "considering university" flag directly, in one commit.

    No operation sets it yet (a later issue lets the pupil say so); never use this elsewhere."""
    for pupil in pupils:
        pupil.considering_university = True
    db.session.commit()


def add_tutors(school: School, leader: User) -> list[User]:
    """A tutor for each of the school's groups, signing in as ``tutor.7a@...`` and so on."""
    query = select(TutorGroup).where(TutorGroup.school_id == school.id)
    tutors = []
    for group, name in zip(db.session.scalars(query.order_by(TutorGroup.year_group, TutorGroup.name)),
                           STAFF_NAMES[1:], strict=False):
        first, last = name.split()
        tutor = people_ops.add_staff(school, leader, role=Role.TUTOR, first_name=first, last_name=last,
                                     email=f"tutor.{group.name.lower()}@{EMAIL_DOMAIN}")
        people_ops.assign_tutor(group, tutor, leader)
        tutors.append(tutor)
    return tutors


def picks(leader: User, tutors: list[User], pupils: list[Pupil], profiles: dict[str, str], care=None):
    """The careers leader, the first tutor, the pastoral staff of ``care`` (a ``DemoCare``),
    and three pupils of different years and profiles."""
    chosen = [("careers leader", leader), *(("tutor", t) for t in tutors[:1])]
    if care is not None:
        chosen += [
            ("careers adviser", care.adviser), ("SENCO", care.senco), ("designated teacher", care.designated),
        ]
    for year, profile in ((8, "on_track"), (10, "behind"), (13, "on_track")):
        found = [p for p in pupils if p.year_group == year and profiles[p.upn] == profile]
        found = found or [p for p in pupils if p.year_group == year]
        chosen += [(f"pupil, Year {year}", p.user) for p in found[:1]]
    return chosen
