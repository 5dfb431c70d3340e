"""The careers leader's MIS import page, as a full page and as an htmx fragment."""

import io
import re

import pytest
from passport.domain.pupil_checks import upn_check_letter
from passport.extensions import db
from passport.models import Pupil
from passport.models import Role
from passport.models import TutorGroup
from passport.models import User
from sqlalchemy import func
from sqlalchemy import select

from tests import factories

URL = "/staff/import"
HEADER = b"UPN,Legal Forename,Legal Surname,DOB,Year,Reg Group\r\n"


def upn(n: int) -> str:
    digits = f"99943212{n:04d}"
    return upn_check_letter(digits) + digits


GOOD = (
    HEADER + (f"{upn(1)},Amy,Jones,01/05/2012,9,9B\r\n{upn(2)},Zo\u00eb,O'Brien,2011-10-02,9,9C\r\n").encode()
)
BAD = (
    HEADER
    + (
        f"{upn(1)},Amy,Jones,01/05/2012,9,9B\r\n"
        f"{upn(2)},Ben,Ng,31/02/2012,9,9C\r\n"
        f"{upn(1)},Amy,Jones,01/05/2012,9,9B\r\n"
    ).encode()
)


def upload(client, data: bytes, filename: str = "pupils.csv"):
    return client.post(URL, data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def confirm(client, preview):
    """Press Confirm on a preview page: post back its signed upload and fingerprint."""
    page = preview.get_data(as_text=True)
    data = {"upload": hidden(page, "upload"), "fingerprint": hidden(page, "fingerprint")}
    return client.post(f"{URL}/confirm", data=data)


def import_file(client, data: bytes, filename: str = "pupils.csv"):
    """Upload, check the preview is a preview (200, nothing written), then confirm it."""
    preview = upload(client, data, filename)
    assert preview.status_code == 200, preview.get_data(as_text=True)
    assert "Confirm and import" in preview.get_data(as_text=True)
    return confirm(client, preview)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def signed_in(client, auth, leader):
    auth.login(leader.username)
    return client


def test_the_page_has_a_labelled_file_field(signed_in):
    response = signed_in.get(URL)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<label class="label" for="file">CSV file from your MIS</label>' in page
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert "There is a problem" not in page


def test_the_careers_leader_home_links_to_the_import(signed_in):
    assert "Import pupils from your MIS" in signed_in.get("/staff/").get_data(as_text=True)


def test_a_good_file_creates_pupils_and_links_their_groups(signed_in, school):
    response = import_file(signed_in, GOOD)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Imported pupils.csv" in page
    assert "2 new pupils, 0 updated, 2 new tutor groups." in page
    assert "<code>amy.jones</code>" in page and "<code>zoe.obrien</code>" in page
    groups = {
        g.name: g.id for g in db.session.scalars(select(TutorGroup).where(TutorGroup.school_id == school.id))
    }
    assert set(groups) == {"9B", "9C"}
    for group_id in groups.values():
        assert f'href="/staff/groups/{group_id}"' in page
    assert '<caption id="import-1-caption">New pupils (2)</caption>' in page
    assert '<th scope="row">O&#39;Brien, Zoë</th>' in page
    assert count(Pupil, Pupil.school_id == school.id) == 2


def test_uploading_again_updates_instead_of_duplicating(signed_in, school):
    import_file(signed_in, GOOD)
    response = import_file(signed_in, GOOD)
    assert response.status_code == 200
    assert "0 new pupils, 2 updated." in response.get_data(as_text=True)
    assert count(Pupil, Pupil.school_id == school.id) == 2


def test_a_bad_file_lists_every_problem_by_line_and_writes_nothing(signed_in):
    users, groups = count(User), count(TutorGroup)
    response = upload(signed_in, BAD)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported" in page
    assert "pupils.csv has 2 problems." in page
    assert '<th scope="col">Line</th><th scope="col">Column</th><th scope="col">Problem</th>' in page
    caption = "Problems in pupils.csv, by line (the header is line 1)"
    assert f'<caption id="import-problems-caption">{caption}</caption>' in page
    flat = re.sub(r"\s+", " ", page)
    problem = "&#39;31/02/2012&#39; is not a date (use DD/MM/YYYY)"
    assert f'<th scope="row">3</th> <td>DOB</td> <td>{problem}</td>' in flat
    assert f"&#39;{upn(1)}&#39; is also on line 2" in page
    assert (count(User), count(TutorGroup)) == (users, groups)


@pytest.mark.parametrize(
    "data, filename, message",
    [
        pytest.param(None, None, "Choose the CSV file exported from your MIS.", id="no-file"),
        pytest.param(GOOD, "pupils.xlsx", "Choose a .csv file.", id="wrong-extension"),
        pytest.param(
            b"PK\x03\x04\x00\x00", "pupils.csv", "This is an Excel workbook", id="workbook-named-csv"
        ),
        pytest.param(b"", "pupils.csv", "The file is empty.", id="empty-upload"),
        pytest.param(
            b"Name,Class\r\nAmy,9B\r\n", "pupils.csv", "The header row has no UPN", id="wrong-columns"
        ),
    ],
)
def test_files_that_cannot_be_imported_say_why(signed_in, data, filename, message):
    if data is None:
        response = signed_in.post(URL, data={}, content_type="multipart/form-data")
    else:
        response = upload(signed_in, data, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert count(User, User.role == Role.PUPIL) == 0


def test_upper_case_extension_is_fine(signed_in):
    assert import_file(signed_in, GOOD, "PUPILS.CSV").status_code == 200


def test_htmx_gets_the_result_fragment_only(client, auth, leader):
    auth.login(leader.username)
    client.environ_base["HTTP_HX_REQUEST"] = "true"
    bad = upload(client, BAD)
    assert bad.status_code == 422
    body = bad.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="import-result">')
    assert "<html" not in body and "Check the file" not in body
    assert "Nothing was imported" in body
    preview = upload(client, GOOD)
    assert preview.status_code == 200
    body = preview.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="import-result">') and "Confirm and import" in body
    assert 'hx-post="/staff/import/confirm"' in body
    good = confirm(client, preview)
    assert good.status_code == 200
    body = good.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="import-result">')
    assert "<code>amy.jones</code>" in body
    assert "HX-Request" in good.headers["Vary"]


def test_the_full_page_form_upgrades_to_htmx_on_the_result_region(signed_in):
    page = signed_in.get(URL).get_data(as_text=True)
    assert 'hx-post="/staff/import"' in page
    assert 'hx-target="#import-result"' in page
    assert 'hx-encoding="multipart/form-data"' in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tutor_gets_403_and_no_link(client, auth, school, method):
    tutor = factories.make_staff(school, Role.TUTOR)
    auth.login(tutor.username)
    response = client.get(URL) if method == "get" else upload(client, GOOD)
    assert response.status_code == 403
    assert count(User, User.role == Role.PUPIL) == 0
    assert "Import pupils from your MIS" not in client.get("/staff/").get_data(as_text=True)


def test_a_pupil_gets_403(client, auth, pupil):
    auth.login(pupil.user.username)
    users = count(User)
    assert client.get(URL).status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert count(User) == users


def test_signed_out_goes_to_sign_in(client, school):
    response = upload(client, GOOD)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert count(User, User.role == Role.PUPIL) == 0


def test_another_schools_leader_imports_into_their_own_school_only(client, auth, school):
    # School A already has the pupil with UPN 1; school B's leader imports the same UPN.
    group_a = factories.make_group(school, "9B", 9)
    theirs = factories.make_pupil(school, first_name="Amy", last_name="Jones", group=group_a)
    theirs.upn = upn(1)
    db.session.commit()
    elm = factories.make_school("Elm Park School", "elm")
    leader_b = factories.make_staff(elm, Role.CAREERS_LEADER)
    auth.login(leader_b.username)

    response = import_file(client, GOOD.replace(b"Amy,Jones", b"Amelia,Smith"))

    assert response.status_code == 200
    assert "2 new pupils, 0 updated" in response.get_data(as_text=True)
    db.session.expire_all()
    a = db.session.get(Pupil, theirs.id)
    assert (a.user.first_name, a.user.last_name, a.tutor_group_id, a.school_id) == (
        "Amy",
        "Jones",
        group_a.id,
        school.id,
    )
    assert count(Pupil, Pupil.school_id == school.id) == 1
    assert count(Pupil, Pupil.school_id == elm.id) == 2
    assert count(TutorGroup, TutorGroup.school_id == school.id) == 1
