"""The leavers' folder pages (issue 9, item 2; requirements item 27): the pupil's choices and
uploads, the staff page of a pupil's folder, the careers leader's letter and batch pages; bad
files refused with a message and what was typed kept; each role and school only its own."""

from __future__ import annotations

import io
import re

import pytest
from passport.extensions import db
from passport.models import DocumentKind
from passport.models import FolderBatch
from passport.models import FolderDocument
from passport.models import Role
from passport.operations import batches as batch_ops
from passport.operations import entries as entry_ops
from passport.operations import folder as ops
from PIL import Image
from pypdf import PdfReader
from pypdf import PdfWriter
from werkzeug.test import EnvironBuilder

from tests import factories
from tests.conftest import AuthActions
from tests.documents.test_folder import one_page_pdf
from tests.documents.test_folder import png_bytes


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (300, 200), (10, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS: where the photo was taken
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def upload(client, url, data: bytes, filename="file.bin", title="Bronze award", kind="certificate"):
    """POST a file as a browser does. The test client spools a body over 500 kB to a temporary
    file it never closes; this closes it."""
    form = {"kind": kind, "title": title, "file": (io.BytesIO(data), filename)}
    environ = EnvironBuilder(path=url, method="POST", data=form).get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()


@pytest.fixture
def signed_in(client, auth, pupil):
    auth.login(pupil.user.username)
    return client


def test_pupil_uploads_an_image_and_it_is_reencoded_without_exif(signed_in, pupil):
    response = upload(signed_in, "/passport/folder/documents", jpeg_with_gps(), "photo.jpg")
    assert response.status_code == 303
    document = db.session.scalar(db.select(FolderDocument))
    assert document.media_type == "image/jpeg" and document.pupil_id == pupil.id
    with Image.open(io.BytesIO(document.content)) as stored:
        assert not stored.getexif()  # no camera, no GPS position
    assert b"PhoneMaker" not in document.content
    page = signed_in.get("/passport/folder").get_data(as_text=True)
    assert "Bronze award" in page and "Image" in page


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"MZ\x90\x00 a program", "certificate.pdf", "is not a PDF, or a photo or scan"),
        (b"<html><script>alert(1)</script></html>", "cert.png", "is not a PDF, or a photo or scan"),
        (b"", "empty.pdf", "That file is empty"),
        (b"%PDF-1.4\n garbage without an end", "broken.pdf", "could not be opened"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "broken.png", "could not be opened"),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), "huge.pdf", "the most is 5 MB"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_the_name_kept(signed_in, data, filename, message):
    response = upload(signed_in, "/passport/folder/documents", data, filename, title="My “special” award")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'value="My “special” award"' in page
    assert db.session.scalar(db.select(db.func.count()).select_from(FolderDocument)) == 0


def test_a_pdf_with_a_password_or_too_many_pages_is_refused(signed_in):
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(one_page_pdf("Secret"))))
    writer.encrypt("pw")
    locked = io.BytesIO()
    writer.write(locked)
    assert "has a password" in upload(signed_in, "/passport/folder/documents", locked.getvalue()).get_data(
        as_text=True
    )
    many = PdfWriter()
    for _ in range(11):
        many.append(PdfReader(io.BytesIO(one_page_pdf("Page"))))
    out = io.BytesIO()
    many.write(out)
    response = upload(signed_in, "/passport/folder/documents", out.getvalue())
    assert response.status_code == 422 and "has 11 pages" in response.get_data(as_text=True)


def test_a_file_far_over_the_cap_gets_413_before_it_is_read(signed_in):
    response = upload(signed_in, "/passport/folder/documents", b"%PDF-" + b"0" * (11 * 1024 * 1024))
    assert response.status_code == 413
    assert db.session.scalar(db.select(db.func.count()).select_from(FolderDocument)) == 0


