"""Parents and carers on a 360 px phone in Chromium (issue 10): a tutor prints the letters, a
parent signs up with a code (a wrong one first: the message, with what they typed kept), reads
the statement; the careers leader's statement editor; axe-core finds no violations and no page
scrolls sideways (requirements items 29, 30, 43)."""

from __future__ import annotations

import functools
import re

import pytest
from passport.models import Role
from playwright.sync_api import expect

from .. import factories
from .axe import assert_no_axe_violations
from .conftest import sign_in_as

pytestmark = pytest.mark.browser

CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_parent_signs_up_with_the_letters_code_and_reads_the_statement(new_context, school, screenshot):
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    amy = factories.make_pupil(school, first_name="Amy", last_name="Jones", group=group)
    factories.make_entry(amy, organisation="Arup")

    staff = new_context().new_page()
    sign_in_as(staff, tutor.username, lands="**/staff/")
    staff.goto(f"/staff/groups/{group.id}")
    staff.get_by_role("button", name="Make letters for 9A").click()
    expect(staff.get_by_text("Dear parent or carer of")).to_be_visible()
    assert_no_axe_violations(staff, name="parent letters")
    _no_sideways_scroll(staff)
    screenshot(staff, "parent-letters")
    code = staff.locator(".letter-code").first.inner_text()
    assert CODE.fullmatch(code)

    page = new_context().new_page()
    page.goto("/login")
    page.get_by_role("link", name="Sign up to see your child's careers entitlement").click()
    page.get_by_label("Code from the letter").fill("AAAA-BBBB")
    page.get_by_label("Your first name").fill("Pam")
    page.get_by_label("Your last name").fill("Jones")
    page.get_by_label("Email address").fill("pam@example.com")
    page.get_by_label("Choose a password").fill("meadow lantern violin")
    page.get_by_label("Type the password again").fill("meadow lantern violin")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Email address")).to_have_value("pam@example.com")
    assert_no_axe_violations(page, name="parent sign-up with a problem")
    page.get_by_label("Code from the letter").fill(code)
    page.get_by_label("Choose a password").fill("meadow lantern violin")
    page.get_by_label("Type the password again").fill("meadow lantern violin")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Amy's careers entitlement")).to_be_visible()
    expect(page.get_by_text("Meeting an employer: Arup").first).to_be_visible()
    assert_no_axe_violations(page, name="parent's view of the statement")
    _no_sideways_scroll(page)
    screenshot(page, "parent-statement")


def test_the_careers_leader_edits_a_statement_on_a_phone(new_context, school, screenshot):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    page = new_context().new_page()
    sign_in_as(page, leader.username, lands="**/staff/")
    page.get_by_role("link", name="Entitlement statements and letters for parents").click()
    expect(page.get_by_role("heading", name="Entitlement statements", exact=True)).to_be_visible()
    assert_no_axe_violations(page, name="entitlement editor")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_no_axe_violations(page, name="entitlement editor with a problem")
    page.get_by_label("Year group").select_option("8")
    page.get_by_label("Words on the statement").last.fill(
        "By the end of Year 8 you will have been to our fair."
    )
    page.get_by_label("a benchmark criterion is met").check()
    page.get_by_label("Benchmark criterion", exact=True).select_option("b5_year_8")
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_text("Added to the Year 8 statement.")).to_be_visible()
    expect(page.get_by_text("By the end of Year 8 you will have been to our fair.").first).to_be_visible()
    screenshot(page, "entitlement-editor")


@pytest.fixture
def _sign_in():
    return functools.partial(sign_in_as, lands="**/passport/")


def test_the_pupil_opens_this_years_statement_on_home(new_context, school, _sign_in, screenshot):
    amy = factories.make_pupil(school, first_name="Amy", last_name="Jones")
    page = new_context().new_page()
    _sign_in(page, amy.user.username)
    page.get_by_text("What Year 9 brings you").click()
    expect(
        page.get_by_text("By the end of Year 9 you will have met at least one more employer")
    ).to_be_visible()
    assert_no_axe_violations(page, name="pupil home with the statement open")
    _no_sideways_scroll(page)
    screenshot(page, "pupil-home-statement")
