"""Targets through their operations: who may set and update them, one commit with one audit
row each, and the rules of review dates (requirements item 25; 002 B2, B7)."""

from datetime import date

import pytest
from passport.domain import targets as rules
from passport.domain.targets import TargetStatus
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Role
from passport.models import Target
from passport.operations import targets as ops
from sqlalchemy import select

from tests import factories

TODAY = date(2026, 3, 10)


def audit_rows(action: str) -> list[AuditEvent]:
    rows = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(rows))


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR)


@pytest.fixture
def amy(school, tutor):
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    return factories.make_pupil(school, first_name="Amy", group=group)


def test_the_pupil_sets_their_own_target_after_an_entry(amy):
    """Requirements item 25; 002 B2, B7: "targets/action plans" after visits."""
    entry = factories.make_entry(amy)
    target = ops.set_target(amy, amy.user, "  Ask about apprenticeships  ", date(2026, 4, 1), entry)
    db.session.expire_all()
    saved = db.session.get(Target, target.id)
    assert (saved.text, saved.status) == ("Ask about apprenticeships", TargetStatus.OPEN)
    assert saved.entry_id == entry.id
    assert (saved.school_id, saved.pupil_id, saved.set_by_id) == (amy.school_id, amy.id, amy.id)
    [row] = audit_rows("target_set")
    assert (row.actor_id, row.subject_type, row.subject_id) == (amy.id, "Target", target.id)
    assert row.detail == {"pupil": amy.id, "review_on": "2026-04-01", "entry": entry.id}


def test_the_tutor_sets_a_target_for_their_own_pupil(amy, tutor):
    """Requirements item 25; §5: the form tutor "receives action plans" [002 B8]."""
    target = ops.set_target(amy, tutor, "Book a careers interview", date(2026, 3, 20))
    assert target.set_by_id == tutor.id
    assert audit_rows("target_set")[0].actor_id == tutor.id


@pytest.mark.parametrize("role", [Role.TUTOR, Role.SENCO, Role.CAREERS_ADVISER, Role.SENIOR_LEADER])
def test_staff_who_may_not_set_this_pupils_targets_are_refused(school, amy, role):
    """Requirements item 25; item 38: another group's tutor, and staff who do not set targets."""
    with pytest.raises(ops.NotAllowed):
        ops.set_target(amy, factories.make_staff(school, role), "Anything", date(2026, 4, 1))
    assert db.session.scalars(select(Target)).all() == []
    assert audit_rows("target_set") == []


def test_another_pupil_or_school_is_refused(school, amy):
    """Requirements item 25; item 38: the operation checks the pupil, not only the view."""
    ben = factories.make_pupil(school, first_name="Ben")
    leader = factories.make_staff(factories.make_school("Elm High", "elm"), Role.CAREERS_LEADER)
    for actor in (ben.user, leader):
        with pytest.raises(ops.NotAllowed):
            ops.set_target(amy, actor, "Anything", date(2026, 4, 1))
    with pytest.raises(ops.NotAllowed):  # another pupil's entry
        ops.set_target(amy, amy.user, "Anything", date(2026, 4, 1), factories.make_entry(ben))
    assert db.session.scalars(select(Target)).all() == []


def test_update_status_logs_the_change_once(amy, tutor):
    """Requirements item 25: the status moves between open, achieved and dropped."""
    target = ops.set_target(amy, amy.user, "Visit a college", date(2026, 4, 1))
    ops.update_status(target, amy.user, TargetStatus.ACHIEVED)
    ops.update_status(target, amy.user, TargetStatus.ACHIEVED)  # a double tap changes nothing
    ops.update_status(target, tutor, TargetStatus.OPEN)
    assert target.status is TargetStatus.OPEN
    rows = audit_rows("target_status_changed")
    assert [(r.actor_id, r.detail["previous"], r.detail["status"]) for r in rows] == [
        (amy.id, "open", "achieved"), (tutor.id, "achieved", "open"),
    ]


def test_another_pupil_cannot_update_a_target(school, amy):
    """Requirements item 25; item 38."""
    target = ops.set_target(amy, amy.user, "Visit a college", date(2026, 4, 1))
    with pytest.raises(ops.NotAllowed):
        ops.update_status(target, factories.make_pupil(school).user, TargetStatus.DROPPED)
    db.session.refresh(target)
    assert target.status is TargetStatus.OPEN


@pytest.mark.parametrize(
    ("review_on", "problem"),
    [
        (date(2026, 3, 9), "in the past"),
        (date(2026, 3, 10), None),
        (date(2028, 3, 10), None),
        (date(2028, 3, 12), "next two years"),
    ],
)
def test_review_date_rules(review_on, problem):
    """Requirements item 25: a review date, today or later (and not years away)."""
    found = rules.review_problem(review_on, TODAY)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize(
    ("status", "review_on", "due", "overdue"),
    [
        (TargetStatus.OPEN, date(2026, 3, 24), True, False),
        (TargetStatus.OPEN, date(2026, 3, 25), False, False),
        (TargetStatus.OPEN, date(2026, 3, 9), True, True),
        (TargetStatus.ACHIEVED, date(2026, 3, 9), False, False),
        (TargetStatus.DROPPED, date(2026, 3, 12), False, False),
    ],
)
def test_due_for_review_is_open_and_within_14_days_or_past(status, review_on, due, overdue):
    """Requirements item 25: "the tutor sees targets due" (issue 8, item 5)."""
    assert rules.is_due(status, review_on, TODAY) is due
    assert rules.is_overdue(status, review_on, TODAY) is overdue
