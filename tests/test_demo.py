"""The demo school (`flask passport demo`): its shape, its dates, a spread of progress, its
events with their check-ins and employers' confirmations, and the --if-empty guard that
`make run` relies on."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta

import pytest
from passport import demo
from passport.demo import events as demo_events
from passport.demo.texts import EMPLOYER_COMMENTS
from passport.domain import dates
from passport.domain import event_times
from passport.domain.benchmarks import Status
from passport.domain.events import ContentItem
from passport.domain.events import EventKind
from passport.domain.kinds import ActionOwner
from passport.domain.kinds import ActionStatus
from passport.domain.kinds import EntryKind
from passport.domain.kinds import Verification
from passport.domain.pupil_checks import dob_problem
from passport.domain.pupil_checks import upn_problem
from passport.domain.verifier import link_state
from passport.domain.verifier import LinkState
from passport.extensions import db
from passport.models import Entry
from passport.models import Event
from passport.models import Reflection
from passport.models import ReflectionComment
from passport.models import Role
from passport.models import School
from passport.models import User
from passport.operations import checkin
from passport.operations.employer import link_facts
from passport.queries.events import checkin_url
from passport.queries.events import todays_events
from sqlalchemy import func
from sqlalchemy import select

from . import factories
from .conftest import _empty_tables
from .conftest import close_connections
from .conftest import make_test_app
from .conftest import TODAY
from .demo_helpers import crossings
from .demo_helpers import snapshot

SMALL = 3  # pupils per group in the school built here: about 50 pupils, a few seconds
NOW = datetime(2026, 3, 10, 10, 0)  # 10am on TODAY (GMT): the moment the school is built at


@pytest.fixture(scope="module")
def built(_schema):
    """A small demo school built once for the module (seed, date and time fixed) beside another
    school with an event on at the same time, as plain values; then a pupil the summary suggests
    checks in to today's event. The tables are emptied again before any other test runs."""
    app = make_test_app(_schema)
    with app.app_context():
        other = factories.make_school("Oakfield Academy", "oak")
        factories.make_entry(factories.make_pupil(other, year_group=11))
        factories.make_event(other, year_groups=(11,), starts_at=NOW - timedelta(hours=1),
                             ends_at=NOW + timedelta(hours=2))
        school = demo.build_demo(today=TODAY, pupils_per_group=SMALL, now=NOW)
        values = snapshot(TODAY) | {"summary": demo.summary(school, TODAY), "now": school.events.now}
        today, pupil = school.events.today.event, school.events.to_try
        values["open_now"] = (
            [e.id for e in todays_events(school.school.id, NOW)] == [today.id],
            link_state(link_facts(today.organisations[0]), NOW),
            checkin.claim_attendance(pupil.pupil, pupil, token=checkin_url(today, NOW)[1], scanned_at=NOW,
                                     received_at=NOW, op=uuid.uuid4()).organisation,
        )
        values["crossings"] = crossings()
        values["threads"] = [
            (c.pupil_id, c.author.role, db.session.get(Reflection, c.entry_id).shared_with_tutor, c.body)
            for c in db.session.scalars(select(ReflectionComment).order_by(ReflectionComment.id))
        ]
        values["other"] = [db.session.scalar(select(func.count()).select_from(table).where(
            table.school_id == other.id)) for table in (Entry, Event)]
    _empty_tables(app)
    close_connections(app)
    return values


def test_default_size_is_two_groups_a_year_and_about_200_pupils():
    rows, profiles = demo.pupil_rows(random.Random(demo.DEFAULT_SEED), TODAY, demo.PUPILS_PER_GROUP)
    assert 190 <= len(rows) <= 215
    groups = Counter((row.year_group, row.tutor_group) for row in rows)
    assert sorted(groups) == [(y, f"{y}{g}") for y in range(7, 14) for g in "AB"]
    assert all(14 <= n <= 15 for n in groups.values())
    assert len({row.upn for row in rows}) == len(rows)
    assert all(upn_problem(row.upn) is None for row in rows)
    assert all(dob_problem(row.date_of_birth, row.year_group, TODAY) is None for row in rows)
    assert len({row.first_name for row in rows}) > 60 and len({row.last_name for row in rows}) > 50
    assert set(profiles.values()) == set(demo.PROFILES)


