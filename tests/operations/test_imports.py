"""Importing pupils from the MIS: all or nothing, roll-over updates, one school only, usernames."""

from dataclasses import replace
from datetime import date

import pytest
from passport.domain.mis_csv import PupilRow
from passport.domain.pupil_checks import upn_check_letter
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Pupil
from passport.models import TutorGroup
from passport.models import User
from passport.operations import imports as ops
from sqlalchemy import func
from sqlalchemy import select

from tests import factories

TODAY = date(2026, 3, 10)
HEADER = "UPN,Forename,Surname,DOB,Year,Reg,SEN,FSM"


def upn(n: int) -> str:
    digits = f"99943212{n:04d}"
    return upn_check_letter(digits) + digits


def row(n: int, first="Amy", last="Jones", year=9, group="9B", dob=date(2012, 5, 1), **flags) -> PupilRow:
    return PupilRow(upn(n), first, last, dob, year, group, **flags)


def csv_text(*lines: str) -> str:
    return "\r\n".join([HEADER, *lines]) + "\r\n"


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def pupil_by_upn(school, value: str) -> Pupil:
    return db.session.scalar(select(Pupil).where(Pupil.school_id == school.id, Pupil.upn == value))


def test_new_pupils_get_accounts_without_passwords_and_their_groups_are_made(school):
    leader = factories.make_staff(school)
    report = ops.import_pupils(
        school, leader, [row(1), row(2, "Ben", "Ng", group="9C", sen_support=True, looked_after=True)]
    )
    assert report.ok
    assert [u.username for u in report.created] == ["amy.jones", "ben.ng"]
    assert report.updated == []
    assert sorted(g.name for g in report.groups_created) == ["9B", "9C"]
    ben = pupil_by_upn(school, upn(2))
    assert ben.user.role == "pupil"
    assert ben.user.password_hash is None
    assert ben.user.school_id == school.id
    assert (ben.year_group, ben.tutor_group.name, ben.tutor_group.year_group) == (9, "9C", 9)
    assert (ben.sen_support, ben.looked_after, ben.ehc_plan, ben.free_school_meals) == (
        True,
        True,
        False,
        False,
    )
    assert ben.date_of_birth == date(2012, 5, 1)


def test_one_audit_event_with_counts_and_no_personal_data(school):
    leader = factories.make_staff(school)
    before = count(AuditEvent)
    ops.import_pupils(school, leader, [row(1), row(2, "Ben", "Ng")])
    assert count(AuditEvent) == before + 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pupils_imported"))
    assert (event.actor_id, event.school_id, event.subject_type) == (leader.id, school.id, "School")
    assert event.detail == {"created": 2, "updated": 0, "groups_created": 1}
    assert "Amy" not in str(event.detail)
    assert upn(1) not in str(event.detail)


def test_a_file_with_one_bad_row_writes_nothing(school):
    users, pupils, groups, events = count(User), count(Pupil), count(TutorGroup), count(AuditEvent)
    text = csv_text(
        f"{upn(1)},Amy,Jones,01/05/2012,9,9B,N,N",
        f"{upn(2)},Ben,Ng,31/02/2012,9,9C,N,N",
        f"{upn(3)},Cat,Lee,01/05/2012,9,9D,N,N",
    )
    report = ops.import_pupils_csv(school, None, text, TODAY)
    assert not report.ok
    assert [str(p) for p in report.problems] == ["Line 3, DOB: '31/02/2012' is not a date (use DD/MM/YYYY)"]
    assert (report.created, report.updated) == ([], [])
    db.session.expire_all()
    assert (count(User), count(Pupil), count(TutorGroup), count(AuditEvent)) == (
        users,
        pupils,
        groups,
        events,
    )


def test_duplicate_upns_in_a_file_write_nothing(school):
    users = count(User)
    text = csv_text(f"{upn(1)},Amy,Jones,01/05/2012,9,9B,N,N", f"{upn(1)},Amy,Jones,01/05/2012,9,9B,N,N")
    report = ops.import_pupils_csv(school, None, text, TODAY)
    assert [str(p) for p in report.problems] == [
        f"Line 3, UPN: '{upn(1)}' is also on line 2: each pupil can appear only once"
    ]
    assert count(User) == users


def test_duplicate_upns_passed_directly_write_nothing(school):
    report = ops.import_pupils(school, None, [row(1), row(2), row(1, "Other")])
    assert [(p.line, p.column) for p in report.problems] == [(4, "UPN")]
    assert count(Pupil) == 0


def test_a_failure_half_way_rolls_everything_back(school, monkeypatch):
    users, groups = count(User), count(TutorGroup)

    def broken_audit(*args, **kwargs):
        db.session.flush()  # the pupils really reach the database before the failure
        assert count(User) == users + 2
        raise RuntimeError("disk full")

    monkeypatch.setattr(ops.audit, "log", broken_audit)
    with pytest.raises(RuntimeError):
        ops.import_pupils(school, None, [row(1), row(2, "Ben", "Ng", group="9Z")])
    assert (count(User), count(TutorGroup)) == (users, groups)


def test_reimport_updates_pupils_of_this_school_and_keeps_their_username(school):
    ops.import_pupils(school, None, [row(1), row(2, "Ben", "Ng")])
    amy = pupil_by_upn(school, upn(1))
    amy_id, username = amy.id, amy.user.username
    # September: everyone moves up a year; Amy changes surname and group and gets free school meals.
    report = ops.import_pupils(
        school,
        None,
        [
            row(1, "Amy", "Smith", year=10, group="10B", free_school_meals=True),
            row(2, "Ben", "Ng", year=10, group="10B"),
        ],
    )
    assert report.ok
    assert report.created == []
    assert sorted(u.username for u in report.updated) == ["amy.jones", "ben.ng"]
    db.session.expire_all()
    amy = pupil_by_upn(school, upn(1))
    assert amy.id == amy_id
    assert (amy.user.username, amy.user.last_name) == (username, "Smith")
    assert (amy.year_group, amy.tutor_group.name, amy.free_school_meals) == (10, "10B", True)
    assert count(Pupil, Pupil.school_id == school.id) == 2


