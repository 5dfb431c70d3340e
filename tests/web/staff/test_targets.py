"""Targets for staff: the pupil's tutor or the careers leader sets one from the pupil's page;
the staff home lists their pupils' targets due for review, oldest first; another group's or
school's pupils are 404 (requirements item 25; 002 B2, B7). Today is pinned at 2026-03-10."""

from datetime import date

import pytest
from passport.domain.targets import TargetStatus
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Role
from passport.models import Target
from passport.operations import targets as ops
from sqlalchemy import select

from tests import factories
from tests.querycount import count_queries
from tests.web.staff.test_tables import tables_in_regions


def text(response) -> str:
    return response.get_data(as_text=True)


def targets() -> list[Target]:
    return list(db.session.scalars(select(Target).order_by(Target.id)))


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")


@pytest.fixture
def group(school, tutor):
    return factories.make_group(school, "9A", 9, tutor=tutor)


@pytest.fixture
def amy(school, group):
    return factories.make_pupil(school, first_name="Amy", last_name="Jones", group=group)


def typed(target: str, review_on: str) -> dict:
    return {"target-text": target, "target-review_on": review_on}


def page(group, pupil) -> str:
    return f"/staff/groups/{group.id}/pupils/{pupil.id}"


def test_a_tutor_sets_a_target_for_their_own_pupil(client, auth, tutor, group, amy):
    """Requirements item 25; 002 B2, B7: the tutor sets a target with a review date."""
    auth.login(tutor.username)
    form = text(client.get(page(group, amy)))
    assert 'for="target-text"' in form and 'for="target-review_on"' in form
    response = client.post(
        f"{page(group, amy)}/targets", data=typed("Book a careers interview", "2026-03-24")
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{page(group, amy)}#targets")
    [target] = targets()
    assert (target.pupil_id, target.set_by_id, target.review_on) == (amy.id, tutor.id, date(2026, 3, 24))
    shown = text(client.get(page(group, amy)))
    assert "Book a careers interview" in shown and "Tess Tutor" in shown
    assert tables_in_regions(shown) == 1
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "target_set"))
    assert (audit.actor_id, audit.detail["pupil"]) == (tutor.id, amy.id)


def test_the_pupil_sees_the_target_their_tutor_set(client, auth, tutor, amy):
    """Requirements item 25: the pupil sees who set it."""
    ops.set_target(amy, tutor, "Book a careers interview", date(2026, 3, 24))
    auth.login(amy.user.username)
    shown = text(client.get("/passport/targets"))
    assert "Book a careers interview" in shown and "Set by Tess Tutor" in shown


def test_a_bad_target_is_refused_in_the_page_with_the_typed_text_kept(client, auth, tutor, group, amy):
    """Requirements item 25 (the review date not in the past); item 43 (errors in the page)."""
    auth.login(tutor.username)
    response = client.post(
        f"{page(group, amy)}/targets", data=typed("Visit the college", "2026-03-01")
    )
    assert response.status_code == 422
    shown = text(response)
    assert "There is a problem" in shown and "cannot be in the past" in shown
    assert "Visit the college" in shown
    response = client.post(f"{page(group, amy)}/targets", data=typed(" ", "2026-04-01"))
    assert response.status_code == 422 and "Write the target." in text(response)
    assert targets() == []


def test_the_careers_leader_sets_a_target_for_any_pupil_of_the_school(client, auth, leader, group, amy):
    """Requirements item 25; §5: the careers leader reads every pupil (access.pupil_scope)."""
    auth.login(leader.username)
    response = client.post(
        f"{page(group, amy)}/targets", data=typed("Try a taster day", "2026-05-01")
    )
    assert response.status_code == 303
    assert targets()[0].set_by_id == leader.id


def test_a_tutor_of_another_group_gets_404(client, auth, school, group, amy):
    """Requirements item 25; item 38: a pupil not in the tutor's groups is not theirs."""
    other = factories.make_staff(school, Role.TUTOR)
    factories.make_group(school, "9B", 9, tutor=other)
    auth.login(other.username)
    response = client.post(
        f"{page(group, amy)}/targets", data=typed("Anything", "2026-04-01")
    )
    assert response.status_code == 404
    assert targets() == []