@pytest.mark.parametrize(
    ("flag", "low", "high"),
    [
        ("sen_support", 0.08, 0.18),
        ("ehc_plan", 0.005, 0.05),
        ("free_school_meals", 0.18, 0.30),
        ("pupil_premium", 0.19, 0.32),
        ("looked_after", 0.0, 0.03),
    ],
)
def test_flags_come_at_realistic_rates(flag, low, high):
    rows, _ = demo.pupil_rows(random.Random(demo.DEFAULT_SEED), TODAY, demo.PUPILS_PER_GROUP)
    assert low <= sum(getattr(row, flag) for row in rows) / len(rows) <= high


def test_ehc_plans_and_sen_support_do_not_overlap_and_fsm_pupils_get_pupil_premium():
    rows, _ = demo.pupil_rows(random.Random(demo.DEFAULT_SEED), TODAY, demo.PUPILS_PER_GROUP)
    assert not any(row.sen_support and row.ehc_plan for row in rows)
    assert all(row.pupil_premium for row in rows if row.free_school_meals or row.looked_after)


def test_the_school_has_fourteen_groups_each_with_a_tutor_and_a_careers_leader(built):
    assert sorted((name, year) for name, year, _ in built["groups"]) == sorted(
        (f"{y}{g}", y) for y in range(7, 14) for g in "AB"
    )
    assert {role for _, _, role in built["groups"]} == {Role.TUTOR}
    roles = Counter(role for _, _, role in built["staff"])
    assert roles == {Role.TUTOR: 14, Role.CAREERS_LEADER: 1, Role.CAREERS_ADVISER: 1, Role.SENCO: 1,
                     Role.DESIGNATED_TEACHER: 1, Role.GOVERNOR: 1}  # the governor: issue 11
    logins = {(u, r) for _, u, r in built["staff"]}
    assert {("careers@demo.passport.test", Role.CAREERS_LEADER),
            ("adviser@demo.passport.test", Role.CAREERS_ADVISER), ("senco@demo.passport.test", Role.SENCO),
            ("designated.teacher@demo.passport.test", Role.DESIGNATED_TEACHER),
            ("governor@demo.passport.test", Role.GOVERNOR)} <= logins
    assert 14 * SMALL <= len(built["pupils"]) <= 14 * (SMALL + 1)
    assert all(p["has_password"] for p in built["pupils"])


def test_a_demo_parent_is_linked_to_two_children_of_different_years(built):
    """Issue 10: the demo shows a parent's view with two children under one sign-in."""
    assert [u for u, _ in built["parents"]] == ["parent@demo.passport.test"] * 2
    children = {username for _, username in built["parents"]}
    years = {p["year"] for p in built["pupils"] if p["username"] in children}
    assert years == {8, 10}


def test_the_pastoral_staff_have_pupils_with_send_in_care_and_an_ehc_plan_from_year_9(built):
    """Requirements items 38, 39 (001 ¶44): the SENCO has pupils on SEN support and with an EHC
    plan, one of them in Year 9 or above (so the EHC review careers summary shows); the
    designated teacher has a looked-after pupil."""
    pupils = built["pupils"]
    assert any(p["sen_support"] for p in pupils)
    assert any(p["ehc_plan"] and p["year"] >= 9 for p in pupils)
    assert any(p["looked_after"] for p in pupils)


def test_two_recorded_interviews_one_shared_with_the_tutor_and_targets_set(built):
    """Requirements items 20, 22, 25: the adviser recorded an interview for the pupil with an EHC
    plan (shared with the tutor by the pupil) and one for the looked-after pupil (not shared),
    each with agreed actions with owners, one of them done; the first pupil set a target and the
    second's tutor set one."""
    ehc, care = built["interviews"]
    assert ehc[1] == 10 and ehc[2] and ehc[6] is True
    assert care[1] == 11 and care[3] and care[6] is False
    assert {i[5] for i in built["interviews"]} == {"Priya Sharma"}
    assert all(i[4] < TODAY for i in built["interviews"])
    actions = [a for i in built["interviews"] for a in i[7]]
    assert len(actions) == 5 and {a[2] for a in actions} == {ActionStatus.OPEN, ActionStatus.DONE}
    assert {a[0] for a in actions} >= {ActionOwner.PUPIL, ActionOwner.ADVISER, ActionOwner.TUTOR}
    assert [(t[0], t[3]) for t in built["targets"]] == [(ehc[0], Role.PUPIL), (care[0], Role.TUTOR)]
    assert all(t[1] > TODAY for t in built["targets"])


