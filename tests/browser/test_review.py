"""The tutor's review at 360 px (issue 8, items 3 and 6): the matrix scrolls inside its labelled
region, not the page; a tutor goes from it to a pupil's criteria; the SENCO's home lists their
pupils; axe-core finds nothing on any of them."""

from __future__ import annotations

import functools
import re
from datetime import date

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

sign_in = functools.partial(sign_in_as, lands="**/staff/")


def test_a_tutor_works_through_the_matrix_to_a_pupil(phone, school):  # noqa: F811
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    ava = factories.make_pupil(school, first_name="Ava", last_name="Adams", group=group)
    for day in (date(2024, 3, 1), date(2025, 3, 1)):
        factories.make_entry(ava, occurred_on=day, organisation="Arup")
    zed = factories.make_pupil(school, first_name="Zed", last_name="Young", group=group, sen_support=True)
    page = phone
    sign_in(page, tutor.username)
    page.get_by_role("link", name="9A").click()
    matrix = page.get_by_role("table", name="9A: each pupil against each Gatsby criterion")
    expect(matrix).to_be_visible()
    rows = matrix.get_by_role("row")
    expect(rows.nth(1).get_by_role("rowheader")).to_have_text("Young, Zed")  # most missed first
    expect(matrix.get_by_role("columnheader", name="B5 Meet an employer in Year 7")).to_have_count(1)
    assert_fits_and_tables_scroll(page)
    assert_no_axe_violations(page, name="review matrix")
    shot(page, "review-matrix")

    page.get_by_role("link", name="Count verified entries only").click()
    expect(page.get_by_text("Counting only verified entries.")).to_be_visible()

    page.get_by_role("link", name="Young, Zed").click()
    expect(page.get_by_role("heading", name="Gatsby criteria")).to_be_visible()
    expect(page.get_by_text("Meet an employer in Year 7")).to_be_visible()
    expect(page.get_by_text("Support needs")).to_have_count(0)  # a tutor never sees the flags
    assert_no_axe_violations(page, name="pupil criteria")
    shot(page, "review-pupil")
    assert zed.id


def test_the_sencos_home_lists_their_pupils_gaps_first(phone, school):  # noqa: F811
    group = factories.make_group(school, "9A", 9)
    factories.make_pupil(school, first_name="Zed", last_name="Young", group=group, ehc_plan=True)
    senco = factories.make_staff(school, Role.SENCO, first_name="Sue", last_name="Senco")
    page = phone
    sign_in(page, senco.username)
    expect(page.get_by_role("heading", name="Pupils with SEND")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("^Your pupils: Gatsby criteria missed"))
    expect(table.get_by_role("rowheader")).to_have_text("Young, Zed")
    expect(table).to_contain_text("EHC plan")
    assert_fits_and_tables_scroll(page)
    assert_no_axe_violations(page, name="senco home")
    table.get_by_role("link", name="Young, Zed").click()
    expect(page.get_by_role("heading", name="Support needs")).to_be_visible()
    assert_no_axe_violations(page, name="senco pupil")
    shot(page, "senco-pupil")
    page.get_by_role("link", name="Back to your pupils").click()  # not to a group they cannot open
    expect(page.get_by_role("heading", name="Pupils with SEND")).to_be_visible()
