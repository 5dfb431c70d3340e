"""The careers leader's school administration pages: staff accounts, tutor groups, settings."""

import re

import pytest
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Role
from passport.models import SchoolSettings
from passport.models import TutorGroup
from passport.models import User
from passport.operations import accounts
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.fresh_client import use_fresh_clients
from tests.page_text import without_random_values

NEW = {"first_name": "Rachel", "last_name": "Okonjo", "email": "R.Okonjo@oak.example.org", "role": "senco"}


def text(response) -> str:
    return response.get_data(as_text=True)


def sign_in(app, username):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
    assert response.status_code == 303, text(response)
    return client


@pytest.fixture
def signed_in(client, auth, leader):
    auth.login(leader.username)
    return client


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR, first_name="Tom", last_name="Tutor")


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def admin_urls(user_id: int, group_id: int) -> list[tuple[str, str]]:
    """Every administration page, with the ids given."""
    s = f"/staff/admin/staff/{user_id}"
    g = f"/staff/admin/groups/{group_id}"
    return [
        ("GET", "/staff/admin"), ("GET", "/staff/admin/staff"), ("GET", "/staff/admin/staff/new"),
        ("POST", "/staff/admin/staff/new"), ("GET", s), ("POST", f"{s}/setup-code"), ("POST", f"{s}/role"),
        ("POST", f"{s}/deactivate"), ("POST", f"{s}/reactivate"), ("GET", "/staff/admin/groups"),
        ("POST", "/staff/admin/groups"), ("GET", g), ("POST", f"{g}/rename"), ("POST", f"{g}/tutor"),
        ("GET", "/staff/admin/settings"), ("POST", "/staff/admin/settings"),
        ("POST", "/staff/admin/settings/reset"),
    ]


def test_every_admin_endpoint_is_in_the_table_as_leader_only(app):
    from passport.access import ENDPOINTS
    from passport.access import LEADER

    admin = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("staff.admin")}
    adapter = app.url_map.bind("localhost")
    walked = {adapter.match(url, method=method)[0] for method, url in admin_urls(1, 1)}
    assert walked == admin  # the walks below reach every administration page
    assert all(ENDPOINTS[endpoint] is LEADER for endpoint in admin)


NOT_LEADERS = [r for r in Role if r not in (Role.CAREERS_LEADER, Role.PUPIL, Role.PARENT)]


@pytest.mark.parametrize("role", NOT_LEADERS, ids=str)
def test_other_staff_get_403_on_every_admin_page(app, school, leader, role):
    other = factories.make_staff(school, role)
    group = factories.make_group(school, "9A")
    client = sign_in(app, other.username)
    for method, url in admin_urls(leader.id, group.id):
        assert client.open(url, method=method).status_code == 403, (method, url)
    assert leader.is_active and leader.role == Role.CAREERS_LEADER


def test_a_pupil_gets_403_and_nobody_signed_out_gets_in(app, school, pupil, leader, client):
    group = factories.make_group(school, "9A")
    for method, url in admin_urls(leader.id, group.id):
        assert client.open(url, method=method).status_code == 302, url
    phone = sign_in(app, pupil.user.username)
    for method, url in admin_urls(leader.id, group.id):
        assert phone.open(url, method=method).status_code == 403, url


def test_another_schools_leader_gets_404_on_this_schools_ids(app, school, leader, tutor):
    group = factories.make_group(school, "9A", tutor=tutor)
    elm = factories.make_school("Elm Academy", "elm")
    rival = factories.make_staff(elm, Role.CAREERS_LEADER)
    factories.make_staff(elm, Role.CAREERS_LEADER)
    client = sign_in(app, rival.username)
    for method, url in admin_urls(tutor.id, group.id):
        if "/staff/" + str(tutor.id) in url or f"/groups/{group.id}" in url:
            response = client.open(url, method=method, data={"role": "tutor", "reason": "x", "name": "Z"})
            assert response.status_code == 404, url
    listing = text(client.get("/staff/admin/staff"))
    assert tutor.display_name not in listing and leader.display_name not in listing
    assert "9A" not in without_random_values(text(client.get("/staff/admin/groups")))
    assert tutor.is_active and group.name == "9A"