def test_every_entry_lies_in_the_pupils_school_years_up_to_today(built):
    for pupil in built["pupils"]:
        start = dates.school_year_bounds(dates.academic_year(TODAY) - (pupil["year"] - 7))[0]
        assert start > dates.birthday(pupil["dob"], 10)
        for _, _, occurred_on, *_ in pupil["entries"]:
            assert start <= occurred_on <= TODAY


def test_every_year_group_has_entries_of_many_kinds(built):
    for year in range(7, 14):
        kinds = {e[0] for p in built["pupils"] if p["year"] == year for e in p["entries"]}
        assert kinds, f"Year {year} has no entries"
        assert len(kinds) >= (2 if year <= 8 else 4)  # Years 7 and 8 are half-way through a first year
    everything = [e for p in built["pupils"] for e in p["entries"]]
    assert {e[0] for e in everything} == set(EntryKind)
    providers = {e[1] for e in everything if e[0] is EntryKind.PROVIDER_ENCOUNTER}
    assert {"sixth_form", "fe_college", "university", "apprenticeship_provider"} <= providers
    interviews = Counter(
        dates.year_group_on(e[2], current_year_group=p["year"], today=TODAY)
        for p in built["pupils"] for e in p["entries"] if e[0] is EntryKind.GUIDANCE_INTERVIEW
    )
    assert interviews[10] + interviews[11] > sum(interviews.values()) / 2
    jobs = [p["year"] for p in built["pupils"] for e in p["entries"] if e[0] is EntryKind.PART_TIME_JOB]
    assert jobs and min(jobs) >= 11


def test_progress_is_spread_some_on_track_some_behind_some_with_nothing(built):
    def all_b5_met_so_far(p):
        return p["year"] > 7 and all(p["status"][f"b5_year_{y}"] is Status.MET for y in range(7, p["year"]))

    pupils = built["pupils"]
    assert sum(map(all_b5_met_so_far, pupils)) >= len(pupils) / 4
    overdue = [p for p in pupils if Status.OVERDUE in p["status"].values()]
    assert len(pupils) / 10 <= len(overdue) <= len(pupils) * 3 / 4
    assert any(not p["entries"] for p in pupils)
    assert any(p["year"] == 13 and Status.OVERDUE not in p["status"].values() for p in pupils)


def test_the_ehc_pupil_shares_a_reflection_their_tutor_commented_on_and_they_answered(built):
    """Issue 8 item 3, for the demo: one thread, on a shared reflection, tutor then pupil."""
    threads = built["threads"]
    assert [(role, shared) for _, role, shared, _ in threads] == [(Role.TUTOR, True), (Role.PUPIL, True)]
    assert len({pupil for pupil, *_ in threads}) == 1


def test_a_share_of_entries_is_reflected_on_and_verified_by_the_careers_leader(built):
    leader_id = next(i for i, _, role in built["staff"] if role is Role.CAREERS_LEADER)
    everything = [e for p in built["pupils"] for e in p["entries"] if e[9] is None]  # not from events
    reflected = [e for e in everything if e[7]]
    verified = [e for e in everything if e[4] is Verification.VERIFIED]
    assert 0.4 <= len(reflected) / len(everything) <= 0.8
    assert 0.25 <= len(verified) / len(everything) <= 0.6
    assert all(e[6] == leader_id and e[8] == "staff" and e[2] <= e[5].date() <= TODAY for e in verified)
    assert len({answer for e in reflected for answer in e[7].values()}) > 40


def test_the_summary_names_the_leader_a_tutor_three_pupils_and_the_events(built):
    text = "\n".join(built["summary"])
    assert demo.PASSWORD in text
    assert "careers@demo.passport.test" in text and "tutor.7a@demo.passport.test" in text
    for login in ("adviser@", "senco@", "designated.teacher@"):
        assert f"{login}demo.passport.test" in text
    assert "EHC review careers summary /staff/pupils/" in text and "/ehc-summary" in text
    assert "an interview and a reflection shared with the tutor (tutor.10" in text
    assert "an interview not shared with the tutor (tutor.11" in text
    assert [line.split()[2] for line in built["summary"] if "pupil, Year" in line] == ["8", "10", "13"]
    assert "5 events" in text and "; counts towards the provider-access duty" in text
    assert "does not count towards the duty: it is outside school hours" in text
    assert "confirmations by employers" in text and "check-in screen /staff/events/" in text
    assert "/checkin, Pennine Building Society's verifier link /v/" in text and "check in as " in text


