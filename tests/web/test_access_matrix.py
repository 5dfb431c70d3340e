"""The access table (issue 8, item 1; requirements §5 and item 38): every endpoint of
``app.url_map`` is classified in ``passport.access.ENDPOINTS``, and every endpoint, requested as
every role of the school, as nobody, and as every role of another school, answers as the table
says. A new route that nobody classified fails the first test and is refused (403) by the app."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from passport import access
from passport.extensions import db
from passport.models import Pupil
from passport.models import Role
from pypdf import PdfReader
from sqlalchemy import select

from tests import factories
from tests.fresh_client import use_fresh_clients
from tests.route_walk import build_world
from tests.route_walk import requests_of

# Arguments of a URL that are public secrets, not another school's ids: a user of another
# school opening them sees what anyone with the link sees.
# "code": a school's public code (its published careers page names it).
PUBLIC_ARGUMENTS = {"filename", "statement", "token", "secret", "code"}
# Arguments that name something within the user's own school, never a row of another: a shipped
# entitlement item's key, a year group. Another school's careers leader opening them acts on
# their own school's (tests/web/parents/ checks it changes nothing here).
OWN_SCHOOL_ARGUMENTS = {"key", "year_group", "fmt"}  # fmt: an export's format, csv or xlsx
STAFF_ONLY_NAMES = ("Amy Jones", "Jones, Amy")


def test_every_endpoint_is_in_the_table_and_the_table_names_no_other(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - access.ENDPOINTS.keys()) == [], "classify these in passport/access.py"
    assert sorted(access.ENDPOINTS.keys() - endpoints) == [], "stale rows in passport/access.py"


def test_an_endpoint_missing_from_the_table_is_refused(_schema):
    from tests.conftest import make_test_app

    unclassified: Flask = make_test_app(_schema)
    unclassified.add_url_rule("/forgotten", "forgotten", lambda: "private")
    response = unclassified.test_client().get("/forgotten")
    assert response.status_code == 403 and b"private" not in response.data


def _people(school, world):
    """One user of each role of ``school``, each able to read the world's pupil Amy: the
    tutor is her group's, she is on SEN support with an EHC plan (the SENCO's; in Year 9, so
    her EHC review careers summary opens) and looked after (the designated teacher's)."""
    amy = world.pupil
    group = amy.tutor_group
    tutor = factories.make_staff(school, Role.TUTOR)
    group.tutor_id = tutor.id
    amy.sen_support = amy.ehc_plan = amy.looked_after = True
    db.session.commit()
    people = {Role.PUPIL: amy.user, Role.TUTOR: tutor, Role.CAREERS_LEADER: world.leader}
    people[Role.PARENT] = world.parent
    for role in access.STAFF - people.keys() | {Role.GOVERNOR}:
        people[role] = factories.make_staff(school, role)
    return people


def _outsiders(other):
    """One user of each role of another school (its pupil with a group of her own)."""
    group = factories.make_group(other, "9A", 9)
    zoe = factories.make_pupil(other, first_name="Zoe", last_name="Other", group=group)
    people = {Role.PUPIL: zoe.user, Role.PARENT: factories.make_parent(zoe)}
    for role in access.STAFF | {Role.GOVERNOR}:
        people[role] = factories.make_staff(other, role)
    return people


def _walk(app, world, username: str | None):
    """Every endpoint requested by ``username`` (None: signed out), signing out last."""
    use_fresh_clients(app)  # each request its own context: no signed-in user carried over in g
    client = app.test_client()
    if username:
        response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
        assert response.status_code in (302, 303), f"{username} could not sign in"
    for method, url, endpoint in requests_of(app, world):
        if endpoint == "auth.sign_out_everywhere":
            method = "GET"  # the POST would end the walk's own session
        with client.open(url, method=method) as response:
            yield endpoint, url, response


def _refused(response) -> bool:
    """403, or (signed out) sent to sign in: 401 for htmx/JSON, a redirect to /login."""
    return response.status_code in (401, 403) or (
        response.status_code in (302, 303) and "/login" in response.headers.get("Location", "")
    )


ROLES = [None, *sorted(Role, key=str)]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r) if r else "signed-out")
def test_every_endpoint_answers_every_role_as_the_table_says(app, school, role):
    world = build_world(school)
    people = _people(school, world)
    user = people.get(role)
    for endpoint, url, response in _walk(app, world, user.username if user else None):
        where = f"{role} {url} ({endpoint}) -> {response.status_code}"
        assert response.status_code < 500, where
        if access.ENDPOINTS[endpoint] is access.PUBLIC:
            continue  # open to all; a public page may still send a signed-out user to sign in
        if access.allowed(endpoint, role):
            assert not _refused(response), where
        else:
            assert _refused(response), where


