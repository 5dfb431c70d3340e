"""``flask passport create-school``, ``add-staff`` and ``import-pupils``."""

import re

import pytest
from passport.domain.pupil_checks import upn_check_letter
from passport.extensions import db
from passport.models import Pupil
from passport.models import Role
from passport.models import School
from passport.models import User
from passport.operations import accounts
from sqlalchemy import func
from sqlalchemy import select

from tests import factories

HEADER = "UPN,Forename,Surname,DOB,Year,Reg\n"


def upn(n: int) -> str:
    digits = f"99943212{n:04d}"
    return upn_check_letter(digits) + digits


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def csv_file(tmp_path):
    def write(*lines: str, name: str = "pupils.csv"):
        path = tmp_path / name
        path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
        return str(path)

    return write


def test_create_school(runner, ctx):
    result = runner.invoke(args=["passport", "create-school", "Oakfield Academy", "OAK"])
    assert result.exit_code == 0, result.output
    assert "Created Oakfield Academy (code oak)." in result.output
    assert db.session.scalar(select(School.name).where(School.code == "oak")) == "Oakfield Academy"
    again = runner.invoke(args=["passport", "create-school", "Other", "oak"])
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert count(School) == 1


@pytest.mark.parametrize("role", [Role.TUTOR, Role.CAREERS_LEADER], ids=str)
def test_add_staff_prints_a_setup_code_that_works(runner, school, role):
    result = runner.invoke(
        args=[
            "passport",
            "add-staff",
            "--school",
            "oak",
            "--role",
            role.value,
            "--first",
            "Rachel",
            "--last",
            "Okonjo",
            "--email",
            "R.Okonjo@oak.example.org",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Username: r.okonjo@oak.example.org" in result.output
    code = re.search(r"Setup code: ([A-Z0-9]{4}-[A-Z0-9]{4})", result.output).group(1)
    user = accounts.check_setup_code("r.okonjo@oak.example.org", code)
    assert isinstance(user, User)
    assert (user.role, user.school_id, user.display_name) == (role, school.id, "Rachel Okonjo")


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param(
            ["--school", "nope", "--role", "tutor"], "No school has the code 'nope'", id="no-school"
        ),
        pytest.param(
            ["--school", "oak", "--role", "pupil"], "Invalid value for '--role'", id="not-staff-role"
        ),
    ],
)
def test_add_staff_refuses(runner, school, args, message):
    result = runner.invoke(
        args=["passport", "add-staff", *args, "--first", "A", "--last", "B", "--email", "a@b.example"]
    )
    assert result.exit_code != 0
    assert message in result.output
    assert count(User) == 0


def test_add_staff_twice_is_refused(runner, school):
    args = [
        "passport",
        "add-staff",
        "--school",
        "oak",
        "--role",
        "tutor",
        "--first",
        "A",
        "--last",
        "B",
        "--email",
        "a@oak.example",
    ]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code == 1
    assert "already has an account" in again.output


