"""``flask passport add-staff`` (every staff role), ``deactivate-user``, ``reactivate-user`` and
``set-tutor``."""

import re

import pytest
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Role
from passport.models import User
from passport.operations import accounts
from passport.operations import sessions
from passport.operations import staff_admin
from sqlalchemy import select

from tests import factories


def add(runner, role: str, email: str = "x.y@oak.example.org"):
    return runner.invoke(
        args=["passport", "add-staff", "--school", "oak", "--role", role, "--first", "X", "--last", "Y",
              "--email", email]
    )


@pytest.mark.parametrize("role", staff_admin.ADMIN_ROLES, ids=str)
def test_add_staff_takes_every_staff_role_and_prints_a_setup_code_once(runner, school, role):
    result = add(runner, role.value)
    assert result.exit_code == 0, result.output
    code = re.search(r"Setup code: ([A-Z0-9]{4}-[A-Z0-9]{4})", result.output).group(1)
    user = accounts.check_setup_code("x.y@oak.example.org", code)
    assert isinstance(user, User) and user.role == role
    accounts.set_password_with_code(user, "a long enough passphrase")
    assert accounts.check_setup_code("x.y@oak.example.org", code) == accounts.SetupError.UNKNOWN


def test_deactivate_user_ends_sessions_and_keeps_the_last_careers_leader(runner, school):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    tutor = factories.make_staff(school, Role.TUTOR)
    token = sessions.start_session(tutor)
    result = runner.invoke(args=["passport", "deactivate-user", tutor.username.upper(), "--reason", "left"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert not tutor.is_active and sessions.user_for(token, str(tutor.id)) is None
    refused = runner.invoke(args=["passport", "deactivate-user", leader.username, "--reason", "left"])
    assert refused.exit_code == 1 and "only active careers leader" in refused.output
    db.session.expire_all()
    assert leader.is_active
    back = runner.invoke(args=["passport", "reactivate-user", tutor.username])
    assert back.exit_code == 0, back.output
    db.session.expire_all()
    assert tutor.is_active
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "user_reactivated"


def test_set_tutor(runner, school):
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Tom", last_name="Tutor")
    group = factories.make_group(school, "9A")
    result = runner.invoke(args=["passport", "set-tutor", "9a", tutor.username])
    assert result.exit_code == 0, result.output
    assert f"9A (Oakfield Academy): tutor Tom Tutor ({tutor.username})." in result.output
    db.session.expire_all()
    assert group.tutor_id == tutor.id


@pytest.mark.parametrize(
    "case, message",
    [
        ("no group", "has no tutor group '9Z'"),
        ("no user", "No account has the username"),
        ("not a tutor", "Only a tutor account"),
        ("other school", "has no tutor group '9A'"),
    ],
)
def test_set_tutor_refuses(runner, school, case, message):
    factories.make_group(school, "9A")
    owner = factories.make_school("Elm", "elm") if case == "other school" else school
    user = factories.make_staff(owner, Role.SENCO if case == "not a tutor" else Role.TUTOR)
    group = "9Z" if case == "no group" else "9A"
    username = "nobody" if case == "no user" else user.username
    result = runner.invoke(args=["passport", "set-tutor", group, username])
    assert result.exit_code == 1
    assert message in result.output