def readable_text(response) -> str:
    """What a reader sees in a response: its text, a PDF's text (a pupil's own folder), or a
    spreadsheet's cells (an export)."""
    if response.mimetype == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    if response.mimetype.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.data), read_only=True)
        cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row]
        book.close()
        return "\n".join(cells)
    return response.get_data(as_text=True)


OUTSIDERS = sorted(access.STAFF | {Role.PUPIL, Role.GOVERNOR, Role.PARENT}, key=str)


@pytest.mark.parametrize("role", OUTSIDERS, ids=str)
def test_a_user_of_another_school_never_opens_this_schools_records(app, school, role):
    world = build_world(school)
    _people(school, world)
    outsider = _outsiders(factories.make_school("Riverside High", "riv"))[role]
    for endpoint, url, response in _walk(app, world, outsider.username):
        where = f"{role} of another school {url} ({endpoint}) -> {response.status_code}"
        assert response.status_code < 500, where
        body = readable_text(response)
        assert not any(name in body for name in STAFF_ONLY_NAMES), where
        arguments = set(app.url_map._rules_by_endpoint[endpoint][0].arguments)
        private = arguments - PUBLIC_ARGUMENTS - OWN_SCHOOL_ARGUMENTS
        if access.ENDPOINTS[endpoint] is not access.PUBLIC and private:
            assert response.status_code in (403, 404), where


@pytest.mark.parametrize(
    ("role", "reads_amy"),
    [
        (Role.CAREERS_LEADER, True),
        (Role.CAREERS_ADVISER, True),
        (Role.TUTOR, True),  # her group's tutor
        (Role.SENCO, True),  # she is on SEN support
        (Role.DESIGNATED_TEACHER, True),  # she is looked after
        (Role.SENIOR_LEADER, False),  # school-wide figures (issue 11), not pupils' records
        (Role.GOVERNOR, False),  # anonymised figures only (requirements item 33)
    ],
)
def test_which_pupils_each_role_reads(app, school, role, reads_amy):
    """requirements §5, item 38; 001 ¶36, ¶71; 004 §8: a tutor their groups' pupils, the SENCO
    pupils with SEND, the designated teacher looked-after pupils."""
    world = build_world(school)
    user = _people(school, world)[role]
    readable = set(db.session.scalars(select(Pupil.id).where(access.pupil_scope(user))))
    assert (world.pupil.id in readable) is reads_amy
    classmate = next(p for p in db.session.scalars(select(Pupil)) if p.id != world.pupil.id)
    # Ben is in the same group but has no SEND or care flags.
    expected = role in (Role.CAREERS_LEADER, Role.CAREERS_ADVISER, Role.TUTOR)
    assert (classmate.id in readable) is expected


def _with_argument(app, name: str) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if name in rule.arguments}


def test_the_table_keeps_each_area_to_its_people(app):
    """The rows the product's promises rest on: the pupil's pages are the pupil's alone; no staff
    page is public or open to pupils, governors or parents; pages of one pupil's record open only
    to staff who read records (never a senior leader or governor: item 33, 003 §7); the careers
    leader's programme tools are theirs alone."""
    rows = access.ENDPOINTS
    for endpoint, roles in rows.items():
        if endpoint.startswith("pupil."):
            assert roles == access.PUPIL, endpoint
        if endpoint.startswith("staff."):
            assert roles is not access.PUBLIC, endpoint
            assert not roles & {Role.PUPIL, Role.GOVERNOR, Role.PARENT}, endpoint
        if endpoint.startswith("governors."):  # anonymised figures (item 33): never a pupil's page
            assert roles <= access.GOVERNORS_PAGE and Role.GOVERNOR in roles, endpoint
    for endpoint in _with_argument(app, "pupil_id"):
        assert rows[endpoint] <= access.RECORD_READERS, endpoint
        assert not endpoint.startswith("governors."), endpoint
    for endpoint in ("staff.events", "staff.event_new", "staff.import_pupils", "staff.record_views"):
        assert rows[endpoint] == access.LEADER, endpoint
    assert access.SEE_SENSITIVE == {Role.CAREERS_LEADER, Role.SENCO, Role.DESIGNATED_TEACHER}


@pytest.mark.parametrize(
    "role", sorted(access.STAFF | {Role.PUPIL, Role.PARENT, Role.GOVERNOR}, key=str), ids=str
)
def test_the_walk_really_signs_in_each_role(app, school, role):
    """The matrix above means something only if the walk is signed in: each role's start page
    answers 200 with the sign-out button of a signed-in page."""
    world = build_world(school)
    user = _people(school, world)[role]
    home = {Role.PUPIL: "pupil.home", Role.PARENT: "parent.child", Role.GOVERNOR: "governors.home"}.get(
        role, "staff.home"
    )
    for endpoint, _url, response in _walk(app, world, user.username):
        if endpoint == home:
            assert response.status_code == 200
            assert 'action="/logout"' in response.get_data(as_text=True)
            return
    pytest.fail(f"{home} was not walked")