def test_an_existing_group_is_reused_not_duplicated(school):
    group = factories.make_group(school, "9B", 9)
    report = ops.import_pupils(school, None, [row(1)])
    assert report.groups_created == []
    assert pupil_by_upn(school, upn(1)).tutor_group_id == group.id
    assert count(TutorGroup, TutorGroup.school_id == school.id) == 1


def test_the_same_upn_in_another_school_is_another_pupil(school):
    other = factories.make_school("Elm Park School", "elm")
    ops.import_pupils(other, None, [row(1, "Amy", "Jones", group="E9")])
    theirs = pupil_by_upn(other, upn(1))
    theirs_before = (theirs.user.first_name, theirs.year_group, theirs.tutor_group.name, theirs.user.username)

    report = ops.import_pupils(school, None, [row(1, "Amelia", "Jones", year=10, group="10B")])

    assert [u.username for u in report.created] == ["amelia.jones"]
    assert report.updated == []
    db.session.expire_all()
    theirs = pupil_by_upn(other, upn(1))
    assert (theirs.user.first_name, theirs.year_group, theirs.tutor_group.name, theirs.user.username) == (
        theirs_before
    )
    assert pupil_by_upn(school, upn(1)).school_id == school.id
    assert count(TutorGroup, TutorGroup.school_id == other.id) == 1


def test_usernames_collide_with_the_database_and_within_the_file(school):
    other = factories.make_school("Elm Park School", "elm")
    factories.make_pupil(other, first_name="Amy", last_name="Jones", username="amy.jones")
    factories.make_pupil(other, first_name="Amy", last_name="Jones", username="Amy.Jones3")
    report = ops.import_pupils(school, None, [row(1), row(2), row(3), row(4, "Amy", "Jonesy")])
    assert [u.username for u in report.created] == ["amy.jones2", "amy.jones4", "amy.jones5", "amy.jonesy"]


@pytest.mark.parametrize(
    "first, last, expected",
    [
        pytest.param("Zoë", "O'Brien-Smith", "zoe.obriensmith", id="accents-apostrophe-hyphen"),
        pytest.param("José María", "Núñez", "josemaria.nunez", id="spaces-tilde"),
        pytest.param("Søren", "Straße", "soren.strasse", id="letters-nfkd-keeps"),
        pytest.param("Ægir", "Łukasz", "aegir.lukasz", id="ligature-stroke"),
        pytest.param("李", "Wei", "wei", id="no-latin-first-name"),
        pytest.param("李", "伟", "pupil", id="no-latin-at-all"),
        pytest.param("A" * 80, "B", "a" * 40 + ".b", id="long"),
    ],
)
def test_username_base(first, last, expected):
    assert ops.username_base(first, last) == expected


def test_import_from_csv_text_creates_the_pupils(school):
    text = "\ufeff" + csv_text(
        f"{upn(1)},Amy,Jones,01/05/2012,9,9B,K,Y",
        f"{upn(2)},Ben,Ng,2011-12-01,Year 9,9B,E,N",
    )
    report = ops.import_pupils_csv(school, None, text, TODAY)
    assert report.ok
    assert [u.username for u in report.created] == ["amy.jones", "ben.ng"]
    amy, ben = pupil_by_upn(school, upn(1)), pupil_by_upn(school, upn(2))
    assert (amy.sen_support, amy.ehc_plan, amy.free_school_meals) == (True, False, True)
    assert (ben.sen_support, ben.ehc_plan, ben.date_of_birth) == (False, True, date(2011, 12, 1))


def test_import_from_uploaded_bytes(school):
    data = csv_text(f"{upn(1)},Zoë,Brontë,01/05/2012,9,9B,N,N").encode("cp1252")
    report = ops.import_pupils_csv(school, None, data, TODAY)
    assert [(u.first_name, u.username) for u in report.created] == [("Zoë", "zoe.bronte")]


def test_the_report_lists_pupils_without_a_query_each(school, app):
    from tests.querycount import count_queries

    report = ops.import_pupils(school, None, [row(n, "Pat", f"P{n}") for n in range(1, 41)])
    with count_queries(db.engine) as statements:
        groups = {u.pupil.tutor_group.name for u in report.created}
        names = [u.username for u in report.created]
    assert groups == {"9B"}
    assert len(names) == 40
    assert statements == []


def test_a_clash_with_a_concurrent_import_reports_and_writes_nothing(school, monkeypatch):
    ops.import_pupils(school, None, [row(1)])
    users = count(User)
    # As if another import committed UPN 1 after this one looked: the insert hits the constraint.
    monkeypatch.setattr(ops, "_existing_pupils", lambda school, upns: {})
    report = ops.import_pupils(school, None, [row(2, "Ben", "Ng"), row(1)])
    assert not report.ok
    assert report.problems == [ops.RowProblem(0, None, ops.CONCURRENT)]
    assert count(User) == users
    assert count(Pupil, Pupil.upn == upn(2)) == 0


def test_reimporting_a_year_group_takes_a_handful_of_queries_not_one_per_pupil(school, app):
    from tests.querycount import count_queries

    rows = [row(n, "Pat", f"P{n}") for n in range(1, 61)]
    ops.import_pupils(school, None, rows)
    with count_queries(db.engine) as statements:
        report = ops.import_pupils(school, None, [replace(r, year_group=10) for r in rows])
    assert len(report.updated) == 60
    assert len(statements) < 15, statements