def test_the_home_page_links_the_leader_only(signed_in, app, tutor):
    assert "/staff/admin" in text(signed_in.get("/staff/"))
    assert "/staff/admin" not in text(sign_in(app, tutor.username).get("/staff/"))


def test_the_staff_list_shows_name_role_email_active_and_password(signed_in, school, leader, tutor):
    fresh = factories.make_staff(school, Role.GOVERNOR, password=None, first_name="Gwen", last_name="Gov")
    page = text(signed_in.get("/staff/admin/staff"))
    assert 'role="region"' in page and '<th scope="col">Password set</th>' in page
    row = re.search(r"Gwen Gov</a></th>(.*?)</tr>", page, re.S).group(1)
    assert "Governor" in row and fresh.email in row and "Not yet" in row and "Yes" in row


@pytest.mark.parametrize("role", ["tutor", "careers_leader", "careers_adviser", "senco",
                                  "designated_teacher", "senior_leader", "governor"])
def test_adding_each_role(signed_in, school, role):
    response = signed_in.post("/staff/admin/staff/new", data=dict(NEW, role=role))
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.username == "r.okonjo@oak.example.org"))
    assert (user.role.value, user.school_id, user.password_hash) == (role, school.id, None)
    assert response.headers["Location"].endswith(f"/staff/admin/staff/{user.id}")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"first_name": "  "}, "Enter their first name."),
        ({"email": "not-an-email"}, "Enter an email address like"),
        ({"role": "pupil"}, "Not a valid choice"),
        ({"last_name": "x" * 81}, "Keep it under 80 characters."),
    ],
)
def test_adding_with_a_problem_is_422_with_the_typed_values_kept(signed_in, change, message):
    response = signed_in.post("/staff/admin/staff/new", data=dict(NEW, **change))
    page = text(response)
    assert response.status_code == 422
    assert message in page and "There is a problem" in page
    assert 'value="Okonjo"' in page or "last_name" in change
    assert db.session.scalar(select(func.count(User.id)).where(User.role != Role.CAREERS_LEADER)) == 0


def test_an_email_already_in_use_is_422(signed_in, tutor):
    response = signed_in.post("/staff/admin/staff/new", data=dict(NEW, email=tutor.email.upper()))
    assert response.status_code == 422
    assert "already has an account" in text(response)


def test_a_setup_code_is_shown_once_never_cached_and_works(signed_in, school):
    signed_in.post("/staff/admin/staff/new", data=NEW)
    user = db.session.scalar(select(User).where(User.username == "r.okonjo@oak.example.org"))
    response = signed_in.post(f"/staff/admin/staff/{user.id}/setup-code")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    code = re.search(r"Setup code: <code>([A-Z0-9]{4}-[A-Z0-9]{4})</code>", text(response)).group(1)
    assert code not in text(signed_in.get(f"/staff/admin/staff/{user.id}"))
    assert accounts.check_setup_code(user.username, code) == user
    again = text(signed_in.post(f"/staff/admin/staff/{user.id}/setup-code"))
    second = re.search(r"<code>([A-Z0-9]{4}-[A-Z0-9]{4})</code>", again).group(1)
    assert accounts.check_setup_code(user.username, code) == accounts.SetupError.UNKNOWN
    assert accounts.check_setup_code(user.username, second) == user


def test_changing_a_role(signed_in, tutor):
    response = signed_in.post(f"/staff/admin/staff/{tutor.id}/role", data={"role": "careers_adviser"})
    assert response.status_code == 303
    assert tutor.role == Role.CAREERS_ADVISER
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "role_changed"))
    assert event.detail == {"old": "tutor", "new": "careers_adviser"}


def test_the_last_careers_leader_is_neither_demoted_nor_deactivated(signed_in, leader):
    demote = signed_in.post(f"/staff/admin/staff/{leader.id}/role", data={"role": "tutor"})
    assert demote.status_code == 422 and "only active careers leader" in text(demote)
    assert leader.role == Role.CAREERS_LEADER
    own = signed_in.post(f"/staff/admin/staff/{leader.id}/deactivate", data={"reason": "test"})
    assert own.status_code == 422 and "cannot deactivate your own account" in text(own)
    assert leader.is_active


