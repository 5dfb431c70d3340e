"""The school's administration operations: staff accounts, tutor groups, settings; each audited."""

import pytest
from passport.domain.benchmarks import BenchmarkSettings
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Role
from passport.models import SchoolSettings
from passport.operations import sessions
from passport.operations import staff_admin as ops
from sqlalchemy import select

from tests import factories


def actions(school_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.school_id == school_id).order_by(AuditEvent.id)
        )
    )


@pytest.fixture
def leader(school):
    return factories.make_staff(school, Role.CAREERS_LEADER)


@pytest.mark.parametrize("role", ops.ADMIN_ROLES, ids=str)
def test_every_staff_role_can_be_added(school, leader, role):
    user = ops.add_staff_member(
        leader, school, role=role, first_name=" Ada ", last_name="Lovelace", email="Ada@Oak.example.org"
    )
    assert (user.role, user.username, user.email, user.display_name) == (
        role, "ada@oak.example.org", "ada@oak.example.org", "Ada Lovelace"
    )
    assert user.password_hash is None and user.is_active
    assert actions(school.id)[-1] == "staff_added"


@pytest.mark.parametrize("role", [Role.PUPIL, Role.PARENT], ids=str)
def test_pupils_and_parents_are_not_added_as_staff(school, leader, role):
    with pytest.raises(ops.Refused):
        ops.add_staff_member(leader, school, role=role, first_name="A", last_name="B", email="a@b.example")


def test_an_email_in_use_is_taken(school, leader):
    with pytest.raises(ops.Taken):
        ops.add_staff_member(
            leader, school, role=Role.TUTOR, first_name="A", last_name="B", email=leader.email.upper()
        )


def test_the_last_active_careers_leader_is_neither_deactivated_nor_demoted(school, leader):
    with pytest.raises(ops.Refused, match="only active careers leader"):
        ops.change_role(None, leader, Role.TUTOR)
    with pytest.raises(ops.Refused, match="only active careers leader"):
        ops.deactivate(None, leader, "left")
    second = factories.make_staff(school, Role.CAREERS_LEADER)
    ops.change_role(second, leader, Role.SENIOR_LEADER)
    assert leader.role == Role.SENIOR_LEADER
    with pytest.raises(ops.Refused):
        ops.deactivate(leader, second, "left")
    assert actions(school.id)[-1] == "role_changed"


def test_another_schools_leader_does_not_count(school, leader):
    other = factories.make_school("Elm", "elm")
    factories.make_staff(other, Role.CAREERS_LEADER)
    with pytest.raises(ops.Refused):
        ops.change_role(None, leader, Role.TUTOR)


def test_nobody_deactivates_themselves(school, leader):
    factories.make_staff(school, Role.CAREERS_LEADER)
    with pytest.raises(ops.Refused, match="your own account"):
        ops.deactivate(leader, leader, "oops")
    assert leader.is_active


def test_deactivating_ends_every_session_and_reactivating_lets_them_in(school, leader):
    tutor = factories.make_staff(school, Role.TUTOR)
    token = sessions.start_session(tutor)
    sessions.start_session(tutor)
    ops.deactivate(leader, tutor, "left the school")
    assert not tutor.is_active
    assert sessions.user_for(token, str(tutor.id)) is None
    assert actions(school.id)[-2:] == ["user_deactivated", "sessions_ended"]
    with pytest.raises(ops.Refused, match="setup code"):
        ops.issue_setup_code(leader, tutor)
    ops.reactivate(leader, tutor)
    assert tutor.is_active
    assert actions(school.id)[-1] == "user_reactivated"


def test_a_setup_code_is_issued_and_audited(school, leader):
    tutor = factories.make_staff(school, Role.TUTOR, password=None)
    code = ops.issue_setup_code(leader, tutor)
    assert len(code) == 9 and tutor.setup_code_hash and code not in tutor.setup_code_hash
    assert actions(school.id)[-1] == "setup_code_issued"


def test_a_tutor_who_changes_role_leaves_their_groups(school, leader):
    tutor = factories.make_staff(school, Role.TUTOR)
    group = factories.make_group(school, "9A", tutor=tutor)
    ops.change_role(leader, tutor, Role.CAREERS_ADVISER)
    assert group.tutor_id is None
    assert "tutor_removed" in actions(school.id)


def test_groups_are_created_renamed_and_given_a_tutor(school, leader):
    group = ops.create_group(leader, school, name=" 9B ", year_group=9)
    assert (group.name, group.year_group, group.tutor_id) == ("9B", 9, None)
    with pytest.raises(ops.Taken):
        ops.create_group(leader, school, name="9b", year_group=9)
    ops.rename_group(leader, group, "9 Bronte")
    assert group.name == "9 Bronte"
    tutor = factories.make_staff(school, Role.TUTOR)
    ops.set_tutor(leader, group, tutor)
    assert group.tutor_id == tutor.id
    ops.set_tutor(leader, group, None)
    assert group.tutor_id is None
    done = actions(school.id)
    assert done.index("group_created") < done.index("group_renamed")
    assert done[-2:] == ["tutor_assigned", "tutor_assigned"]


def test_the_same_name_in_another_school_is_free(school, leader):
    other = factories.make_school("Elm", "elm")
    ops.create_group(leader, school, name="9B", year_group=9)
    ops.create_group(None, other, name="9B", year_group=9)


@pytest.mark.parametrize("who", ["other-school tutor", "not a tutor", "deactivated tutor"])
def test_only_an_active_tutor_of_the_school_can_be_a_groups_tutor(school, leader, who):
    group = factories.make_group(school, "9A")
    if who == "other-school tutor":
        tutor = factories.make_staff(factories.make_school("Elm", "elm"), Role.TUTOR)
    elif who == "not a tutor":
        tutor = factories.make_staff(school, Role.SENCO)
    else:
        tutor = factories.make_staff(school, Role.TUTOR)
        ops.deactivate(leader, tutor, "left")
    with pytest.raises(ops.Refused):
        ops.set_tutor(leader, group, tutor)
    assert group.tutor_id is None


def test_settings_change_is_audited_with_old_and_new_values(school, leader):
    changed = ops.update_settings(
        leader, school, {"employer_last_year": 11, "second_workplace_by_age": None, "lmi_by_age": 14}
    )
    assert changed == ["employer_last_year", "second_workplace_by_age"]
    settings = db.session.get(SchoolSettings, school.id)
    assert (settings.employer_last_year, settings.second_workplace_by_age) == (11, None)
    row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "settings_changed"))
    assert row.actor_id == leader.id
    assert row.detail["changes"]["employer_last_year"] == {"old": 13, "new": 11}
    assert ops.update_settings(leader, school, {"employer_last_year": 11}) == []
    assert actions(school.id).count("settings_changed") == 1


def test_reset_restores_the_statutory_defaults(school, leader):
    ops.update_settings(leader, school, {"employer_first_year": 8, "required_provider_types": "university"})
    changed = ops.reset_settings(leader, school)
    assert changed == ["employer_first_year", "required_provider_types"]
    assert school.settings.as_benchmark_settings() == BenchmarkSettings()
    assert actions(school.id)[-1] == "settings_reset"
