"""The leavers' folder in Chromium at 360 px (issue 9, items 2 and 3): the pupil chooses what goes
in, adds a certificate and downloads the PDF; the careers leader makes a year group's folders and
watches the progress bar fill through htmx while a real worker makes them, then downloads the
zip. axe-core finds nothing on each page. Screenshots: SCREENSHOT_DIR (folder-*.png)."""

from __future__ import annotations

import io
import zipfile

import pytest
from passport.models import Role
from passport.operations import entries as entry_ops
from passport.tasks import consumer
from playwright.sync_api import expect
from pypdf import PdfReader

from .. import factories
from ..conftest import make_test_app
from ..documents.test_folder import png_bytes
from .axe import assert_no_axe_violations
from .conftest import browser_context
from .conftest import PHONE
from .conftest import SCREENS
from .conftest import serve
from .conftest import sign_in_as

pytestmark = pytest.mark.browser


def no_wider_than_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_pupil_fills_and_downloads_their_folder(page, pupil, screenshot, tmp_path):
    entry = factories.make_entry(pupil, organisation="Arup")
    entry_ops.save_reflection(entry, pupil.user, {"work_like": "Engineers drew a bridge with us."}, 0)
    sign_in_as(page, pupil.user.username, lands="**/passport/")
    page.get_by_role("link", name="My leavers' folder").click()
    expect(page.get_by_role("heading", level=1, name="My leavers' folder")).to_be_visible()
    assert_no_axe_violations(page)
    no_wider_than_the_screen(page)

    page.get_by_label("Arup").check()
    page.get_by_role("button", name="Save what goes in").click()
    expect(page.get_by_text("Your choices for your leavers' folder are saved.")).to_be_visible()
    expect(page.get_by_label("Arup")).to_be_checked()

    certificate = tmp_path / "award.png"
    certificate.write_bytes(png_bytes())
    page.get_by_label("Its name").fill("First aid certificate")
    page.get_by_label("The file").set_input_files(str(certificate))
    page.get_by_role("button", name="Add to the folder").click()
    expect(page.get_by_role("heading", name="First aid certificate")).to_be_visible()

    text_file = tmp_path / "notes.pdf"
    text_file.write_text("not really a pdf")
    page.get_by_label("Its name").fill("My notes")
    page.get_by_label("The file").set_input_files(str(text_file))
    page.get_by_role("button", name="Add to the folder").click()
    expect(page.get_by_role("alert")).to_contain_text("That file is not a PDF, or a photo or scan")
    expect(page.get_by_label("Its name")).to_have_value("My notes")
    assert_no_axe_violations(page)
    screenshot(page, "folder-pupil")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my folder (PDF)").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Engineers drew a bridge with us." in text and "Certificate: First aid certificate" in text


def test_careers_leader_watches_a_year_groups_folders_being_made(browser, _schema, tmp_path):
    app = make_test_app(
        _schema,
        WTF_CSRF_ENABLED=True,
        TASK_QUEUE_URL=f"sqlite:///{tmp_path / 'tasks.sqlite3'}",
        TASK_RETRY_DELAY=0,
    )
    with app.app_context():
        school = factories.make_school("Oakfield Academy", "oak")
        leader = factories.make_staff(school, Role.CAREERS_LEADER)
        for n in range(6):
            pupil = factories.make_pupil(school, first_name=f"Y{n}", year_group=11)
            factories.make_entry(pupil, organisation="Arup")
        username = leader.username
    worker = consumer(app, workers=1, worker_type="thread")
    with serve(app) as url, browser_context(browser, url, **PHONE) as context:
        page = context.new_page()
        sign_in_as(page, username, lands="**/staff/")
        page.get_by_role("link", name="Leavers' folders and the principal's letter").click()
        assert_no_axe_violations(page)
        no_wider_than_the_screen(page)
        page.get_by_role("spinbutton", name="Year group").fill("11")
        page.get_by_role("button", name="Make the folders").click()
        expect(page.get_by_role("heading", name="Making the folders")).to_be_visible()
        expect(page.get_by_text("0 of 6 done")).to_be_visible()
        assert_no_axe_violations(page)
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / "folder-batch-running.png"), full_page=True)
        page.evaluate("window.__same_page = true")  # gone if the page were reloaded
        worker.start()
        try:
            expect(page.get_by_role("heading", name="Finished")).to_be_visible(timeout=90_000)
        finally:
            worker.stop(graceful=True)
        assert page.evaluate("window.__same_page === true")  # htmx swapped the progress in place
        expect(page.get_by_text("6 of 6 done")).to_be_visible()
        assert_no_axe_violations(page)
        page.screenshot(path=str(SCREENS / "folder-batch-finished.png"), full_page=True)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the folders (zip)").click()
        archive = zipfile.ZipFile(download.value.path())
        assert len(archive.namelist()) == 6