def _events(built, title: str | None = None):
    return [e for e in built["events"] if title in (None, e["title"])]


def test_past_events_today_and_one_to_come_for_five_year_groups(built):
    kinds = {(e["kind"], tuple(e["years"])) for e in built["events"]}
    assert kinds == {(EventKind.CAREERS_FAIR, (9,)), (EventKind.PROVIDER_ACCESS, (10,)),
                     (EventKind.PROVIDER_ACCESS, (8,)), (EventKind.MOCK_INTERVIEWS, (11,)),
                     (EventKind.PROVIDER_VISIT, (12,))}
    start = dates.school_year_bounds(dates.academic_year(TODAY))[0]
    past = [e for e in built["events"] if e["ends_at"] < NOW]
    assert len(past) == 3 and len({e["starts_at"].date() for e in past}) == 3
    assert all(start <= e["starts_at"].date() < TODAY and e["starts_at"].weekday() < 5 for e in past)
    assert [e["starts_at"] > NOW for e in built["events"]].count(True) == 1
    duty = {e["years"][0]: e["duty"] for e in built["events"] if e["kind"] is EventKind.PROVIDER_ACCESS}
    assert duty[10].counts and not duty[10].reasons
    assert not duty[8].counts and duty[8].reasons == ("it is outside school hours",)
    content = {e["years"][0]: e["content"] for e in built["events"] if e["content"]}
    assert content[10].is_complete and content[8].missing == (ContentItem.QUESTIONS,)
    fair = _events(built, "Year 9 careers fair")[0]
    assert len(fair["organisations"]) == 4 and {name for name, _ in fair["organisations"]} <= {
        name for name, _, _ in demo.EMPLOYERS}


def test_the_fairs_check_ins_and_confirmations_are_verified_entries_once_each(built):
    fair = _events(built, "Year 9 careers fair")[0]
    year9 = [p for p in built["pupils"] if p["year"] == 9]
    from_fair = [(p, e) for p in year9 for e in p["entries"] if e[9] == fair["title"]]
    checked_in = [e for _, e in from_fair if e[8] == "event_code"]
    assert len(checked_in) == len(fair["claims"]) >= len(year9) / 2
    assert all(e[3] == fair["title"] and e[4] is Verification.VERIFIED for e in checked_in)
    confirmed = [e for _, e in from_fair if e[8] == "employer"]
    assert confirmed and len(checked_in) + len(confirmed) == len(from_fair)
    assert all(e[3] == e[10] and e[10] in dict(fair["organisations"]) for e in confirmed)
    assert all(e[4] is Verification.VERIFIED and e[2] == fair["starts_at"].date() for e in confirmed)
    assert {e[11] for e in confirmed} - {None} and {e[11] for e in confirmed} <= {*EMPLOYER_COMMENTS, None}
    assert max(Counter((p["upn"], e[8], e[10]) for p, e in from_fair).values()) == 1
    # No pupil invited also has an entry of their own of the kind an event makes, that day.
    for event in built["events"]:
        made = {(e[0], e[1]) for p in built["pupils"] for e in p["entries"] if e[9] == event["title"]}
        invited = [p for p in built["pupils"] if p["year"] in event["years"]]
        assert not [e for p in invited for e in p["entries"]
                    if e[9] is None and (e[0], e[1]) in made and e[2] == event["starts_at"].date()]


def test_todays_event_is_open_for_check_in_and_its_verifier_link_works_when_built(built):
    today = _events(built, "Year 11 mock interviews")[0]
    assert built["now"] == NOW and today["starts_at"] <= NOW <= today["ends_at"]
    assert event_times.to_local(today["starts_at"]).date() == TODAY
    assert built["open_now"] == (True, LinkState.OPEN, "Pennine Building Society")


