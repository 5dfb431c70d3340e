"""The MIS import's optional Tutor column: each group's tutor, matched by staff email or
username among the school's active tutors; a tutor matching none is reported, not applied."""

import re
from datetime import date

import pytest
from passport.domain.mis_csv import parse_pupil_csv
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Pupil
from passport.models import Role
from passport.models import TutorGroup
from passport.operations import imports as ops
from passport.operations import staff_admin
from passport.queries.import_preview import preview_pupils_csv
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.web.staff.test_import import confirm
from tests.web.staff.test_import import upload
from tests.web.staff.test_import import upn

TODAY = date(2026, 3, 10)
HEADER = "UPN,Forename,Surname,DOB,Year,Reg,Tutor Email\r\n"


def csv(*rows: str) -> str:
    return HEADER + "".join(f"{row}\r\n" for row in rows)


def line(n: int, group: str = "9B", tutor: str = "") -> str:
    return f"{upn(n)},Pat{n},Jones,01/05/2012,9,{group},{tutor}"


def group_named(school, name: str) -> TutorGroup:
    query = select(TutorGroup).where(TutorGroup.school_id == school.id, TutorGroup.name == name)
    return db.session.scalar(query)


@pytest.fixture
def tutor(school):
    return factories.make_staff(
        school, Role.TUTOR, first_name="Tom", last_name="Tutor", email="t.tutor@oak.example.org"
    )


def test_the_tutor_column_is_read_and_optional():
    rows, problems = parse_pupil_csv(csv(line(1, tutor=" T.Tutor@oak.example.org "), line(2)), today=TODAY)
    assert problems == []
    assert [r.tutor for r in rows] == ["T.Tutor@oak.example.org", ""]
    plain, _ = parse_pupil_csv("UPN,Forename,Surname,DOB,Year,Reg\r\n" + line(3)[:-1] + "\r\n", today=TODAY)
    assert plain[0].tutor == ""


def test_a_named_tutor_is_set_on_a_new_and_an_existing_group(school, tutor):
    factories.make_group(school, "9C", 9)
    report = ops.import_pupils_csv(
        school, None, csv(line(1, "9B", "T.TUTOR@oak.example.org"), line(2, "9C", tutor.username)), TODAY
    )
    assert report.ok and report.tutors_set == ["9B", "9C"] and report.tutors_not_set == []
    assert group_named(school, "9B").tutor_id == tutor.id
    assert group_named(school, "9C").tutor_id == tutor.id
    detail = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "pupils_imported"))
    assert detail["tutors_set"] == ["9B", "9C"] and detail["tutors_not_set"] == 0
    # Each change of who reads a group's pupils is audited as the administration page does it.
    assigned = db.session.execute(
        select(AuditEvent.subject_id, AuditEvent.detail).where(AuditEvent.action == "tutor_assigned")
    ).all()
    found = sorted((group_id, d["old"], d["tutor_id"], d["source"]) for group_id, d in assigned)
    assert found == sorted((group_named(school, name).id, None, tutor.id, "import") for name in ("9B", "9C"))


@pytest.mark.parametrize("case", ["unknown", "not a tutor", "other school", "deactivated", "two tutors"])
def test_a_tutor_that_is_not_an_active_tutor_of_the_school_is_reported_not_applied(school, tutor, case):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    other = factories.make_staff(factories.make_school("Elm", "elm"), Role.TUTOR, email="x@elm.example.org")
    senco = factories.make_staff(school, Role.SENCO)
    named = {"unknown": "nobody@oak.example.org", "not a tutor": senco.email, "other school": other.email,
             "deactivated": tutor.email, "two tutors": tutor.email}[case]
    if case == "deactivated":
        staff_admin.deactivate(leader, tutor, "left")
    second = line(2, "9B", "someone.else@oak.example.org" if case == "two tutors" else "")
    report = ops.import_pupils_csv(school, leader, csv(line(1, "9B", named), second), TODAY)
    assert report.ok
    assert db.session.scalar(select(func.count(Pupil.id))) == 2  # the pupils are still imported
    assert group_named(school, "9B").tutor_id is None
    assert len(report.tutors_not_set) == 1 and report.tutors_not_set[0].startswith("9B: ")
    why = "more than one tutor" if case == "two tutors" else "not an active tutor account"
    assert why in report.tutors_not_set[0]


def test_the_preview_lists_tutor_changes_and_the_ones_not_set(school, tutor):
    group = factories.make_group(school, "9B", 9)
    data = csv(line(1, "9B", tutor.email), line(2, "9C", "who@x.example")).encode()
    preview = preview_pupils_csv(school, data, TODAY)
    assert preview.ok
    assert preview.tutor_changes == [("9B", "none", f"Tom Tutor ({tutor.username})")]
    assert preview.tutors_not_set[0].startswith("9C: 'who@x.example'")
    staff_admin.set_tutor(None, group, tutor)
    again = preview_pupils_csv(school, data, TODAY)
    assert again.tutor_changes == [] and again.fingerprint != preview.fingerprint


def test_the_import_page_shows_and_applies_the_tutors(client, auth, school, tutor):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    auth.login(leader.username)
    preview = upload(client, csv(line(1, "9B", tutor.email), line(2, "9C", "who@x.example")).encode())
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", preview.get_data(as_text=True)))
    assert "9B: Tom Tutor" in page and "These tutors will not be set" in page
    assert "9C: &#39;who@x.example&#39;" in page
    done = confirm(client, preview)
    assert "Tutor set for 9B." in done.get_data(as_text=True)
    db.session.expire_all()
    assert group_named(school, "9B").tutor_id == tutor.id


def test_the_import_command_prints_the_tutors(runner, school, tutor, tmp_path):
    path = tmp_path / "pupils.csv"
    path.write_text(csv(line(1, "9B", tutor.email), line(2, "9C", "who@x.example")), encoding="utf-8")
    result = runner.invoke(args=["passport", "import-pupils", str(path), "--school", "oak", "--yes"])
    assert result.exit_code == 0, result.output
    assert f"tutor       9B: none -> Tom Tutor ({tutor.username})" in result.output
    assert "NOT SET     tutor of 9C: 'who@x.example'" in result.output
    assert "Tutor not set: 9C:" in result.output