def test_staff_of_another_school_get_404(client, auth, group, amy):
    """Requirements item 25; item 38: another school's ids tell nothing."""
    elm = factories.make_school("Elm High", "elm")
    auth.login(factories.make_staff(elm, Role.CAREERS_LEADER).username)
    response = client.post(
        f"{page(group, amy)}/targets", data=typed("Anything", "2026-04-01")
    )
    assert response.status_code == 404
    assert targets() == []


def test_a_senco_sees_targets_but_cannot_set_them(client, auth, school, tutor):
    """Requirements §5: the SENCO reads their pupils' records; targets are set by the tutor and
    the careers leader (passport/access.py VERIFIERS)."""
    group = factories.make_group(school, "9C", 9, tutor=tutor)
    ben = factories.make_pupil(school, first_name="Ben", group=group, sen_support=True)
    ops.set_target(ben, tutor, "Visit the college", date(2026, 4, 1))
    auth.login(factories.make_staff(school, Role.SENCO).username)
    shown = text(client.get(page(group, ben)))
    assert "Visit the college" in shown and "Set a target" not in shown
    response = client.post(f"{page(group, ben)}/targets", data=typed("x", "2026-04-01"))
    assert response.status_code == 403


def test_the_home_lists_targets_due_within_14_days_or_past_oldest_first(
    client, auth, school, tutor, group, amy
):
    """Requirements item 25: "the tutor sees targets due": open targets of their own pupils,
    reviewed by 24 March 2026 (14 days on) or already past, oldest first, linked to the pupil."""
    ben = factories.make_pupil(school, first_name="Ben", last_name="Brown", group=group)
    other_group = factories.make_group(school, "9B", 9, tutor=factories.make_staff(school, Role.TUTOR))
    cat = factories.make_pupil(school, first_name="Cat", group=other_group)
    ops.set_target(amy, amy.user, "Amy in 14 days", date(2026, 3, 24))
    ops.set_target(ben, ben.user, "Ben today", date(2026, 3, 10))
    ops.set_target(amy, amy.user, "Amy in 15 days", date(2026, 3, 25))
    done = ops.set_target(ben, ben.user, "Ben done", date(2026, 3, 12))
    ops.update_status(done, ben.user, TargetStatus.ACHIEVED)
    ops.set_target(cat, cat.user, "Cat not yours", date(2026, 3, 11))
    past = ops.set_target(amy, amy.user, "Amy past", date(2026, 3, 11))
    past.review_on = date(2026, 3, 1)  # set before today; a review date is never set in the past
    db.session.commit()
    auth.login(tutor.username)
    home = text(client.get("/staff/"))
    assert "Targets due for review" in home
    shown = [t for t in ("Amy past", "Ben today", "Amy in 14 days") if t in home]
    assert shown == ["Amy past", "Ben today", "Amy in 14 days"]
    assert [home.index(t) for t in shown] == sorted(home.index(t) for t in shown)
    for hidden in ("Amy in 15 days", "Ben done", "Cat not yours"):
        assert hidden not in home
    assert f'href="{page(group, amy)}#targets"' in home
    assert tables_in_regions(home) == 1


def test_the_due_list_is_one_query_whatever_the_number_of_pupils(school, tutor, group):
    """Requirements item 25: one query for the list, for 3 pupils or 40."""
    from passport.queries.targets import due_for

    def queries() -> int:
        db.session.refresh(tutor)  # the commits expired it; reloading the user is not the list's
        with count_queries(db.engine) as statements:
            due_for(tutor, date(2026, 3, 10))
        return len(statements)

    def add(n: int) -> None:
        for _ in range(n):
            pupil = factories.make_pupil(school, group=group, password=None)
            ops.set_target(pupil, pupil.user, "Due", date(2026, 3, 12))

    add(3)
    few = queries()
    add(37)
    assert queries() == few == 1


def test_other_staff_see_no_due_list(client, auth, school, amy):
    """Requirements item 25: the list is the tutor's (and the careers leader's)."""
    ops.set_target(amy, amy.user, "Amy soon", date(2026, 3, 12))
    auth.login(factories.make_staff(school, Role.SENCO).username)
    assert "Targets due for review" not in text(client.get("/staff/"))
