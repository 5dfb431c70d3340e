"""The school's administration and targets at 360 px (issue 8, items 2 and 5): the careers
leader adds a SENCO (a mistake first, what was typed kept), gives a setup code, adds a tutor
group and chooses its tutor, changes a setting (a wrong one first); a pupil sets a target and
their tutor sees it due. axe-core finds nothing on any page. The app's today is pinned to
2026-03-10 (tests/conftest.py)."""

from __future__ import annotations

import functools

import pytest
from passport.models import Role
from playwright.sync_api import expect

from .. import factories
from .axe import assert_no_axe_violations
from .conftest import sign_in_as
from .test_staff_narrow import assert_fits_and_tables_scroll
from .test_staff_narrow import phone  # noqa: F401 (the fixture)
from .test_staff_narrow import shot

pytestmark = pytest.mark.browser

staff_sign_in = functools.partial(sign_in_as, lands="**/staff/")


def _check(page, name: str) -> None:
    assert_fits_and_tables_scroll(page)
    assert_no_axe_violations(page, name=name)
    shot(page, name)


def test_the_careers_leader_runs_the_schools_administration(phone, school):  # noqa: F811
    leader = factories.make_staff(school, Role.CAREERS_LEADER, first_name="Lee", last_name="Leader")
    factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")
    page = phone
    staff_sign_in(page, leader.username)
    page.get_by_role("link", name="School administration").click()
    expect(page.get_by_role("heading", name="School administration")).to_be_visible()
    _check(page, "admin-home")

    page.get_by_role("link", name="Staff accounts").click()
    # The new page first: measuring while the old one unloads finds no document (seen under load).
    expect(page.get_by_role("heading", name="Staff accounts")).to_be_visible()
    _check(page, "admin-staff")
    page.get_by_role("link", name="Add a member of staff").click()
    page.get_by_label("First name").fill("Sue")
    page.get_by_label("Last name").fill("Senco")
    page.get_by_label("Email address").fill("not an email")
    page.get_by_label("Role").select_option(label="SENCO")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Enter an email address like name@school.org.uk.").first).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Sue")  # what was typed is kept
    expect(page.get_by_label("Role")).to_have_value("senco")
    _check(page, "admin-staff-error")
    page.get_by_label("Email address").fill("sue.senco@school.example")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", name="Sue Senco")).to_be_visible()
    _check(page, "admin-member")
    page.get_by_role("button", name="Give a setup code").click()
    expect(page.get_by_text("Setup code:")).to_be_visible()
    expect(page.get_by_text("sue.senco@school.example")).to_be_visible()
    _check(page, "admin-setup-code")

    page.goto("/staff/admin/groups")
    page.get_by_label("Name, for example 9B").fill("10C")
    page.get_by_label("Year group").fill("14")
    page.get_by_role("button", name="Add the group").click()
    expect(page.get_by_text("Enter a year group from 7 to 13.").first).to_be_visible()
    expect(page.get_by_label("Name, for example 9B")).to_have_value("10C")
    page.get_by_label("Year group").fill("10")
    page.get_by_role("button", name="Add the group").click()
    expect(page.get_by_text("Group 10C added. Choose its tutor.")).to_be_visible()
    page.get_by_label("Tutor").select_option(index=1)  # the first tutor after "No tutor"
    page.get_by_role("button", name="Save the tutor").click()
    expect(page.get_by_text("10C: tutor Tess Tutor.")).to_be_visible()
    _check(page, "admin-group")

    page.goto("/staff/admin/settings")
    _check(page, "admin-settings")
    page.get_by_label("Employer encounters: last year group").fill("6")
    page.get_by_label("Skills framework").select_option("cdi")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Enter a year group from 7 to 13.").first).to_be_visible()
    expect(page.get_by_label("Skills framework")).to_have_value("cdi")  # kept with the error
    assert_no_axe_violations(page, name="admin settings error")
    page.get_by_label("Employer encounters: last year group").fill("11")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Settings saved (2 changed).")).to_be_visible()
    page.goto("/staff/admin/settings")
    expect(page.get_by_label("Employer encounters: last year group")).to_have_value("11")
    expect(page.get_by_label("Skills framework")).to_have_value("cdi")


def test_a_pupil_sets_a_target_and_their_tutor_sees_it_due(phone, school):  # noqa: F811
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    amy = factories.make_pupil(school, first_name="Amy", last_name="Adams", group=group)
    page = phone
    sign_in_as(page, amy.user.username, lands="**/passport/")
    page.goto("/passport/targets")
    _check(page, "pupil-targets-empty")
    page.get_by_role("link", name="Set a new target").click()
    page.get_by_label("When will you check how it went?").fill("2026-03-17")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_text("Write what you will do next").first).to_be_visible()
    expect(page.get_by_label("When will you check how it went?")).to_have_value("2026-03-17")
    _check(page, "pupil-target-error")
    page.get_by_label("What will you do next?").fill("Email the college about their open evening")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_role("heading", name="Email the college about their open evening")).to_be_visible()
    _check(page, "pupil-targets")
    page.get_by_role("button", name="I did it").click()
    expect(page.get_by_role("status")).to_have_text("Well done! Your target is marked as done.")
    page.get_by_role("button", name="Put it back on my list").click()
    expect(page.get_by_role("button", name="I did it")).to_be_visible()

    page.context.clear_cookies()
    staff_sign_in(page, tutor.username)
    caption = "Open targets whose review date is in the next 14 days or has passed, oldest first"
    due = page.get_by_role("table", name=caption)
    expect(due).to_contain_text("Email the college about their open evening")
    _check(page, "tutor-targets-due")
    due.get_by_role("link", name="Amy Adams").click()
    expect(page.get_by_role("heading", name="Targets")).to_be_visible()
    page.get_by_label("Target", exact=True).fill("Visit the college open evening")
    page.get_by_label("Review date").fill("2026-04-01")
    page.get_by_role("button", name="Set target").click()
    expect(page.get_by_role("table", name="Amy's targets, open ones first")).to_contain_text(
        "Visit the college open evening"
    )
    _check(page, "tutor-pupil-targets")
