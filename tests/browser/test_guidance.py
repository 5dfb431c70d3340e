"""Recording a guidance interview on a 360 px phone in Chromium: the form, its error summary
with the typed words kept, and the list afterwards have no axe violations and never scroll
sideways (requirements items 10, 20, 43)."""

from __future__ import annotations

import functools
from datetime import date

import pytest
from passport.domain.kinds import ActionOwner
from passport.models import Role
from passport.operations import guidance
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


def test_a_pupil_withdraws_consent_and_the_tutors_next_page_no_longer_shows_the_plan(new_context, school):
    """requirements item 22 (002 B8): tutors see the summary and plan only with the pupil's
    consent, and withdrawing it hides them at once."""
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    group = factories.make_group(school, "11A", 11, tutor=tutor)
    ria = factories.make_pupil(school, first_name="Ria", year_group=11, group=group)
    guidance.record_interview(ria, leader, guidance.InterviewData(
        held_on=date(2026, 3, 2),
        adviser_name="Jo Adviser", adviser_level6=True, advice="Look at engineering apprenticeships.",
        actions=(guidance.ActionData("Visit the college open evening", ActionOwner.PUPIL),),
    ))
    pupil_page = new_context().new_page()
    sign_in_as(pupil_page, ria.user.username, lands="**/passport/")
    tutor_page = new_context().new_page()
    sign_in(tutor_page, tutor.username)
    plan = f"/staff/groups/{group.id}/pupils/{ria.id}/guidance"

    tutor_page.goto(plan)
    expect(tutor_page.get_by_text("Look at engineering apprenticeships.")).to_have_count(0)

    pupil_page.goto("/passport/guidance")
    pupil_page.get_by_label("Yes, my tutor can see it").check()
    pupil_page.get_by_role("button", name="Save my choice").click()
    expect(pupil_page.get_by_role("status")).to_have_text("Your tutor can see it now.")
    assert_no_axe_violations(pupil_page, name="my guidance shared")
    tutor_page.goto(plan)
    expect(tutor_page.get_by_text("Look at engineering apprenticeships.")).to_be_visible()
    expect(tutor_page.get_by_text("Visit the college open evening")).to_be_visible()

    pupil_page.get_by_label("No, keep it between me and my careers adviser").check()
    pupil_page.get_by_role("button", name="Save my choice").click()
    expect(pupil_page.get_by_role("status")).to_contain_text("cannot see it")
    tutor_page.reload()
    expect(tutor_page.get_by_text("Look at engineering apprenticeships.")).to_have_count(0)
    expect(tutor_page.get_by_text("Visit the college open evening")).to_have_count(0)
    assert_no_axe_violations(tutor_page, name="tutor without consent")
