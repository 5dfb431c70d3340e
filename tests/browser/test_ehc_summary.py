"""The EHC annual-review careers summary in Chromium (requirements items 39, 43): reached from
the SENCO's list on a 360 px phone with nothing wider than the screen, and printed (print media)
as a document alone, with no navigation, links or buttons; axe-core finds nothing either way.
Screenshots go to SCREENSHOT_DIR (default /tmp/screens) as ehc-*.png."""

from __future__ import annotations

from datetime import date

import pytest
from passport.models import Role
from passport.operations import targets
from playwright.sync_api import expect

from .. import factories
from ..web.staff.test_ehc_summary import make_ria
from .axe import assert_no_axe_violations
from .conftest import browser_context
from .conftest import PHONE
from .conftest import SCREENS
from .conftest import sign_in_as

pytestmark = pytest.mark.browser


def shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"ehc-{name}.png"), full_page=True)


MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"}


def broken_dates(page) -> list[str]:
    """Words of the document's <time> elements that the layout split over two lines."""
    words = page.evaluate(
        """() => { const out = [], range = document.createRange();
            for (const t of document.querySelectorAll('.document-table time')) {
              const node = t.firstChild; if (!node) continue; const re = /\\S+/g; let m;
              while ((m = re.exec(node.data))) {
                range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
                if (range.getClientRects().length > 1) out.push(m[0]);
              } }
            return out; }"""
    )
    return [w for w in words if w in MONTHS or w.isdigit()]


def test_the_senco_opens_and_prints_the_summary(browser, live_server, school):
    tutor = factories.make_staff(school, Role.TUTOR)
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    adviser = factories.make_staff(school, Role.CAREERS_ADVISER)
    senco = factories.make_staff(school, Role.SENCO, first_name="Rachel", last_name="Okonjo")
    ria = make_ria(school, tutor, leader, adviser)
    # The longest month name, in the narrowest date column.
    targets.set_target(ria, ria.user, "Visit the September open day", date(2026, 9, 24))
    with browser_context(browser, live_server, **PHONE) as context:
        page = context.new_page()
        sign_in_as(page, senco.username, lands="**/staff/")
        # The list's new column scrolls inside its table region; the page never scrolls sideways.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        page.get_by_role("link", name="Careers summary for Ria Patel").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Careers summary: Ria Patel")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        expect(page.get_by_role("button", name="Print")).to_be_visible()
        assert_no_axe_violations(page, name="EHC summary at 360 px")
        assert not broken_dates(page), "a date is cut inside a word at 360 px"
        shot(page, "360")

        page.emulate_media(media="print")
        for hidden in (".site-header", ".document-tools", "[data-print]"):
            expect(page.locator(hidden).first).to_be_hidden()
        expect(page.get_by_role("heading", name="Preparing for adulthood: employment")).to_be_visible()
        expect(page.locator(".write-line").first).to_be_visible()
        # Nothing of the page to click in print: every link left is inside the navigation hidden.
        visible_links = page.evaluate(
            "() => [...document.querySelectorAll('a')].filter(a => a.offsetParent !== null).length"
        )
        assert visible_links == 0
        assert_no_axe_violations(page, name="EHC summary in print")
        shot(page, "print-360")
        # A4 at 96 dpi is 794 px wide: the printed page as it lays out on paper.
        page.set_viewport_size({"width": 794, "height": 1123})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 794
        shot(page, "print-a4")
