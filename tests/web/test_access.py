"""Who may see what: one pupil never reads another's record; one school never sees another's."""

import uuid

import pytest
from passport.extensions import db
from passport.models import Entry
from passport.models import Role
from sqlalchemy import select

from tests import factories
from tests.page_text import without_random_values


@pytest.fixture
def two_schools(ctx):
    oak = factories.make_school("Oakfield Academy", "oak")
    elm = factories.make_school("Elm Park School", "elm")
    return oak, elm


def _pages(entry_uuid):
    return [
        ("get", f"/passport/entries/{entry_uuid}"),
        ("get", f"/passport/entries/{entry_uuid}/edit"),
        ("get", f"/passport/entries/{entry_uuid}/reflection"),
        ("get", f"/passport/entries/{entry_uuid}/delete"),
        ("post", f"/passport/entries/{entry_uuid}/delete"),
    ]


@pytest.mark.parametrize("same_school", [True, False], ids=["same-school", "other-school"])
def test_a_pupil_cannot_read_or_change_another_pupils_entry(client, auth, two_schools, same_school):
    oak, elm = two_schools
    me = factories.make_pupil(oak, first_name="Amy")
    other = factories.make_pupil(oak if same_school else elm, first_name="Ben")
    theirs = factories.make_entry(other, organisation="Secret Ltd", description="Private words")
    auth.login(me.user.username)
    for method, url in _pages(theirs.client_uuid):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert "Secret Ltd" not in response.get_data(as_text=True)
    edit = client.post(
        f"/passport/entries/{theirs.client_uuid}/edit",
        data={"subtype": "talk", "occurred_on": "2026-01-10", "organisation": "Hacked", "version": "1"},
    )
    assert edit.status_code == 410
    reflection = client.post(
        f"/passport/entries/{theirs.client_uuid}/reflection", data={"version": "0", "work_like": "Hacked"}
    )
    assert reflection.status_code == 410
    db.session.expire_all()
    saved = db.session.get(Entry, theirs.id)
    assert saved.organisation == "Secret Ltd"
    assert saved.reflection is None
    assert "Secret Ltd" not in client.get("/passport/timeline").get_data(as_text=True)
    assert "Secret Ltd" not in client.get("/passport/").get_data(as_text=True)


def test_reusing_another_pupils_client_uuid_does_not_touch_their_entry(client, auth, school):
    me = factories.make_pupil(school, first_name="Amy")
    other = factories.make_pupil(school, first_name="Ben")
    theirs = factories.make_entry(other, organisation="Theirs")
    auth.login(me.user.username)
    response = client.post(
        "/passport/entries/new?kind=employer_encounter",
        data={
            "subtype": "talk",
            "occurred_on": "2026-01-10",
            "organisation": "Mine",
            "client_uuid": str(theirs.client_uuid),
        },
    )
    assert response.status_code == 404
    assert [e.organisation for e in db.session.scalars(select(Entry))] == ["Theirs"]


def test_staff_see_only_their_own_schools_groups(client, auth, two_schools):
    oak, elm = two_schools
    leader = factories.make_staff(oak, Role.CAREERS_LEADER)
    elm_group = factories.make_group(elm, "10E", 10)
    elm_pupil = factories.make_pupil(elm, first_name="Elmo", group=elm_group)
    oak_group = factories.make_group(oak, "10O", 10)
    auth.login(leader.username)
    home = client.get("/staff/").get_data(as_text=True)
    assert "10O" in home and "10E" not in home
    assert client.get(f"/staff/groups/{oak_group.id}").status_code == 200
    response = client.get(f"/staff/groups/{elm_group.id}")
    assert response.status_code == 404
    assert elm_pupil.user.last_name not in response.get_data(as_text=True)
    assert client.post(f"/staff/groups/{elm_group.id}/setup-codes", data={"who": "all"}).status_code == 404
    db.session.expire_all()
    assert elm_pupil.user.setup_code_hash is None


def test_a_tutor_sees_only_their_own_group(client, auth, school):
    tutor = factories.make_staff(school, Role.TUTOR)
    mine = factories.make_group(school, "8A", 8, tutor=tutor)
    not_mine = factories.make_group(school, "8B", 8)
    auth.login(tutor.username)
    assert client.get(f"/staff/groups/{mine.id}").status_code == 200
    assert client.get(f"/staff/groups/{not_mine.id}").status_code == 404


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        pytest.param(Role.PUPIL, "/staff/", 403, id="pupil-on-staff-pages"),
        pytest.param(Role.TUTOR, "/passport/", 403, id="tutor-on-pupil-pages"),
        pytest.param(Role.CAREERS_LEADER, "/passport/timeline", 403, id="leader-on-pupil-pages"),
        pytest.param(None, "/passport/", 302, id="anonymous-to-sign-in"),
        pytest.param(None, "/staff/", 302, id="anonymous-staff-to-sign-in"),
    ],
)
def test_every_blueprint_checks_the_role(client, auth, school, role, url, status):
    if role is Role.PUPIL:
        auth.login(factories.make_pupil(school).user.username)
    elif role is not None:
        auth.login(factories.make_staff(school, role).username)
    response = client.get(url)
    assert response.status_code == status
    if status == 302:
        assert "/login?next=" in response.headers["Location"]


def test_anonymous_htmx_request_gets_401_with_a_redirect(client, school):
    response = client.get("/passport/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_pupil_pages_never_show_the_sensitive_flags_requirements_item_38(client, auth, school):
    pupil = factories.make_pupil(
        school,
        first_name="Cara",
        sen_support=True,
        ehc_plan=True,
        free_school_meals=True,
        pupil_premium=True,
        looked_after=True,
    )
    factories.make_entry(pupil)
    auth.login(pupil.user.username)
    pages = [client.get(url).get_data(as_text=True) for url in ("/passport/", "/passport/timeline")]
    for page in pages:
        assert pupil.upn not in page
        page = without_random_values(page)
        for word in ("SEND", "SEN support", "EHC", "free school meals", "pupil premium", "looked after"):
            assert word.lower() not in page.lower() if word != "SEND" else word not in page


def test_staff_group_page_does_not_leak_a_pupils_record_text(client, auth, school):
    tutor = factories.make_staff(school, Role.TUTOR)
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    pupil = factories.make_pupil(school, group=group)
    entry = factories.make_entry(pupil, description="My private diary")
    auth.login(tutor.username)
    page = client.get(f"/staff/groups/{group.id}").get_data(as_text=True)
    assert pupil.user.last_name in page
    assert "My private diary" not in page
    assert client.get(f"/passport/entries/{entry.client_uuid}").status_code == 403


def test_unknown_entry_uuid_is_404(client, auth, pupil):
    auth.login(pupil.user.username)
    assert client.get(f"/passport/entries/{uuid.uuid4()}").status_code == 404
    assert client.get("/passport/entries/not-a-uuid").status_code == 404