def test_no_event_claim_or_entry_crosses_schools(built):
    assert built["crossings"] == []
    assert built["other"] == [1, 1]  # the other school's entry and event, untouched


@pytest.mark.parametrize(("today", "events"), [(date(2025, 9, 2), 2), (date(2025, 11, 12), 5)])
def test_the_same_seed_date_and_time_build_the_same_school(ctx, today, events):
    """Before the first school day of the year there are no past events, only today's and one
    to come."""
    now = event_times.to_utc(today, time(11))
    first = demo.build_demo(today=today, seed=5, pupils_per_group=0, now=now)  # 0 or 1 a group
    before = snapshot(today)
    assert first.entries > 0 and len(first.events.events) == events
    db.session.remove()  # start afresh: the emptied tables may hand out the same ids again
    _empty_tables(ctx)
    demo.build_demo(today=today, seed=5, pupils_per_group=0, now=now)
    again = snapshot(today)
    def without_ids(snapshot):  # verified_by_id is a database id
        return [[e[:6] + e[7:] for e in p["entries"]] for p in snapshot["pupils"]]

    assert without_ids(before) == without_ids(again)
    assert [p["username"] for p in before["pupils"]] == [p["username"] for p in again["pupils"]]
    assert before["events"] == again["events"]
    assert before["interviews"] == again["interviews"] and before["targets"] == again["targets"]


@pytest.mark.parametrize(("day", "at"), [
    (date(2026, 3, 10), time(10)), (date(2026, 3, 10), time(0, 3)), (date(2026, 3, 10), time(23, 59, 30)),
    (date(2026, 3, 29), time(3, 10)), (date(2026, 10, 25), time(1, 30)), (date(2026, 6, 30), time(22, 10)),
])
def test_todays_event_is_open_whatever_the_time_it_is_built(day, at):
    """Late at night it ends at 23:59; on the days the clocks change too."""
    moment = event_times.to_utc(day, at)
    starts_at, ends_at = demo_events.todays_window(moment)
    assert starts_at <= moment <= ends_at and event_times.window_problem(starts_at, ends_at) is None
    assert event_times.to_local(starts_at).date() == day


@pytest.mark.parametrize(
    "today", [date(2025, 9, 1), date(2025, 12, 25), date(2026, 3, 10), date(2026, 7, 19), date(2026, 8, 31)]
)
def test_planned_dates_lie_in_the_pupils_school_years_and_never_after_today(today):
    rng = random.Random(demo.DEFAULT_SEED)
    rows, profiles = demo.pupil_rows(rng, today, demo.PUPILS_PER_GROUP)
    planned = 0
    for row in rows:
        start = dates.school_year_bounds(dates.academic_year(today) - (row.year_group - 7))[0]
        assert start > dates.birthday(row.date_of_birth, 10)
        keen = demo.PROFILES[profiles[row.upn]][0]
        for data in demo.plan_entries(rng, today, row.year_group, keen, row.year_group >= 12):
            assert start <= data.occurred_on <= today
            planned += 1
    assert planned > 500


def _counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(t)) for t in (School, User, Entry))


def test_the_command_builds_into_an_empty_database_once_and_a_pupil_can_sign_in(app, runner, auth):
    result = runner.invoke(args=["passport", "demo", "--if-empty", "--pupils-per-group", "1", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "careers@demo.passport.test" in result.output and "built in" in result.output
    assert "5 events" in result.output and "check-in screen /staff/events/" in result.output
    pupil = next(line.split()[3] for line in result.output.splitlines() if "pupil, Year" in line)
    response = auth.login(pupil, demo.PASSWORD)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/passport/")
    with app.app_context():
        before = _counts()
    assert runner.invoke(args=["passport", "demo", "--if-empty"]).output.startswith("The database already")
    again = runner.invoke(args=["passport", "demo"])
    assert again.exit_code != 0 and "already exists" in again.output
    with app.app_context():
        assert _counts() == before


def test_if_empty_leaves_a_database_with_a_school_unchanged(app, runner):
    with app.app_context():
        school = factories.make_school("Oakfield Academy", "oak")
        factories.make_entry(factories.make_pupil(school))
        before = _counts()
    result = runner.invoke(args=["passport", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "no demo school was built" in result.output
    with app.app_context():
        assert _counts() == before