def test_the_last_leader_is_kept_when_another_leader_acts(app, school, leader):
    second = factories.make_staff(school, Role.CAREERS_LEADER)
    client = sign_in(app, second.username)
    gone = client.post(f"/staff/admin/staff/{leader.id}/deactivate", data={"reason": "left"})
    assert gone.status_code == 303
    back = sign_in(app, second.username)
    # ``second`` is now the only active careers leader: demoting them is refused.
    refused = back.post(f"/staff/admin/staff/{second.id}/role", data={"role": "tutor"})
    assert refused.status_code == 422


def test_deactivating_ends_every_session_at_once_and_a_copied_cookie_is_refused(app, school, leader, tutor):
    use_fresh_clients(app)
    phone = sign_in(app, tutor.username)
    laptop = sign_in(app, tutor.username)
    copy = app.test_client()
    copy.set_cookie("session", phone.get_cookie("session").value)
    assert copy.get("/staff/").status_code == 200
    admin = sign_in(app, leader.username)
    response = admin.post(f"/staff/admin/staff/{tutor.id}/deactivate", data={"reason": "left the school"})
    assert response.status_code == 303
    for client in (phone, laptop, copy):
        assert client.get("/staff/").status_code == 302
    assert sign_in_fails(app, tutor.username)
    db.session.expire_all()
    detail = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "sessions_ended"))
    assert detail == {"reason": "deactivated", "count": 2}
    again = admin.post(f"/staff/admin/staff/{tutor.id}/reactivate")
    assert again.status_code == 303
    assert sign_in(app, tutor.username).get("/staff/").status_code == 200


def sign_in_fails(app, username) -> bool:
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
    return response.status_code != 303


def test_a_deactivation_needs_a_reason(signed_in, tutor):
    response = signed_in.post(f"/staff/admin/staff/{tutor.id}/deactivate", data={"reason": " "})
    assert response.status_code == 422 and "Say why" in text(response)
    assert tutor.is_active


def test_a_pupil_account_is_not_an_admin_page(signed_in, pupil):
    assert signed_in.get(f"/staff/admin/staff/{pupil.id}").status_code == 404


def test_creating_renaming_and_setting_the_tutor_of_a_group(signed_in, school, tutor):
    created = signed_in.post("/staff/admin/groups", data={"name": "10C", "year_group": "10"})
    assert created.status_code == 303
    group = db.session.scalar(select(TutorGroup).where(TutorGroup.school_id == school.id))
    assert (group.name, group.year_group) == ("10C", 10)
    page = text(signed_in.get(f"/staff/admin/groups/{group.id}"))
    assert tutor.display_name in page
    chosen = signed_in.post(f"/staff/admin/groups/{group.id}/tutor", data={"tutor": str(tutor.id)})
    assert chosen.status_code == 303
    assert group.tutor_id == tutor.id
    renamed = signed_in.post(f"/staff/admin/groups/{group.id}/rename", data={"name": "10 Curie"})
    assert renamed.status_code == 303
    assert group.name == "10 Curie"
    assert "10 Curie" in text(signed_in.get("/staff/admin/groups"))
    assert audit_actions()[-3:] == ["group_created", "tutor_assigned", "group_renamed"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "year_group": "9"}, "Enter the group&#39;s name."),
        ({"name": "9Z", "year_group": "6"}, "Enter a year group from 7 to 13."),
        ({"name": "9Z", "year_group": "nine"}, "Enter a whole number"),
        ({"name": "9a", "year_group": "9"}, "already has a group with this name"),
    ],
)
def test_a_group_with_a_problem_is_422_with_the_typed_values_kept(signed_in, school, data, message):
    factories.make_group(school, "9A")
    response = signed_in.post("/staff/admin/groups", data=data)
    assert response.status_code == 422
    assert message in text(response)
    assert f'value="{data["year_group"]}"' in text(response)


@pytest.mark.parametrize("who", ["senco", "other school"])
def test_only_a_tutor_of_the_school_can_be_set_as_tutor(signed_in, school, who):
    group = factories.make_group(school, "9A")
    owner = school if who == "senco" else factories.make_school("Elm", "elm")
    other = factories.make_staff(owner, Role.SENCO if who == "senco" else Role.TUTOR)
    response = signed_in.post(f"/staff/admin/groups/{group.id}/tutor", data={"tutor": str(other.id)})
    assert response.status_code == 422
    assert "Choose one of the school" in text(response)
    assert group.tutor_id is None