def test_import_pupils_reports_each_pupil_and_a_summary(runner, school, csv_file):
    path = csv_file(f"{upn(1)},Amy,Jones,01/05/2012,9,9B", f"{upn(2)},Ben,Ng,01/05/2012,9,9C")
    result = runner.invoke(args=["passport", "import-pupils", path, "--school", "oak", "--yes"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"new         {upn(1)} Amy Jones (Year 9, 9B)"
    assert lines[2] == "Preview for Oakfield Academy: 2 new, 0 changed, 0 unchanged, 2 new tutor group(s)."
    assert re.fullmatch(r"created\s+amy\.jones\s+Amy Jones \(9B\)", lines[3])
    assert re.fullmatch(r"created\s+ben\.ng\s+Ben Ng \(9C\)", lines[4])
    assert lines[-1] == "2 pupil(s) created, 0 updated, 2 new tutor group(s) in Oakfield Academy."
    assert count(Pupil, Pupil.school_id == school.id) == 2

    again = runner.invoke(args=["passport", "import-pupils", path, "--school", "OAK", "--yes"])
    assert again.exit_code == 0
    assert "0 pupil(s) created, 2 updated, 0 new tutor group(s)" in again.output
    assert re.search(r"^updated\s+amy\.jones", again.output, re.M)


def test_import_pupils_with_problems_lists_them_exits_1_and_writes_nothing(runner, school, csv_file):
    path = csv_file(
        f"{upn(1)},Amy,Jones,01/05/2012,9,9B",
        f"{upn(2)},,Ng,31/02/2012,9,9C",
        f"{upn(1)},Amy,Jones,01/05/2012,9,9B",
    )
    users = count(User)
    result = runner.invoke(args=["passport", "import-pupils", path, "--school", "oak"])
    assert result.exit_code == 1
    assert "Line 3, Forename: is blank" in result.output
    assert "Line 3, DOB: '31/02/2012' is not a date (use DD/MM/YYYY)" in result.output
    assert f"Line 4, UPN: '{upn(1)}' is also on line 2" in result.output
    assert "Nothing was imported: 3 problem(s) in" in result.output
    assert count(User) == users


def test_import_pupils_needs_a_known_school_and_an_existing_file(runner, school, csv_file):
    path = csv_file(f"{upn(1)},Amy,Jones,01/05/2012,9,9B")
    unknown = runner.invoke(args=["passport", "import-pupils", path, "--school", "elm"])
    assert unknown.exit_code == 1
    assert "No school has the code 'elm'" in unknown.output
    missing = runner.invoke(args=["passport", "import-pupils", "/nonexistent.csv", "--school", "oak"])
    assert missing.exit_code == 2
    assert count(Pupil) == 0


def test_import_pupils_into_one_school_leaves_another_alone(runner, school, csv_file):
    elm = factories.make_school("Elm Park School", "elm")
    path = csv_file(f"{upn(1)},Amy,Jones,01/05/2012,9,9B")
    assert runner.invoke(args=["passport", "import-pupils", path, "--school", "elm", "--yes"]).exit_code == 0
    assert runner.invoke(args=["passport", "import-pupils", path, "--school", "oak", "--yes"]).exit_code == 0
    assert count(Pupil, Pupil.school_id == elm.id) == 1
    assert count(Pupil, Pupil.school_id == school.id) == 1
    usernames = set(db.session.scalars(select(User.username).where(User.role == Role.PUPIL)))
    assert usernames == {"amy.jones", "amy.jones2"}


def test_import_pupils_previews_and_without_yes_or_a_terminal_imports_nothing(runner, school, csv_file):
    # Issue 7 item 9: CI has no stdin, so no answer is "no", never a guess.
    path = csv_file(f"{upn(1)},Amy,Jones,01/05/2012,9,9B")
    result = runner.invoke(args=["passport", "import-pupils", path, "--school", "oak"])
    assert result.exit_code == 1
    assert f"new         {upn(1)} Amy Jones (Year 9, 9B)" in result.output
    assert "Nothing was imported. Run it again with --yes to apply the preview." in result.output
    assert count(Pupil) == 0
    no = runner.invoke(args=["passport", "import-pupils", path, "--school", "oak"], input="n\n")
    assert no.exit_code == 1 and count(Pupil) == 0
    yes = runner.invoke(args=["passport", "import-pupils", path, "--school", "oak"], input="y\n")
    assert yes.exit_code == 0, yes.output
    assert "Import these changes? [y/N]" in yes.output
    assert count(Pupil, Pupil.school_id == school.id) == 1


def test_import_pupils_flags_a_name_change_before_renaming_anyone(runner, school, csv_file):
    path = csv_file(f"{upn(1)},Amy,Jones,01/05/2012,9,9B")
    assert runner.invoke(args=["passport", "import-pupils", path, "--school", "oak", "--yes"]).exit_code == 0
    typo = csv_file(f"{upn(1)},Bella,Khan,01/05/2012,10,10B", name="typo.csv")
    result = runner.invoke(args=["passport", "import-pupils", typo, "--school", "oak"])
    assert result.exit_code == 1
    assert (
        f"NAME CHANGE {upn(1)} Amy Jones: Name: Amy Jones -> Bella Khan; "
        "Year: 9 -> 10; Tutor group: 9B -> 10B"
        in result.output
    )
    assert "WARNING: 1 pupil(s) would get a different name." in result.output
    db.session.expire_all()
    assert db.session.scalar(select(User.first_name).where(User.role == Role.PUPIL)) == "Amy"
