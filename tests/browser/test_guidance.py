"""Recording a guidance interview on a 360 px phone in Chromium: the form, its error summary
with the typed words kept, and the list afterwards have no axe violations and never scroll
sideways (requirements items 10, 20, 43)."""

from __future__ import annotations

import functools

import pytest
from passport.models import Role
from playwright.sync_api import expect

from .. import factories
from .axe import assert_no_axe_violations
from .conftest import browser_context
from .conftest import PHONE
from .conftest import sign_in_as

pytestmark = pytest.mark.browser

sign_in = functools.partial(sign_in_as, lands="**/staff/")


@pytest.fixture
def phone(browser, live_server):
    with browser_context(browser, live_server, **PHONE) as context:
        yield context.new_page()


def test_adviser_records_an_interview_on_a_phone(phone, school):
    adviser = factories.make_staff(school, Role.CAREERS_ADVISER, first_name="Jo", last_name="Adviser")
    group = factories.make_group(school, "11A", 11)
    ria = factories.make_pupil(school, first_name="Ria", year_group=11, group=group, ehc_plan=True)
    page = phone
    sign_in(page, adviser.username)
    page.goto(f"/staff/groups/{group.id}/pupils/{ria.id}/guidance/new")
    assert_no_axe_violations(page, name="interview form")
    page.get_by_label("Date of the interview").fill("2026-03-02")
    page.get_by_label("Yes").check()
    page.get_by_label("Action 1", exact=True).fill("Visit the college open evening")
    page.get_by_role("button", name="Save the interview").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Action 1", exact=True)).to_have_value("Visit the college open evening")
    assert_no_axe_violations(page, name="interview form with errors")
    page.get_by_label("Advice given").fill("Look at engineering apprenticeships.")
    page.get_by_label("Who will do action 1?").select_option("pupil")
    page.get_by_role("button", name="Save the interview").click()
    expect(page.get_by_text("Look at engineering apprenticeships.")).to_be_visible()
    assert_no_axe_violations(page, name="interviews")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
