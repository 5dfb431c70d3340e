"""A year group's entitlement statements made through the task queue and printed as one PDF
(issue 10, item 4; requirements items 29–30): Huey on SQLite with a real consumer, a page per
pupil in tutor group and name order, each ticked from that pupil's own record only, read back."""

from __future__ import annotations

import io
from datetime import date

import pytest
from passport.extensions import db
from passport.models import BatchKind
from passport.models import FolderBatch
from passport.models import Pupil
from passport.models import Role
from passport.models import User
from passport.operations import batches as batch_ops
from pypdf import PdfReader

from tests import factories
from tests.conftest import AuthActions
from tests.operations.test_batches import queue_app  # noqa: F401 (a fixture)
from tests.operations.test_batches import wait_until_finished
from tests.operations.test_batches import worker  # noqa: F401 (a fixture)

TODAY = "2026-03-10"  # Year 9 of pupils born in 2012


@pytest.fixture
def year9(queue_app):  # noqa: F811
    """Three Year 9 pupils in two tutor groups (named so that id order is not print order), one
    Year 10 pupil, and a leader; Bea met an employer this year, the others did not."""
    queue_app.config["FIXED_TODAY"] = TODAY
    with queue_app.app_context():
        school = factories.make_school("Oakfield Academy", "oak")
        leader = factories.make_staff(school, Role.CAREERS_LEADER)
        tutor = factories.make_staff(school, Role.TUTOR)
        b_group = factories.make_group(school, "9B", 9)
        a_group = factories.make_group(school, "9A", 9, tutor=tutor)
        cal = factories.make_pupil(school, first_name="Cal", last_name="Young", group=b_group)
        bea = factories.make_pupil(school, first_name="Bea", last_name="Zephyr", group=a_group)
        ada = factories.make_pupil(school, first_name="Ada", last_name="Xu", group=a_group)
        factories.make_pupil(school, first_name="Older", year_group=10, dob=date(2011, 5, 1))
        factories.make_entry(bea, organisation="Beacon Engineering", occurred_on=date(2025, 11, 4))
        db.session.commit()
        return {
            "leader": leader.username, "tutor": tutor.username,
            "order": [("Ada", "Xu"), ("Bea", "Zephyr"), ("Cal", "Young")],
            "ids": {p.user.first_name: p.id for p in (ada, bea, cal)},
        }


def test_a_year_groups_statements_print_as_one_pdf_a_page_each(queue_app, worker, year9):  # noqa: F811
    client = queue_app.test_client()
    AuthActions(client).login(year9["leader"])
    page = client.get("/staff/entitlement").get_data(as_text=True)
    assert "Print every Year 9 pupil's statement" in page
    response = client.post("/staff/entitlement/batches/9")
    assert response.status_code == 303
    batch_url = response.headers["Location"]
    batch_id = int(batch_url.rsplit("/", 1)[1])
    progress = wait_until_finished(queue_app, batch_id)
    assert (progress.total, progress.done, progress.failed) == (3, 3, 0)

    page = client.get(batch_url).get_data(as_text=True)
    assert "<h1>Year 9 entitlement statements</h1>" in page
    assert "Download the statements (one PDF to print, a page each)" in page
    listed = client.get("/staff/entitlement").get_data(as_text=True)
    assert "Statements made to print" in listed and "3 of 3 ready" in listed
    assert f"/staff/folders/batches/{batch_id}" not in client.get("/staff/folders").get_data(as_text=True)

    response = client.get(f"{batch_url}/statements.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(response.data))
    response.close()
    assert len(reader.pages) == 3  # one page per pupil, none dropped, none doubled
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]  # lines joined
    for (first, last), text in zip(year9["order"], texts, strict=True):
        assert f"{first} {last}: careers entitlement, Year 9" in text  # 9A by name, then 9B
        assert "As of 10 March 2026" in text
        others = [n for n, _ in year9["order"] if n != first]
        assert not any(f"ticked from {n}'s" in text for n in others)
    employer = "By the end of Year 9 you will have met at least one more employer or employee."
    assert f"{employer} Done Meeting an employer: Beacon Engineering, 4 November 2025" in texts[1]
    assert f"{employer} Still to come" in texts[0] and f"{employer} Still to come" in texts[2]
    assert all("Beacon Engineering" not in texts[i] for i in (0, 2))  # each page is its own record
    assert [o.title for o in reader.outline] == ["Ada Xu", "Bea Zephyr", "Cal Young"]
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title == "Year 9 entitlement statements"

    # Each pupil's tagged PDF is in the zip too; a folders batch has no statements PDF.
    assert "Or each pupil's statement as its own PDF (zip)" in page
    zipped = client.get(f"{batch_url}/folders.zip")
    assert zipped.status_code == 200 and "entitlement-statements" in zipped.headers["Content-Disposition"]
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(zipped.data))
    zipped.close()
    assert len(archive.namelist()) == 3
    first = PdfReader(io.BytesIO(archive.read(archive.namelist()[0])))
    assert "/StructTreeRoot" in first.trailer["/Root"]  # tagged for screen readers
    with queue_app.app_context():
        folders = FolderBatch(school_id=db.session.get(FolderBatch, batch_id).school_id, year_group=9,
                              requested_by_id=db.session.get(FolderBatch, batch_id).requested_by_id)
        db.session.add(folders)
        db.session.commit()
        folders_id = folders.id
    assert client.get(f"/staff/folders/batches/{folders_id}/statements.pdf").status_code == 404


def test_only_the_careers_leader_prints_a_year_group_and_bad_years_say_why(queue_app, year9):  # noqa: F811
    client = queue_app.test_client()
    auth = AuthActions(client)
    auth.login(year9["tutor"])
    assert client.post("/staff/entitlement/batches/9").status_code == 403
    auth.logout()
    auth.login(year9["leader"])
    assert client.post("/staff/entitlement/batches/6").status_code == 404
    assert client.post("/staff/entitlement/batches/14").status_code == 404
    empty = client.post("/staff/entitlement/batches/12", follow_redirects=True)
    assert empty.status_code == 200 and "There are no pupils in Year 12." in empty.get_data(as_text=True)
    with queue_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(FolderBatch)) == 0


def test_a_statement_that_cannot_be_made_is_reported_by_name(queue_app, year9):  # noqa: F811
    """A pupil whose record cannot be read (here: moved to another school after the batch
    started) is reported on the page, never dropped from the print silently."""
    with queue_app.app_context():
        leader = db.session.scalar(db.select(User).where(User.username == year9["leader"]))
        batch = batch_ops.start_batch(leader, 9, BatchKind.STATEMENTS)
        other = factories.make_school("Elm School", "elm")
        moved = db.session.get(Pupil, year9["ids"]["Cal"])
        moved.school_id = other.id
        db.session.commit()
        items = [(i.id, i.pupil_id) for i in batch.items]
        batch_id = batch.id
    from passport.tasks import document_context

    with document_context(queue_app):
        for item_id, _pupil in items:
            batch_ops.build_item(item_id, last_try=True)
    client = queue_app.test_client()
    AuthActions(client).login(year9["leader"])
    page = client.get(f"/staff/folders/batches/{batch_id}").get_data(as_text=True)
    assert "Statements that could not be made" in page
    assert "Cal Young: The statement could not be made: LookupError" in page
    assert "Download the 2 ready statements" in page
