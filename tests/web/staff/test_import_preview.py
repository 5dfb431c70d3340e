"""The MIS import shows every change before it makes any (issue 7 item 9): new pupils, and the
name, date of birth, year and group changes of pupils already here, name changes flagged first;
only Confirm applies exactly the previewed file, and only if the school has not changed since."""

import re

import pytest
from passport.extensions import db
from passport.models import Pupil
from passport.models import Role
from passport.models import User
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.web.staff.test_import import confirm
from tests.web.staff.test_import import HEADER
from tests.web.staff.test_import import hidden
from tests.web.staff.test_import import upload
from tests.web.staff.test_import import upn
from tests.web.staff.test_import import URL


@pytest.fixture
def amy(school):
    """Amy Jones, Year 9 in 9B, UPN 1, already in the passport."""
    group = factories.make_group(school, "9B", 9)
    pupil = factories.make_pupil(school, first_name="Amy", last_name="Jones", group=group)
    pupil.upn = upn(1)
    db.session.commit()
    return pupil


def csv(*rows: str) -> bytes:
    return HEADER + "".join(f"{row}\r\n" for row in rows).encode()


def words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def names() -> set[tuple[str, str]]:
    query = select(User.first_name, User.last_name).where(User.role == Role.PUPIL)
    return set(db.session.execute(query).all())


def test_a_mistyped_upn_that_would_rename_a_child_is_flagged_and_nothing_written(client, auth, leader, amy):
    auth.login(leader.username)
    # Line 2 carries Amy's UPN with another child's name; line 3 is a genuinely new pupil.
    preview = upload(client, csv(f"{upn(1)},Bella,Khan,01/05/2012,9,9B", f"{upn(2)},Ben,Ng,01/05/2012,9,9C"))
    assert preview.status_code == 200
    text = words(preview)
    assert "Nothing has been imported yet." in text
    assert "1 pupil would get a different name." in text
    assert "Amy Jones Name changes" in text and "Name: Amy Jones → Bella Khan" in text
    assert "New pupils (1)" in text and "Ng, Ben" in text
    assert "1 new tutor group (9C)" in text
    db.session.expire_all()
    assert names() == {("Amy", "Jones")}
    assert db.session.scalar(select(func.count()).select_from(Pupil)) == 1

    done = confirm(client, preview)
    assert done.status_code == 200 and "1 new pupil, 1 updated" in words(done)
    db.session.expire_all()
    assert names() == {("Bella", "Khan"), ("Ben", "Ng")}


def test_year_group_and_date_changes_are_listed_without_the_support_flags(client, auth, leader, amy):
    auth.login(leader.username)
    amy.sen_support = False
    db.session.commit()
    header = HEADER.replace(b"\r\n", b",SEN\r\n")
    preview = upload(client, header + f"{upn(1)},Amy,Jones,02/05/2011,10,10B,K\r\n".encode())
    text = words(preview)
    assert "Date of birth: 2012-05-01 → 2011-05-02" in text
    assert "Year: 9 → 10" in text and "Tutor group: 9B → 10B" in text
    assert "Support details (SEN, FSM, PP, LAC, NEET risk): updated from the file" in text
    assert "would get a different name" not in text and "Name changes" not in text


def test_a_file_matching_the_passport_previews_as_unchanged(client, auth, leader, amy):
    auth.login(leader.username)
    text = words(upload(client, csv(f"{upn(1)},Amy,Jones,01/05/2012,9,9B")))
    assert "add 0 new pupils and change 0 pupils already here; 1 already match the file" in text


def test_confirming_after_the_pupils_changed_shows_a_new_preview_writes_nothing(client, auth, leader, amy):
    auth.login(leader.username)
    preview = upload(client, csv(f"{upn(1)},Amy,Jones,01/05/2012,10,10A"))
    amy.user.last_name = "Jones-Smith"  # changed elsewhere between preview and confirm
    db.session.commit()
    response = confirm(client, preview)
    assert response.status_code == 409
    text = words(response)
    assert "the pupils in the passport changed since your preview" in text
    assert "Name: Amy Jones-Smith → Amy Jones" in text
    db.session.expire_all()
    assert (db.session.get(Pupil, amy.id).year_group, db.session.get(Pupil, amy.id).user.last_name) == (
        9, "Jones-Smith")
    # The fresh preview can be confirmed.
    assert confirm(client, response).status_code == 200
    db.session.expire_all()
    assert db.session.get(Pupil, amy.id).year_group == 10


@pytest.mark.parametrize("change", ["tamper", "fingerprint", "missing"])
def test_a_confirmation_that_is_not_the_previewed_file_is_refused(client, auth, leader, amy, change):
    auth.login(leader.username)
    page = upload(client, csv(f"{upn(2)},Ben,Ng,01/05/2012,9,9C")).get_data(as_text=True)
    data = {"upload": hidden(page, "upload"), "fingerprint": hidden(page, "fingerprint")}
    if change == "tamper":
        data["upload"] = data["upload"][:-3] + ("AAA" if not data["upload"].endswith("AAA") else "BBB")
    elif change == "fingerprint":
        data["fingerprint"] = "0" * 64
    else:
        data.pop("upload")
    response = client.post(f"{URL}/confirm", data=data)
    assert response.status_code in (400, 409)
    assert "Nothing was imported" in words(response)
    db.session.expire_all()
    assert names() == {("Amy", "Jones")}


def test_another_leaders_preview_cannot_be_confirmed(client, auth, school, leader, amy):
    auth.login(leader.username)
    preview = upload(client, csv(f"{upn(2)},Ben,Ng,01/05/2012,9,9C"))
    auth.logout()
    elm = factories.make_school("Elm Park School", "elm")
    auth.login(factories.make_staff(elm, Role.CAREERS_LEADER).username)
    assert confirm(client, preview).status_code == 400
    auth.logout()
    auth.login(factories.make_staff(school, Role.TUTOR).username)
    assert confirm(client, preview).status_code == 403
    db.session.expire_all()
    assert names() == {("Amy", "Jones")}


def test_gender_from_the_file_is_imported_and_a_file_without_it_keeps_it(client, auth, leader, amy):
    """Issue 11: the MIS import reads gender for the cohort report; the preview says it changes
    without showing it, and a later file with no gender column leaves it as it is."""
    auth.login(leader.username)
    header = HEADER.replace(b"\r\n", b",Gender\r\n")
    preview = upload(client, header + f"{upn(1)},Amy,Jones,01/05/2012,9,9B,Female\r\n".encode())
    assert "Gender: updated from the file" in words(preview) and "Female" not in words(preview)
    assert confirm(client, preview).status_code == 200
    db.session.expire_all()
    assert db.session.get(Pupil, amy.id).gender == "F"
    again = upload(client, csv(f"{upn(1)},Amy,Jones,01/05/2012,9,9B"))
    assert "1 already match the file" in words(again)
    confirm(client, again)
    db.session.expire_all()
    assert db.session.get(Pupil, amy.id).gender == "F"
