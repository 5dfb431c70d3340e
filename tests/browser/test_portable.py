"""The pupil's copy of their record and the import at a new school, in Chromium at 360 px (issue
9 item 4; requirements items 21 and 38): the pupil finds "what we hold about you" from their
record, reads it and downloads everything; the careers leader at the new school brings that
file across and sees what came with its confirmation intact. axe-core finds nothing on either
page. Screenshots: SCREENSHOT_DIR (portable-*.png)."""

from __future__ import annotations

import json

import pytest
from passport.extensions import db
from passport.models import Role
from playwright.sync_api import expect

from .. import factories
from ..web.portable.helpers import full_record
from .axe import assert_no_axe_violations
from .conftest import sign_in_as

pytestmark = pytest.mark.browser


def no_wider_than_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_pupil_downloads_their_record_and_their_new_school_brings_it_across(
    new_context, school, pupil, screenshot, tmp_path
):
    full_record(school, pupil)
    page = new_context().new_page()
    sign_in_as(page, pupil.user.username, lands="**/passport/")
    page.goto("/passport/timeline")
    page.get_by_role("link", name="Your data: what we hold about you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What we hold about you")
    expect(page.get_by_role("heading", level=3, name="Your CV")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Your leavers' folder")).to_be_visible()
    assert_no_axe_violations(page)
    no_wider_than_the_screen(page)
    screenshot(page, "portable-what-we-hold-360")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    record = json.loads(exported.read_text())
    assert record["pupil"]["upn"] == pupil.upn and len(record["entries"]) == 2

    elm = factories.make_school("Elm Park School", "elm")
    arrived = factories.make_pupil(elm, first_name="Amy", last_name="Jones")
    arrived.upn = pupil.upn
    leader = factories.make_staff(elm, Role.CAREERS_LEADER)
    db.session.commit()
    staff = new_context().new_page()
    sign_in_as(staff, leader.username, lands="**/staff/")
    staff.get_by_role("link", name="Bring a pupil's record from another school").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Bring a pupil's record from another school")
    assert_no_axe_violations(staff)
    staff.get_by_label("The pupil's passport file (.json)").set_input_files(str(exported))
    staff.get_by_role("button", name="Bring the record across").click()
    result = staff.get_by_role("status")
    expect(result).to_contain_text("2 entries added, 1 still confirmed by")
    assert_no_axe_violations(staff)
    no_wider_than_the_screen(staff)
    screenshot(staff, "portable-import-done-360")

    wrong = tmp_path / "notes.json"
    wrong.write_text('{"hello": 1}')
    staff.get_by_label("The pupil's passport file (.json)").set_input_files(str(wrong))
    staff.get_by_role("button", name="Bring the record across").click()
    expect(staff.get_by_role("alert")).to_contain_text("not a Career Passport export")
    assert_no_axe_violations(staff)
    screenshot(staff, "portable-import-refused-360")
