"""Every pupil page at 360x740 in Chromium (issue 7 item 9, requirements item 43): axe finds no
WCAG 2.2 AA problem, nothing scrolls sideways, the navigation and the sync line leave the
screen to the content, locked fields look locked, and a text box counts characters instead of
cutting a paste. Screenshots go to /tmp/shots-pupil/ for people to look at.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from passport.models import ActionOwner
from passport.models import Role
from passport.operations import guidance
from passport.operations import sharing
from passport.operations import verification
from playwright.sync_api import expect
from playwright.sync_api import Page

from .. import factories
from .axe import assert_no_axe_violations
from .test_pupil_flow import sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("PUPIL_SHOTS_DIR", "/tmp/shots-pupil"))
# Requirements item 43 (mobile-first): at most this much of a 740 px screen goes to the header,
# the navigation and the sync line before the page's own first heading (it was 30%).
CHROME_BUDGET_PX = 120


# The service worker is blocked: these tests are about the pages themselves, and on a loaded
# machine its network timeout answered a slow page with the offline copy (tests/browser/
# test_offline.py tests the worker).


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def chrome_px(page: Page) -> dict:
    """Pixels of a 740 px screen the fixed parts take: above the first heading of main, and a
    bar fixed to the bottom (if any)."""
    return page.evaluate(
        """() => {
          window.scrollTo(0, 0);
          const h = document.querySelector('main h1:not(.visually-hidden), main h2, main .pass');
          const bottom = document.querySelector('.tab-bar');
          const fixed = bottom && getComputedStyle(bottom).position === 'fixed';
          return {top: Math.round(h.getBoundingClientRect().top),
                  bottom: fixed ? Math.round(bottom.getBoundingClientRect().height) : 0};
        }"""
    )


@pytest.fixture
def record(school, pupil):
    """Amy's record: one entry confirmed by her tutor (with a proof link), one rejected with a
    reason, and five with no reflection."""
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Sam", last_name="Hill")
    confirmed = factories.make_entry(pupil, organisation="Arup", subtype="fair")
    verification.verify_entry(confirmed, tutor)
    rejected = factories.make_entry(pupil, organisation="Greggs", subtype="talk")
    verification.reject_entry(rejected, tutor, "Which day was it? The talk was in February.")
    for name in ("Boots", "Aldi", "BT", "Arriva"):
        factories.make_entry(pupil, organisation=name, subtype="talk")
    adviser = factories.make_staff(school, Role.CAREERS_ADVISER)
    guidance.record_interview(pupil, adviser, guidance.InterviewData(
        held_on=date(2026, 3, 2), adviser_name="Jo Adviser", adviser_level6=True, advice="Try college.",
        further_offered=True,
        actions=(guidance.ActionData("Visit the open evening", ActionOwner.PUPIL, date(2026, 4, 1)),
                 guidance.ActionData("Send links", ActionOwner.ADVISER)),
    ))
    return {
        "confirmed": confirmed.client_uuid,
        "rejected": rejected.client_uuid,
        "proof": sharing.statement_for(confirmed),
    }


def pupil_pages(record) -> dict[str, str]:
    confirmed, rejected = record["confirmed"], record["rejected"]
    return {
        "home": "/passport/",
        "timeline": "/passport/timeline",
        "choose-kind": "/passport/entries/new",
        "add-employer": "/passport/entries/new?kind=employer_encounter",
        "add-provider": "/passport/entries/new?kind=provider_encounter",
        "add-interview": "/passport/entries/new?kind=guidance_interview",
        "entry-confirmed": f"/passport/entries/{confirmed}",
        "entry-rejected": f"/passport/entries/{rejected}",
        "edit-locked": f"/passport/entries/{confirmed}/edit",
        "edit-rejected": f"/passport/entries/{rejected}/edit",
        "reflect": f"/passport/entries/{rejected}/reflection",
        "delete": f"/passport/entries/{rejected}/delete",
        "scan": "/passport/scan",
        "pass": "/passport/pass",
        "sharing": "/passport/sharing",
        "guidance": "/passport/guidance",
    }


def test_every_pupil_page_at_360px_has_no_axe_violations_and_no_sideways_scroll(
    new_context, pupil, record
):
    page = new_context(service_workers="block").new_page()
    sign_in(page, pupil.user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi Amy")
    for name, path in pupil_pages(record).items():
        page.goto(path)
        page.wait_for_load_state("load")
        shoot(page, name)
        assert_no_axe_violations(page, name=name)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
    # The public proof page, opened by someone with no account.
    stranger = new_context(service_workers="block").new_page()
    stranger.goto(f"/verify/{record['proof']}")
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Oakfield Academy confirms this")
    shoot(stranger, "proof")
    assert_no_axe_violations(stranger, name="proof")


def test_the_navigation_and_sync_line_leave_the_screen_to_the_content(new_context, pupil, record):
    """Issue 7 item 9: at 360x740 the header, navigation and sync line took ~30% of the screen
    before any content, and the sync line sat outside every landmark (axe `region`)."""
    page = new_context(service_workers="block").new_page()
    sign_in(page, pupil.user.username)
    expect(page.locator("#sync-status")).to_be_visible()
    # The sync line is inside a landmark (the banner), so axe's region rule holds on it.
    assert page.locator("header #sync-status, main #sync-status, nav #sync-status").count() == 1
    sizes = {}
    for name in ("home", "timeline", "add-employer", "pass", "scan"):
        page.goto(pupil_pages(record)[name])
        expect(page.locator("#sync-status")).to_be_visible()
        sizes[name] = chrome_px(page)
    print("\nchrome at 360x740 (px above the first heading, px of a bottom bar):", sizes)
    for name, size in sizes.items():
        assert size["top"] + size["bottom"] <= CHROME_BUDGET_PX, (name, size)
    # Every navigation target is still at least 44 px tall (WCAG 2.5.8; the app's own 44 px).
    heights = page.eval_on_selector_all(
        "nav[aria-label=Main] a, [data-signout] button",
        "els => els.map(e => e.getBoundingClientRect().height)",
    )
    assert heights and min(heights) >= 44, heights


def test_a_confirmed_entry_shows_its_locked_fields_as_locked_before_the_pupil_types(
    new_context, pupil, record
):
    page = new_context(service_workers="block").new_page()
    sign_in(page, pupil.user.username)
    page.goto(pupil_pages(record)["edit-locked"])
    why = page.locator("#locked-why")
    expect(why).to_contain_text("Confirmed by Sam Hill")
    expect(why).to_contain_text("can't change")
    organisation = page.get_by_label("Which employer or organisation?")
    expect(organisation).to_have_attribute("readonly", "")
    expect(organisation).to_have_attribute("aria-describedby", "locked-why")
    expect(page.get_by_label("When was it?")).not_to_be_editable()
    expect(page.get_by_label("What kind?")).to_be_disabled()
    # What can still change, can.
    page.get_by_label("What happened? (optional)").fill("Arup showed us a bridge model.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".flash-success")).to_have_text("Your changes are saved.")


def test_pasting_more_than_the_limit_keeps_every_character_and_says_how_many_too_many(
    new_context, pupil, record
):
    page = new_context(service_workers="block").new_page()
    sign_in(page, pupil.user.username)
    page.goto(pupil_pages(record)["add-employer"])
    box = page.get_by_label("What happened? (optional)")
    count = page.locator("#description-count")
    expect(count).to_have_text("You have 2,000 characters left")
    box.fill("x" * 1990)
    expect(count).to_have_text("You have 10 characters left")
    text = "A long account pasted from notes. " * 62  # 2,108 characters
    box.fill(text)
    assert len(box.input_value()) == len(text)  # nothing cut off
    expect(count).to_have_text("You have 108 characters too many")
    # Screen readers hear it once typing pauses (a polite live region), not per keystroke.
    expect(page.locator("#description-count-live")).to_have_text("You have 108 characters too many")
    shoot(page, "add-too-long")
    page.get_by_label("What kind?").select_option("talk")
    page.get_by_label("Which employer or organisation?").fill("Arup")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("Keep this under 2000 characters.")
    # The answer (an htmx swap) keeps every character typed, and its count works again.
    assert page.get_by_label("What happened? (optional)").input_value() == text
    page.get_by_label("What happened? (optional)").fill("Short now.")
    expect(page.locator("#description-count")).to_have_text("You have 1,990 characters left")
    assert_no_axe_violations(page, name="add with an error")


def test_home_puts_a_rejected_entry_first_with_its_reason_and_lists_every_reflection(
    new_context, pupil, record
):
    page = new_context(service_workers="block").new_page()
    sign_in(page, pupil.user.username)
    rejected = page.locator("#rejected")
    expect(rejected).to_contain_text("1 entry was not confirmed")
    expect(rejected).to_contain_text("Reason from Sam Hill: Which day was it?")
    # It comes before the progress and the reflections on the page.
    order = page.evaluate(
        "['#rejected', '#progress', '#reflect-heading']"
        ".map(s => document.querySelector(s).getBoundingClientRect().top)"
    )
    assert order == sorted(order), order
    expect(page.get_by_test_id("rejected-note")).to_contain_text("does not count here")
    # 5 to write (the rejected one is not asked for first): 3 shown, the other 2 one tap away.
    section = page.locator("section", has=page.locator("#reflect-heading"))
    expect(section).to_contain_text("You have 5 to write.")
    expect(section.get_by_role("link", name=re.compile("^Reflect on"))).to_have_count(3)
    section.get_by_text("Show the other 2").click()
    expect(section.get_by_role("link", name=re.compile("^Reflect on"))).to_have_count(5)
    expect(section.get_by_role("link", name="Reflect on Greggs")).to_have_count(0)
    rejected.get_by_role("link", name=re.compile("^Fix it")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change: Meeting an employer")