def test_pupil_chooses_what_goes_in_and_downloads_the_pdf(signed_in, pupil):
    entry = factories.make_entry(pupil, organisation="Arup")
    entry_ops.save_reflection(entry, pupil.user, {"work_like": "Busy and kind."}, 0)
    db.session.commit()
    page = signed_in.get("/passport/folder").get_data(as_text=True)
    assert f'name="reflection" value="{entry.id}"' in page
    assert (
        signed_in.post(
            "/passport/folder/contents", data={"reflection": [str(entry.id), "x", "999999"]}
        ).status_code
        == 303
    )
    response = signed_in.get("/passport/folder.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert re.match(
        r'attachment; filename="leavers-folder-Amy-Jones.pdf"', response.headers["Content-Disposition"]
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Busy and kind." in text


def test_pupil_cannot_touch_another_pupils_documents(client, auth, school, pupil):
    other = factories.make_pupil(school, first_name="Bea")
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    theirs = ops.add_document(leader, other, DocumentKind.CERTIFICATE, "Bea's award", png_bytes())
    auth.login(pupil.user.username)
    assert client.post(f"/passport/folder/documents/{theirs.id}/delete").status_code == 404
    assert "Bea's award" not in client.get("/passport/folder").get_data(as_text=True)
    assert db.session.get(FolderDocument, theirs.id) is not None


def test_staff_folder_pages_follow_the_record_scope(client, auth, school, pupil):
    """Tutors see their own group's pupils only; another school's careers leader none; the
    SENCO is not a folder keeper (access.FOLDER_KEEPERS)."""
    tutor = factories.make_staff(school, Role.TUTOR)
    other_tutor = factories.make_staff(school, Role.TUTOR)
    group = factories.make_group(school, "9A", tutor=tutor)
    pupil.tutor_group_id = group.id
    db.session.commit()
    elsewhere = factories.make_staff(factories.make_school("Elm", "elm"), Role.CAREERS_LEADER)
    senco = factories.make_staff(school, Role.SENCO)
    url = f"/staff/pupils/{pupil.id}/folder"
    auth.login(tutor.username)
    assert client.get(url).status_code == 200
    assert (
        upload(
            client, url + "/documents", png_bytes(), title="Reference from Arup", kind="reference"
        ).status_code
        == 303
    )
    assert client.get(url + ".pdf").status_code == 200
    for outsider, status in ((other_tutor, 404), (elsewhere, 404), (senco, 403)):
        auth.logout()
        auth.login(outsider.username)
        assert client.get(url).status_code == status
        assert client.get(url + ".pdf").status_code == status
        assert upload(client, url + "/documents", png_bytes()).status_code == status
    assert db.session.scalar(db.select(db.func.count()).select_from(FolderDocument)) == 1


def test_the_letter_refuses_unknown_fields_and_keeps_the_text(client, auth, school, pupil):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    auth.login(leader.username)
    typed = "Dear {firstname},\n\nWell done."
    response = client.post(
        "/staff/folders/letter",
        data={"template": typed, "signed_by": "Ms Patel", "signer_role": "Headteacher"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "There is no merge field {firstname}" in page
    assert "Dear {firstname}," in page
    for bad, message in (
        ("{first_name:>99999}", "as its name in braces alone"),
        ("{first_name.__class__}", "no merge field"),
        ("Dear {first_name", "is not closed"),
    ):
        response = client.post(
            "/staff/folders/letter", data={"template": bad, "signed_by": "Ms Patel", "signer_role": "Head"}
        )
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    good = "Dear {first_name},\n\nYou did {activities} activities at {school}. {{Braces}} stay."
    assert (
        client.post(
            "/staff/folders/letter",
            data={"template": good, "signed_by": "Ms Patel", "signer_role": "Headteacher"},
        ).status_code
        == 303
    )
    auth.logout()
    auth.login(pupil.user.username)
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(client.get("/passport/folder.pdf").data)).pages
    )
    assert "Dear Amy," in text and "You did 0 activities at Oakfield Academy. {Braces} stay." in text
    assert "Ms Patel" in text and "A letter from the headteacher" in text


def test_batch_progress_polls_while_running_and_stops_when_finished(client, hx, school):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    factories.make_pupil(school, year_group=11)
    batch = batch_ops.start_batch(leader, 11)  # the memory queue: nothing runs it
    AuthActions(hx).login(leader.username)
    fragment = hx.get(f"/staff/folders/batches/{batch.id}").get_data(as_text=True)
    assert 'hx-trigger="every 2s"' in fragment and "<h1>" not in fragment
    assert "0 of 1 done" in fragment
    from passport.tasks import document_context

    with document_context(client.application):
        batch_ops.build_item(batch.items[0].id, last_try=True)
    fragment = hx.get(f"/staff/folders/batches/{batch.id}").get_data(as_text=True)
    assert "hx-trigger" not in fragment and "1 of 1 done" in fragment and "folders.zip" in fragment
    assert db.session.get(FolderBatch, batch.id) is not None


def test_year_group_out_of_range_is_refused_with_a_message(client, auth, school):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    auth.login(leader.username)
    response = client.post("/staff/folders/batches", data={"year_group": "6"})
    assert response.status_code == 422 and "from 7 to 13" in response.get_data(as_text=True)
    response = client.post("/staff/folders/batches", data={"year_group": "12"})
    assert response.status_code == 422 and "no pupils in Year 12" in response.get_data(as_text=True)
