"""The careers leader's reports in Chromium at 360 px and at desktop width (issue 11): the cohort
report with its chart and table, the verified-only switch, a figure opening its pupils, and the
governors' page; axe-core finds no violations; at 360 px only the tables' own scroll regions
scroll sideways."""

from __future__ import annotations

from datetime import date

import pytest
from passport.models import Role
from playwright.sync_api import expect

from .. import factories
from .axe import assert_no_axe_violations
from .conftest import PHONE
from .conftest import sign_in_as

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def school_with_year9(school):
    group = factories.make_group(school, "9A", 9)
    for n, (first, gender) in enumerate(
        [("Amy", "F"), ("Bob", "M"), ("Cat", "F"), ("Dan", "M"), ("Eve", "F"), ("Fin", "M")]
    ):
        pupil = factories.make_pupil(
            school,
            first_name=first,
            last_name=f"Pupil{n}",
            group=group,
            gender=gender,
            free_school_meals=n < 2,
        )
        if n % 2 == 0:
            factories.make_entry(pupil, organisation="Arup", occurred_on=date(2025, 10, 1))
    return school


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_the_careers_leader_reads_the_cohort_report(new_context, school_with_year9, screenshot, size):
    leader = factories.make_staff(school_with_year9, Role.CAREERS_LEADER)
    page = new_context(**size).new_page()
    sign_in_as(page, leader.username, lands="**/staff/")
    page.get_by_role("link", name="Cohort report: each criterion by year group and group of pupils").click()
    expect(page.get_by_role("heading", name="Year 9: 6 pupils")).to_be_visible()
    expect(
        page.get_by_role("img", name="Year 9: the share of pupils who have met each criterion.")
    ).to_be_visible()
    assert_no_axe_violations(page, name="cohort report")
    if size is PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"cohort-report-{'360' if size is PHONE else 'desktop'}")
    page.get_by_label("Count only entries school has confirmed").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Only entries school has confirmed count.")).to_be_visible()
    page.get_by_label("Count only entries school has confirmed").uncheck()
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="3 of 6 All pupils").first.click()
    expect(page.get_by_role("table", name="The pupils behind this figure, not met first")).to_be_visible()
    first_row = page.get_by_role("row").nth(1)
    expect(first_row).to_contain_text("Pupil1, Bob")  # not met first, by surname
    assert_no_axe_violations(page, name="pupils behind a figure")
    page.get_by_role("link", name="Back to the Year 9 cohort report").click()
    page.get_by_role("link", name="Lists that need action", exact=False).click()
    expect(page.get_by_role("heading", name="No STEM encounter yet, Years 7 to 10 (6)")).to_be_visible()
    assert_no_axe_violations(page, name="lists that need action")
    if size is PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto("/staff/reports/provider-access")
    expect(page.get_by_role("heading", name="Provider access")).to_be_visible()
    assert_no_axe_violations(page, name="provider access")
    page.goto("/staff/reports/destinations")
    expect(page.get_by_role("heading", name="Leavers' destinations")).to_be_visible()
    assert_no_axe_violations(page, name="destinations")
    page.goto("/staff/reports/website")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_no_axe_violations(page, name="website form with a problem")
    if size is PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(page, "website-form-360")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_a_governor_reads_the_anonymised_figures(new_context, school_with_year9, screenshot, size):
    governor = factories.make_staff(school_with_year9, Role.GOVERNOR)
    page = new_context(**size).new_page()
    sign_in_as(page, governor.username, lands="**/governors/")
    expect(page.get_by_role("heading", name="Year 9")).to_be_visible()
    expect(page.get_by_text("Amy")).to_have_count(0)
    assert_no_axe_violations(page, name="governors' page")
    if size is PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"governors-{'360' if size is PHONE else 'desktop'}")
