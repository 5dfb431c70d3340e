"""Staff reads of a pupil's record are noted (who, whose, when, which page) and the careers
leader can see the log, newest first and paged; tutors cannot (issue 7 item 8)."""

from datetime import datetime
from datetime import timedelta

import pytest
from passport.extensions import db
from passport.models import Entry
from passport.models import RecordView
from passport.models import Role
from passport.models._base import utcnow
from passport.operations.record_views import note_record_view
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.querycount import count_queries


@pytest.fixture
def people(school):
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")
    leader = factories.make_staff(school, Role.CAREERS_LEADER, first_name="Lee", last_name="Leader")
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    pupil = factories.make_pupil(school, first_name="Amy", last_name="Jones", group=group)
    factories.make_entry(pupil, organisation="Acme Builders")
    return tutor, leader, group, pupil


def page_of(group, pupil) -> str:
    return f"/staff/groups/{group.id}/pupils/{pupil.id}"


def views() -> list[RecordView]:
    return list(db.session.scalars(select(RecordView).order_by(RecordView.id)))


def test_opening_a_pupils_page_notes_who_whose_when_and_which_page(client, auth, people):
    tutor, _leader, group, pupil = people
    auth.login(tutor.username)
    before = utcnow().replace(microsecond=0)
    assert client.get(page_of(group, pupil)).status_code == 200
    [view] = views()
    assert (view.viewer_id, view.pupil_id, view.school_id, view.page) == (tutor.id, pupil.id, pupil.school_id,
                                                                          "staff.pupil")
    assert before - timedelta(seconds=1) <= view.at <= utcnow()


def test_reloading_within_a_minute_writes_one_row_and_one_insert_per_view(client, auth, app, people):
    tutor, _leader, group, pupil = people
    auth.login(tutor.username)
    for _ in range(5):
        with count_queries(db.engine) as statements:
            assert client.get(page_of(group, pupil)).status_code == 200
        inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO RECORD_VIEWS")]
        assert len(inserts) == 1
    # Five reloads in the same minute (or across one minute boundary at most): not a flood.
    assert len(views()) <= 2


def test_at_most_one_row_per_viewer_pupil_and_page_a_minute(people):
    tutor, leader, _group, pupil = people
    start = datetime(2026, 3, 10, 9, 0, 5)
    assert note_record_view(tutor, pupil, "staff.pupil", at=start) is True
    assert note_record_view(tutor, pupil, "staff.pupil", at=start + timedelta(seconds=50)) is False
    assert note_record_view(leader, pupil, "staff.pupil", at=start) is True  # another viewer
    assert note_record_view(tutor, pupil, "staff.other", at=start) is True  # another page
    assert note_record_view(tutor, pupil, "staff.pupil", at=start + timedelta(seconds=60)) is True
    assert len(views()) == 4


def test_the_careers_leader_sees_the_log_newest_first(client, auth, people):
    tutor, leader, group, pupil = people
    note_record_view(tutor, pupil, "staff.pupil", at=datetime(2026, 3, 2, 14, 5))
    note_record_view(leader, pupil, "staff.pupil", at=datetime(2026, 3, 3, 9, 30))
    auth.login(leader.username)
    assert 'Who has looked at this record</a>' in client.get(page_of(group, pupil)).get_data(as_text=True)
    response = client.get(f"{page_of(group, pupil)}/views")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Who has looked at this record</h1>" in page
    # Newest first: the leader's own view just now, then 3 March, then the tutor's on 2 March.
    assert page.index("3 March 2026, 09:30") < page.index("2 March 2026, 14:05")
    assert "Tess Tutor" in page and "Entries and verification" in page
    assert 'role="region" aria-labelledby="views-caption" tabindex="0"' in page


def test_the_log_is_paged(client, auth, people):
    tutor, leader, group, pupil = people
    start = datetime(2026, 1, 5, 8, 0)
    for n in range(30):
        note_record_view(tutor, pupil, "staff.pupil", at=start + timedelta(minutes=n))
    auth.login(leader.username)
    first = client.get(f"{page_of(group, pupil)}/views").get_data(as_text=True)
    assert "page 1 of 2 (30 in all)" in first
    assert first.count("<tr>") == 1 + 25
    assert "5 January 2026, 08:29" in first and "5 January 2026, 08:04" not in first
    assert 'rel="next"' in first
    second = client.get(f"{page_of(group, pupil)}/views?page=2").get_data(as_text=True)
    assert second.count("<tr>") == 1 + 5 and "5 January 2026, 08:00" in second
    assert 'rel="prev"' in second and 'rel="next"' not in second


@pytest.mark.parametrize("page", ["0", "-1", "abc", "١", "99999999999999999999999", "1e3", ""])
def test_a_page_number_that_is_not_one_is_404_not_a_server_error(client, auth, people, page):
    _tutor, leader, group, pupil = people
    auth.login(leader.username)
    assert client.get(f"{page_of(group, pupil)}/views?page={page}").status_code == 404


def test_a_tutor_cannot_see_who_else_looked(client, auth, people):
    tutor, leader, group, pupil = people
    note_record_view(leader, pupil, "staff.pupil")
    auth.login(tutor.username)
    assert "Who has looked at this record" not in client.get(page_of(group, pupil)).get_data(as_text=True)
    assert client.get(f"{page_of(group, pupil)}/views").status_code == 403


def test_another_schools_leader_and_a_pupil_cannot_see_the_log(client, auth, people):
    _tutor, _leader, group, pupil = people
    elm = factories.make_school("Elm Park School", "elm")
    auth.login(factories.make_staff(elm, Role.CAREERS_LEADER).username)
    assert client.get(f"{page_of(group, pupil)}/views").status_code == 404
    assert client.get(page_of(group, pupil)).status_code == 404
    auth.logout()
    auth.login(pupil.user.username)
    assert client.get(f"{page_of(group, pupil)}/views").status_code == 403
    count = db.session.scalar(select(func.count()).select_from(RecordView))
    assert count == 0  # refused reads are not noted as reads


@pytest.mark.parametrize(
    ("path", "data", "status"),
    [
        ("targets", {"target-text": "", "target-review_on": ""}, 422),
        ("entries/{entry}/reject", {"e{entry}-reject-reason": ""}, 422),
    ],
    ids=["target-form-422", "reject-form-422"],
)
def test_a_form_shown_again_with_its_problem_is_a_read_of_the_record_too(
    client, auth, people, path, data, status
):
    """Found in review: the whole record shown again beside a refused form was not noted."""
    tutor, _leader, group, pupil = people
    entry_id = db.session.scalar(select(Entry.id).where(Entry.pupil_id == pupil.id))
    auth.login(tutor.username)
    url = f"{page_of(group, pupil)}/{path.format(entry=entry_id)}"
    response = client.post(url, data={k.format(entry=entry_id): v for k, v in data.items()})
    assert response.status_code == status
    assert "Acme Builders" in response.get_data(as_text=True)
    assert [(v.viewer_id, v.page) for v in views()] == [(tutor.id, "staff.pupil")]
