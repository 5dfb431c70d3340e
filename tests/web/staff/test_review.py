"""The tutor's review of a group and the SENCO's and designated teacher's pupils (issue 8,
items 3 and 6; requirements items 16, 38, 40)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from passport.extensions import db
from passport.models import Role
from passport.operations import verification

from tests import factories
from tests.page_text import without_random_values
from tests.querycount import count_queries


@pytest.fixture
def group(school):
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")
    return factories.make_group(school, "9A", 9, tutor=tutor)


def record_every_year(pupil, verify_by=None):
    """Employer encounters in Years 7, 8 and 9 (a Year 9 pupil on 10 March 2026)."""
    made = [factories.make_entry(pupil, occurred_on=day) for day in (date(2024, 3, 1), date(2025, 3, 1),
                                                                      date(2026, 2, 1))]
    if verify_by:
        for entry in made:
            verification.verify_entry(entry, verify_by)
    return made


def pupil_rows(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a></th>', page)


def test_the_matrix_is_a_real_table_with_the_needy_first(client, auth, school, group):
    """Rows are pupils, columns the criteria, each cell a word (not colour alone); Zed, with
    nothing recorded, comes before Ava, who met an employer every year."""
    ava = factories.make_pupil(school, first_name="Ava", last_name="Adams", group=group)
    factories.make_pupil(school, first_name="Zed", last_name="Young", group=group)
    record_every_year(ava)
    auth.login(group.tutor.username)
    page = client.get(f"/staff/groups/{group.id}").get_data(as_text=True)
    assert pupil_rows(page) == ["Young, Zed", "Adams, Ava"]
    assert '<caption id="group-caption">' in page
    header = '<span class="benchmark-label">B5</span> Meet an employer in Year 7</th>'
    assert f'<th scope="col" class="criterion-head">{header}' in page
    zed = page[page.index("Young, Zed"):page.index("Adams, Ava")]
    assert zed.count(">Missed</td>") == 2  # Years 7 and 8
    ava_row = page[page.index("Adams, Ava"):page.index("</tbody>")]
    assert ">Met</td>" in ava_row and ">Missed</td>" not in ava_row


def test_verified_only_counts_only_what_was_verified(client, auth, school, group):
    """requirements item 16: compliance views can filter to verified only."""
    ava = factories.make_pupil(school, first_name="Ava", last_name="Adams", group=group)
    record_every_year(ava)
    auth.login(group.tutor.username)
    everything = client.get(f"/staff/groups/{group.id}").get_data(as_text=True)
    verified = client.get(f"/staff/groups/{group.id}?verified=1").get_data(as_text=True)
    assert everything.count(">Met</td>") == 3 and verified.count(">Met</td>") == 0
    assert "Counting only verified entries." in verified and "verified entries only</caption>" in verified


def test_the_matrix_takes_the_same_queries_whatever_the_number_of_pupils(client, auth, school, group):
    auth.login(group.tutor.username)
    counts = []
    for extra in (1, 6):
        for _ in range(extra):
            record_every_year(factories.make_pupil(school, group=group))
        with count_queries(db.engine) as statements:
            assert client.get(f"/staff/groups/{group.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_a_tutor_of_another_group_cannot_open_the_matrix(client, auth, school, group):
    other = factories.make_staff(school, Role.TUTOR)
    factories.make_group(school, "9B", 9, tutor=other)
    auth.login(other.username)
    assert client.get(f"/staff/groups/{group.id}").status_code == 404


@pytest.mark.parametrize(
    ("role", "sees"),
    [(Role.CAREERS_LEADER, True), (Role.SENCO, True), (Role.DESIGNATED_TEACHER, True), (Role.TUTOR, False),
     (Role.CAREERS_ADVISER, False)],
)
def test_support_needs_show_only_to_the_roles_allowed(client, auth, school, group, role, sees):
    """requirements item 38; 001 ¶36: SEND, EHC plan and looked-after flags only for the careers
    leader, the SENCO and the designated teacher."""
    amy = factories.make_pupil(school, first_name="Amy", last_name="Jones", group=group, sen_support=True,
                               ehc_plan=True, looked_after=True)
    viewer = group.tutor if role == Role.TUTOR else factories.make_staff(school, role)
    auth.login(viewer.username)
    page = client.get(f"/staff/groups/{group.id}/pupils/{amy.id}").get_data(as_text=True)
    assert ("Support needs" in page) is sees
    assert ("EHC plan" in page) is sees


@pytest.mark.parametrize(
    ("role", "flag"), [(Role.SENCO, "sen_support"), (Role.DESIGNATED_TEACHER, "looked_after")]
)
def test_senco_and_designated_teacher_see_their_pupils_gaps_first(client, auth, school, group, role, flag):
    """requirements items 38, 40: their own pupils across groups, most missed first; others not at all."""
    ready = factories.make_pupil(school, first_name="Ava", last_name="Adams", group=group, **{flag: True})
    record_every_year(ready)
    factories.make_pupil(school, first_name="Zed", last_name="Young", group=group, **{flag: True})
    factories.make_pupil(school, first_name="Ned", last_name="Other", group=group)
    auth.login(factories.make_staff(school, role).username)
    page = client.get("/staff/").get_data(as_text=True)
    assert pupil_rows(page) == ["Young, Zed", "Adams, Ava"]
    assert "Ned" not in without_random_values(page)


def test_the_pupil_page_shows_each_criterion_with_the_entries_behind_it(client, auth, school, group):
    """Issue 8, item 3: the record criterion by criterion, with the entries that met each."""
    ava = factories.make_pupil(school, first_name="Ava", last_name="Adams", group=group)
    year_7, _year_8, _year_9 = record_every_year(ava)
    auth.login(group.tutor.username)
    page = client.get(f"/staff/groups/{group.id}/pupils/{ava.id}").get_data(as_text=True)
    item = page[page.index("B5 Meet an employer in Year 7"):]
    item = item[:item.index("</li>")]
    assert ">Met</span>" in item
    assert f'<a href="#entry-{year_7.id}">Acme Ltd, 1 March 2024</a>' in item
    missed = page[page.index("B2 Find out about jobs and pay"):]
    assert "From:" not in missed[:missed.index("</li>")]