def test_the_settings_page_explains_each_default_and_its_source(signed_in):
    page = text(signed_in.get("/staff/admin/settings"))
    from passport.domain.benchmarks import settings_source

    for name in ("employer_first_year", "second_workplace_by_age", "first_interview_by_age"):
        assert settings_source(name).replace("'", "&#39;") in page, name
    assert "Statutory default: 7." in page and "Statutory default: 18." in page
    assert "Skills Builder Universal Framework" in page


SETTINGS = {
    "employer_first_year": "7", "employer_last_year": "11", "stem_employer_before_year": "11",
    "lmi_by_age": "14", "stem_learning_by_age": "14", "first_workplace_by_age": "16",
    "second_workplace_by_age": "", "providers_by_age": "16",
    "required_provider_types": ["sixth_form", "fe_college", "apprenticeship_provider"],
    "university_visits_by_age": "", "university_visits_required": "2", "first_interview_by_age": "16",
    "further_interview_by_age": "", "skills_framework": "skills_builder",
}


def test_saving_settings_as_a_year_7_to_11_school(signed_in, school, leader):
    response = signed_in.post("/staff/admin/settings", data=SETTINGS)
    assert response.status_code == 303, text(response)
    settings = db.session.get(SchoolSettings, school.id)
    assert settings.employer_last_year == 11
    assert (settings.second_workplace_by_age, settings.further_interview_by_age) == (None, None)
    assert settings.required_provider_types == "sixth_form,fe_college,apprenticeship_provider"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "settings_changed"))
    assert event.actor_id == leader.id
    assert event.detail["changes"]["employer_last_year"] == {"old": 13, "new": 11}
    page = text(signed_in.get("/staff/admin/settings"))
    assert re.search(r'id="employer_last_year"[^>]*value="11"', page)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"employer_first_year": "10", "employer_last_year": "8"}, "cannot come before the first"),
        ({"lmi_by_age": "10"}, "Enter an age from 11 to 19"),
        ({"first_workplace_by_age": "20"}, "Enter an age from 11 to 19"),
        ({"employer_first_year": "6"}, "Enter a year group from 7 to 13"),
        ({"first_workplace_by_age": "17", "second_workplace_by_age": "16"}, "cannot be due before the first"),
        ({"university_visits_required": "x"}, "Enter a whole number"),
        ({"skills_framework": "nonsense"}, "Not a valid choice"),
    ],
)
def test_settings_with_a_problem_are_422_with_the_typed_values_kept(signed_in, school, change, message):
    response = signed_in.post("/staff/admin/settings", data=dict(SETTINGS, **change))
    page = text(response)
    assert response.status_code == 422
    assert message in page and "There is a problem" in page
    name, value = next(iter(change.items()))
    assert re.search(rf'id="{name}"[^>]*value="{value}"', page) or name == "skills_framework"
    assert db.session.get(SchoolSettings, school.id).employer_last_year == 13
    assert "settings_changed" not in audit_actions()


def test_reset_to_the_statutory_defaults(signed_in, school):
    signed_in.post("/staff/admin/settings", data=SETTINGS)
    response = signed_in.post("/staff/admin/settings/reset")
    assert response.status_code == 303
    settings = db.session.get(SchoolSettings, school.id)
    assert (settings.employer_last_year, settings.second_workplace_by_age) == (13, 18)
    assert audit_actions()[-1] == "settings_reset"


def test_every_admin_form_needs_the_csrf_token(database_url, _schema, school, leader, tutor):
    from tests.conftest import make_test_app

    strict = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    page = text(client.get("/login"))
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    login = {"username": leader.username, "password": factories.PASSWORD, "csrf_token": token}
    assert client.post("/login", data=login).status_code == 303
    group = factories.make_group(school, "9A")
    for method, url in admin_urls(tutor.id, group.id):
        if method == "POST":
            response = client.post(url, data={"reason": "left", "role": "senco", "name": "Z", "tutor": ""})
            assert response.status_code in (400, 422), url
    db.session.expire_all()
    assert tutor.is_active and tutor.role == Role.TUTOR
    assert db.session.scalar(select(func.count(User.id))) == 2
