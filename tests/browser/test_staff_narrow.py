"""Staff pages on a 360 px phone in Chromium (issue 7 items 8 and 9): tables scroll inside a
labelled region with a hint instead of being clipped, the page itself never scrolls sideways,
undoing a verification keeps the typed reason on error, and the import preview flags a rename.
Screenshots go to SCREENSHOT_DIR (default /tmp/screens) as staff-*.png."""

from __future__ import annotations

import functools

import pytest
from passport.extensions import db
from passport.models import Role
from passport.operations import verification as ops
from playwright.sync_api import expect

from .. import factories
from ..web.staff.test_import import HEADER
from ..web.staff.test_import import upn
from .axe import assert_no_axe_violations
from .conftest import browser_context
from .conftest import PHONE
from .conftest import SCREENS
from .conftest import sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser, live_server):
    with browser_context(browser, live_server, **PHONE) as context:
        yield context.new_page()


sign_in = functools.partial(sign_in_as, lands="**/staff/")


def shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"staff-{name}.png"), full_page=True)


def assert_fits_and_tables_scroll(page) -> None:
    """Nothing wider than the screen but the tables' own regions, each with a visible hint; and
    every visible text box, select and text area styled as one (44 px tall at least: an input
    type the stylesheet forgot shows as a tiny browser default)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    unstyled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => !['hidden', 'checkbox', 'radio', 'submit', 'button', 'file'].includes(el.type))
            .filter(el => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
            .map(el => `${el.tagName.toLowerCase()}[type=${el.type}] #${el.id}`)"""
    )
    assert not unstyled, f"inputs the stylesheet does not style: {unstyled}"
    regions = page.locator(".table-scroll")
    for i in range(regions.count()):
        region = regions.nth(i)
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
        expect(page.locator(f"#{region.get_attribute('aria-labelledby')}-hint")).to_be_visible()


def test_staff_pages_at_360px(phone, school):
    leader = factories.make_staff(school, Role.CAREERS_LEADER, first_name="Lee", last_name="Leader")
    group = factories.make_group(school, "9A", 9, tutor=leader)
    amy = factories.make_pupil(school, first_name="Amelia-Rose", last_name="Featherstonehaugh", group=group)
    amy.upn = upn(1)
    db.session.commit()
    for n in range(3):
        factories.make_pupil(school, first_name=f"Pupil{n}", last_name="Longsurname-Example", group=group)
    entry = ops.verify_entry(factories.make_entry(amy, organisation="Acme Builders"), leader, "Seen it")
    page = phone
    sign_in(page, leader.username)

    page.goto(f"/staff/groups/{group.id}")
    assert_fits_and_tables_scroll(page)
    shot(page, "group")

    page.goto("/staff/school")
    expect(page.get_by_role("region", name="Year 9: pupils by criterion")).to_be_visible()
    assert_fits_and_tables_scroll(page)
    assert_no_axe_violations(page, name="school-wide view at 360 px")
    shot(page, "school")

    page.goto(f"/staff/groups/{group.id}/pupils/{amy.id}")
    card = page.locator(f"#entry-{entry.id}")
    card.get_by_text("Undo this confirmation").click()
    card.get_by_role("button", name="Undo the confirmation").click()
    expect(card.get_by_text("Say why you are undoing it: the pupil sees your reason.").first).to_be_visible()
    card.get_by_label("Why are you undoing it?").fill("Verified by mistake")
    card.get_by_role("button", name="Undo the confirmation").click()
    expect(page.locator(f"#entry-{entry.id} .undone-note")).to_contain_text(
        "Lee Leader undid the confirmation on")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "pupil-undone")

    page.goto(f"/staff/groups/{group.id}/pupils/{amy.id}/views")
    expect(page.get_by_role("region", name="Newest first")).to_be_visible()
    assert_fits_and_tables_scroll(page)
    shot(page, "record-views")

    page.goto("/staff/import")
    data = HEADER + f"{upn(1)},Bella,Khan,01/05/2012,9,9A\r\n{upn(2)},Ben,Ng,01/05/2012,9,9C\r\n".encode()
    page.set_input_files("#file", files=[{"name": "pupils.csv", "mimeType": "text/csv", "buffer": data}])
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("1 pupil would get a different name.")).to_be_visible()
    assert_fits_and_tables_scroll(page)
    shot(page, "import-preview")
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_text("1 new pupil, 1 updated")).to_be_visible()
    assert_fits_and_tables_scroll(page)
    shot(page, "import-done")
