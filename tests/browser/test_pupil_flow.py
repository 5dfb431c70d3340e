"""A pupil on a phone: sign in, add an entry through htmx, fix a mistake, and the same
without JavaScript and with the keyboard. Runs in headless Chromium at 360x740.

The test config fixes today at 2026-03-10; the factory pupil is in Year 9 (born 2012-05-01),
so an employer encounter dated 2026-01-15 meets "Meet an employer in Year 9".
"""

from __future__ import annotations

import re

import pytest
from passport.domain.kinds import EntryKind
from passport.extensions import db
from passport.models import Entry
from playwright.sync_api import expect
from playwright.sync_api import Page
from sqlalchemy import func
from sqlalchemy import select

from .. import factories
from .conftest import sign_in_as

pytestmark = pytest.mark.browser

NEW_EMPLOYER_ENCOUNTER = "/passport/entries/new?kind=employer_encounter"


def sign_in(page: Page, username: str, password: str = factories.PASSWORD) -> None:
    sign_in_as(page, username, password=password)


def entries_named(pupil, organisation: str) -> int:
    """How many of the pupil's entries have this organisation, read fresh from the database."""
    db.session.rollback()  # end any read transaction, so we see what the server committed
    count = db.session.scalar(
        select(func.count())
        .select_from(Entry)
        .where(Entry.pupil_id == pupil.id, Entry.organisation == organisation)
    )
    db.session.rollback()
    return count


def fill_employer_encounter(page: Page, *, subtype: str, occurred_on: str, organisation: str) -> None:
    page.get_by_label("What kind?").select_option(subtype)
    page.get_by_label("When was it?").fill(occurred_on)
    page.get_by_label("Which employer or organisation?").fill(organisation)


def test_a_pupil_signs_in_on_a_phone_and_lands_on_home(page, pupil):
    sign_in(page, pupil.user.username)

    expect(page.get_by_role("heading", level=1)).to_have_text("Hi Amy")
    assert page.url.endswith("/passport/")
    # Nothing scrolls sideways at 360px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_wrong_password_shows_the_problem_and_keeps_the_username(page, pupil):
    sign_in(page, pupil.user.username, "not the password")

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("That username and password do not match")
    expect(page.get_by_label("Username")).to_have_value(pupil.user.username)
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_adding_an_entry_swaps_in_the_saved_state_and_the_progress_goes_up(page, pupil, screenshot):
    sign_in(page, pupil.user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi Amy")
    before = int(page.get_by_test_id("met-count").inner_text())
    screenshot(page, "1-home-360")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Add").click()
    page.get_by_role("link", name=re.compile("^Meeting an employer")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add: Meeting an employer")
    form_url = page.url
    assert form_url.endswith(NEW_EMPLOYER_ENCOUNTER)

    fill_employer_encounter(page, subtype="talk", occurred_on="2026-01-15", organisation="Acme Engineering")
    screenshot(page, "2-add-form-360")
    # A full navigation would lose this; an htmx swap keeps it.
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save").click()

    assert posted.value.status == 201
    assert posted.value.request.headers.get("hx-request") == "true"
    saved = page.locator("#entry-form")
    expect(saved.get_by_role("heading", name="Saved to your passport")).to_be_visible()
    expect(saved.get_by_role("heading", name="Saved to your passport")).to_be_focused()
    assert page.url == form_url
    assert page.evaluate("window.__sameDocument") is True
    expect(saved.get_by_test_id("met-count")).to_have_text(str(before + 1))
    expect(saved.locator(".entry-card")).to_contain_text("Acme Engineering")
    screenshot(page, "3-saved-360")

    assert entries_named(pupil, "Acme Engineering") == 1
    # The home page agrees after a real reload.
    page.goto("/passport/")
    expect(page.get_by_test_id("met-count")).to_have_text(str(before + 1))
    expect(page.get_by_role("listitem").filter(has_text="Meet an employer in Year 9")).to_contain_text("Done")


def test_mistakes_come_back_inline_with_focus_on_the_summary_and_nothing_lost(page, pupil):
    sign_in(page, pupil.user.username)
    page.goto(NEW_EMPLOYER_ENCOUNTER)
    form_url = page.url
    fill_employer_encounter(page, subtype="mock_interview", occurred_on="2026-04-01", organisation="")
    page.get_by_label("What happened? (optional)").fill("We practised interview answers.")
    page.evaluate("window.__sameDocument = true")

    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save").click()

    assert posted.value.status == 422
    summary = page.locator("#entry-form .error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator('a[href="#occurred_on"]')).to_contain_text("cannot be in the future")
    expect(summary.locator('a[href="#organisation"]')).to_contain_text("organisation")
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    assert page.url == form_url
    assert page.evaluate("window.__sameDocument") is True
    expect(page.get_by_label("What kind?")).to_have_value("mock_interview")
    expect(page.get_by_label("When was it?")).to_have_value("2026-04-01")
    expect(page.get_by_label("What happened? (optional)")).to_have_value("We practised interview answers.")
    expect(page.get_by_label("Which employer or organisation?")).to_have_attribute("aria-invalid", "true")
    # The summary links go to the fields.
    summary.locator('a[href="#organisation"]').click()
    expect(page.get_by_label("Which employer or organisation?")).to_be_focused()

    assert db.session.scalar(select(func.count()).select_from(Entry)) == 0
    db.session.rollback()


def test_without_javascript_the_form_posts_and_redirects_to_the_entry(new_context, pupil):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, pupil.user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi Amy")
    page.goto(NEW_EMPLOYER_ENCOUNTER)
    fill_employer_encounter(page, subtype="fair", occurred_on="2026-01-15", organisation="Big Careers Fair")

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save").click()

    landed = navigation.value
    redirect = landed.request.redirected_from
    assert redirect is not None and redirect.method == "POST"
    assert redirect.response().status == 303
    assert "hx-request" not in redirect.headers
    assert re.search(r"/passport/entries/[0-9a-f-]{36}$", page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Big Careers Fair")
    expect(page.get_by_text("Saved to your passport.")).to_be_visible()
    assert entries_named(pupil, "Big Careers Fair") == 1
    entry = db.session.scalar(select(Entry).where(Entry.pupil_id == pupil.id))
    assert (entry.kind, entry.subtype, entry.occurred_on.isoformat()) == (
        EntryKind.EMPLOYER_ENCOUNTER,
        "fair",
        "2026-01-15",
    )
    db.session.rollback()


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, pupil):
    sign_in(page, pupil.user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi Amy")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # it shows itself when focused
    page.keyboard.press("Enter")

    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
    assert page.url.endswith("#main")


def test_the_live_server_checks_csrf_tokens(page, pupil):
    """These tests post real forms with CSRF protection on: a post without the token fails."""
    page.goto("/login")
    response = page.request.post(
        "/login", form={"username": pupil.user.username, "password": factories.PASSWORD}
    )
    assert response.status == 400
    assert "This form had expired" in response.text()
    response.dispose()
