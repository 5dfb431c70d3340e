"""The demo school behind ``flask passport demo``: a realistic, deterministic careers record.

Pupils come in through the real MIS import; staff, entries and events (with check-ins and
employers' confirmations) through the real operations. The two facts no operation can write
as the demo needs them (back-dated staff verification, "considering university") are set by
the functions marked DEMO ONLY. The same seed and ``today`` give the same school; only the
clock times of today's event follow the time it is built (``now``).

people.py makes the pupils and staff, record.py their entries, events.py the events, care.py
the adviser, SENCO and designated teacher with their pupils' interviews and targets, and texts.py
holds the made-up organisations and words they use.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from datetime import datetime

from flask import current_app
from flask import url_for
from sqlalchemy import select

from ..domain import event_times
from ..extensions import db
from ..models import Pupil
from ..models import Role
from ..models import School
from ..models import User
from ..models._base import utcnow
from ..operations import parents as parent_ops
from ..operations import people as people_ops
from ..operations.imports import import_pupils
from ..queries.events import provider_duty
from ..queries.pupils import entries_of
from ..queries.pupils import progress_of
from .care import build_care
from .care import DemoCare
from .events import build_events
from .events import DemoEvents
from .people import add_tutors
from .people import EMAIL_DOMAIN
from .people import make_upn
from .people import mark_considering_university_demo_only
from .people import picks
from .people import PROFILE_WEIGHTS
from .people import PROFILES
from .people import pupil_rows
from .people import STAFF_NAMES
from .record import mark_verified_demo_only
from .record import plan_entries
from .record import Writer
from .texts import EMPLOYERS

__all__ = [
    "DEFAULT_SEED", "EMAIL_DOMAIN", "EMPLOYERS", "PASSWORD", "PROFILE_WEIGHTS", "PROFILES",
    "PUPILS_PER_GROUP", "SCHOOL_CODE", "SCHOOL_NAME", "DemoSchool", "build_demo", "make_upn",
    "plan_entries", "pupil_rows", "summary",
]

SCHOOL_NAME = "Northbrook Academy (demo)"
SCHOOL_CODE = "demo"
PASSWORD = "passport-demo"
DEFAULT_SEED = 2026
PUPILS_PER_GROUP = 14  # plus 0 or 1, so 14 groups make about 200 pupils


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
    """What was built; ``picks`` are sign-ins worth showing, as (label, user). The counts
    include the entries the events made."""

    school: School
    pupils: int
    entries: int
    reflections: int
    verified: int
    picks: list[tuple[str, User]]
    events: DemoEvents
    care: DemoCare


def build_demo(
    *, today: date, seed: int = DEFAULT_SEED, pupils_per_group: int = PUPILS_PER_GROUP,
    now: datetime | None = None,
) -> DemoSchool:
    """Build the demo school as it stands on ``today``, with an event open at ``now`` (naive
    UTC; by default the time it is built, moved onto ``today``). Raises people.Taken if the
    school exists."""
    rng = random.Random(seed)
    with _quick_commits():
        school = people_ops.create_school(SCHOOL_NAME, SCHOOL_CODE)
        first, last = STAFF_NAMES[0].split()
        leader = people_ops.add_staff(school, None, role=Role.CAREERS_LEADER, first_name=first,
                                      last_name=last, email=f"careers@{EMAIL_DOMAIN}")
        rows, profiles = pupil_rows(rng, today, pupils_per_group)
        report = import_pupils(school, leader, rows)
        if not report.ok:
            raise RuntimeError(f"the demo's MIS import failed: {report.problems}")
        tutors = add_tutors(school, leader)
        query = select(Pupil).where(Pupil.school_id == school.id).order_by(Pupil.upn)
        pupils = db.session.scalars(query).all()
        people_ops.set_passwords([leader, *tutors, *(p.user for p in pupils)], PASSWORD, leader)
        odds = {p.id: PROFILES[profiles[p.upn]] for p in pupils}
        mark_considering_university_demo_only([
            p for p in pupils if p.year_group >= 12 and rng.random() < (0.7 if odds[p.id][0] == 1 else 0.45)
        ])
        writer = Writer(rng, today, leader)
        for pupil in pupils:
            keen, reflect = odds[pupil.id]
            planned = plan_entries(rng, today, pupil.year_group, keen, pupil.considering_university)
            writer.write(pupil, planned, reflect)
        mark_verified_demo_only(writer.stamps, leader)
        # A generator of its own, so the records above stay what they were before events came.
        keens = {pupil_id: keen for pupil_id, (keen, _) in odds.items()}
        events = build_events(random.Random(f"events:{seed}"), school, leader, pupils, keens, today,
                              now or utcnow())
        # Last, and with no generator: the adviser, SENCO and designated teacher, and their pupils'
        # interviews and targets (care.py).
        care = build_care(school, leader, today, PASSWORD, EMAIL_DOMAIN)
        chosen = picks(leader, tutors, pupils, profiles, care)
        # A parent of two of the pupils above, signed up with their letters' codes (issue 10).
        children = [user.pupil for label, user in chosen if label in ("pupil, Year 8", "pupil, Year 10")]
        if children:
            chosen.append(("parent", _demo_parent(leader, children)))
        # A governor, who sees the programme's figures anonymised (issue 11; item 33).
        governor = people_ops.add_staff(school, leader, role=Role.GOVERNOR, first_name="Grace",
                                        last_name="Governor", email=f"governor@{EMAIL_DOMAIN}")
        people_ops.set_passwords([governor], PASSWORD, leader)
        chosen.append(("governor", governor))
    return DemoSchool(
        school, len(pupils), writer.n_entries + events.entries, writer.n_reflections + events.reflections,
        len(writer.stamps) + events.entries, chosen, events, care,
    )


def _demo_parent(leader: User, children: list[Pupil]) -> User:
    codes = parent_ops.issue_codes(leader, children)
    first, *rest = children
    parent = parent_ops.sign_up(parent_ops.find_code(codes[first.id]), parent_ops.NewParent(
        "Sam", first.user.last_name, f"parent@{EMAIL_DOMAIN}", PASSWORD,
    ))
    for child in rest:
        parent_ops.link_child(parent, parent_ops.find_code(codes[child.id]))
    return parent


def summary(demo: DemoSchool, today: date) -> list[str]:
    """Lines to print: what was built, its events and how to sign in."""
    lines = [
        f"Built {demo.school.name} as of {today.isoformat()}: {demo.pupils} pupils, {demo.entries} "
        f"entries ({demo.reflections} reflected on, {demo.verified} verified).",
        *_event_lines(demo.events),
        f'Sign in at /login with the password "{PASSWORD}", for example as:',
    ]
    for label, user in demo.picks:
        note = ""
        if user.pupil is not None:
            progress = progress_of(user.pupil, entries_of(user.pupil), today)
            met, total, overdue = progress.met_count, progress.counted_total, len(progress.overdue)
            note = f"  ({met} of {total} criteria met, {overdue} overdue)"
        lines.append(f"  {label:<18} {user.username}{note}")
    return lines + _care_lines(demo.care)


def _care_lines(care: DemoCare) -> list[str]:
    """Where the pastoral staff's pages show something: the EHC review careers summary, and the
    two guidance interviews (one shared with the tutor, one not)."""
    lines = []
    with current_app.test_request_context():
        if care.ehc_pupil is not None:
            p = care.ehc_pupil
            summary = url_for("staff.ehc_summary", pupil_id=p.id)
            lines.append(f"  {p.user.display_name} (Year {p.year_group}, EHC plan; {p.user.username}): "
                         f"EHC review careers summary {summary} (as the SENCO or the careers leader); "
                         f"an interview and a reflection shared with the tutor{_tutor_of(p)}, "
                         "who commented on the reflection")
        if care.looked_after is not None:
            p = care.looked_after
            lines.append(f"  {p.user.display_name} (Year {p.year_group}, looked after; {p.user.username}): "
                         f"an interview not shared with the tutor{_tutor_of(p)}, and a target the tutor set")
    return lines


def _tutor_of(pupil: Pupil) -> str:
    tutor = pupil.tutor_group.tutor if pupil.tutor_group else None
    return f" ({tutor.username})" if tutor else ""


def _event_lines(built: DemoEvents) -> list[str]:
    """One line an event (what it made; whether a provider-access session counts towards the
    duty), and for today's the paths to try: its check-in screen and its verifier link."""
    with current_app.test_request_context():  # url_for, with no request or SERVER_NAME
        lines = [f"{len(built.events)} events (the careers leader's {url_for('staff.events')}):"]
        for item in built.events:
            event, facts = item.event, []
            if item.when != "upcoming":
                facts.append(f"{item.checked_in} checked in")
            if item.confirmed:
                facts.append(f"{item.confirmed} confirmations by employers")
            duty = provider_duty(event)
            if duty is not None:
                facts.append("counts towards the provider-access duty" if duty.counts
                             else f"does not count towards the duty: {', '.join(duty.reasons)}")
            when = event_times.describe(event.starts_at, event.ends_at)
            lines.append(f"  {event.title}, {when}" + "".join(f"; {fact}" for fact in facts))
        if built.today is not None:
            event, org = built.today.event, built.today.event.organisations[0]
            screen = url_for("staff.checkin_screen", event_id=event.id)
            link = url_for("employer.open_link", secret=org.verifier_secret)
            pupil = f", check in as {built.to_try.username}" if built.to_try else ""
            lines.append(f"  today: check-in screen {screen}, {org.name}'s verifier link {link}{pupil}")
    return lines
