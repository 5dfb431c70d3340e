"""The school-wide view: per year group and criterion, pupils met / due soon / missed, who needs
help most, links to the groups' reviews for the careers leader only (issue 8, "Figures")."""

from __future__ import annotations

import re
from datetime import date

from passport.domain.kinds import EntryKind
from passport.models import Role

from tests import factories
from tests.web.staff.test_admin import sign_in
from tests.web.staff.test_admin import text


def row_of(page: str, title_start: str, caption: str) -> list[str]:
    table = page[page.index(caption):]
    table = table[:table.index("</table>")]
    found = re.search(rf"<th scope=\"row\">[^\n]*{re.escape(title_start)}.*?</tr>", table, re.S)
    assert found, title_start
    return re.findall(r"<td>(\d+)</td>", found.group(0))


def test_counts_per_year_group_and_criterion_with_links_for_the_leader(app, school, leader):
    """001 table B5 ¶52 (an employer every year): today 2026-03-10, Year 9 pupils."""
    group = factories.make_group(school, "9A", year_group=9)
    met = factories.make_pupil(school, group=group)
    factories.make_entry(met, EntryKind.EMPLOYER_ENCOUNTER, occurred_on=date(2025, 10, 1))
    factories.make_pupil(school, group=group)
    factories.make_pupil(school, year_group=11, dob=date(2010, 5, 1))
    page = text(sign_in(app, leader.username).get("/staff/school"))
    assert "Year 9: pupils by criterion" in page and "Year 11: pupils by criterion" in page
    # Year 9 employer encounter: one met, none missed (the year ends in July).
    assert row_of(page, "Meet an employer in Year 9", "Year 9: pupils by criterion") == ["1", "0", "0"]
    # Year 8's encounter was last school year: both Year 9 pupils missed it.
    assert row_of(page, "Meet an employer in Year 8", "Year 9: pupils by criterion") == ["0", "0", "2"]
    # Criteria of later years (Year 12's employer encounter) have nothing to count yet: left
    # out of the table, and the page says how many were.
    year_9 = page[page.index("Year 9: pupils by criterion"):page.index("Year 11: pupils by criterion")]
    assert "Meet an employer in Year 12" not in year_9
    assert re.search(r"Not listed: \d+ criteria that no pupil in Year 9 has met or has due yet", year_9)
    assert 'role="region" aria-labelledby="year-9-caption"' in page
    assert f'href="/staff/groups/{group.id}"' in page


def test_a_senior_leader_sees_the_figures_without_links_and_others_are_refused(app, school):
    group = factories.make_group(school, "9A", year_group=9)
    factories.make_pupil(school, group=group)
    senior = factories.make_staff(school, Role.SENIOR_LEADER)
    page = text(sign_in(app, senior.username).get("/staff/school"))
    assert "Year 9: pupils by criterion" in page
    assert f'href="/staff/groups/{group.id}"' not in page
    tutor = factories.make_staff(school, Role.TUTOR)
    assert sign_in(app, tutor.username).get("/staff/school").status_code == 403


def test_another_schools_pupils_are_not_counted(app, school, leader):
    other = factories.make_school("Elm Park", "elm")
    factories.make_pupil(other, year_group=7, dob=date(2014, 5, 1))
    page = text(sign_in(app, leader.username).get("/staff/school"))
    assert "Year 7" not in page and "No pupils yet" in page
