"""Staff pages show pupils' data: every route of the staff blueprint answers ``Cache-Control:
no-store`` (issue 7, item 6), whatever the answer (a page, a redirect, a 4xx), so neither a shared
cache nor the staff member's own browser or service worker keeps a copy. The routes come from
``app.url_map``: a staff route added later is checked without touching this file."""

from __future__ import annotations

import pytest
from passport.models import Role

from tests import factories


def staff_urls(app, values: dict[str, int]) -> list[tuple[str, str]]:
    """(method, URL) for every staff route, its ids filled from ``values`` (real rows)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff."):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", str(values.get(name, 999_999)))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, path))
    return urls


@pytest.fixture
def staff_world(school):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    group = factories.make_group(school, "9A", tutor=leader)
    pupil = factories.make_pupil(school, group=group, first_name="Amy", last_name="Jones")
    entry = factories.make_entry(pupil, organisation="Arup")
    event = factories.make_event(school, actor=leader)
    values = {"group_id": group.id, "pupil_id": pupil.id, "entry_id": entry.id, "event_id": event.id,
              "organisation_id": 999_999}
    return leader, values


def test_every_staff_route_is_sent_no_store_signed_in_or_not(app, client, auth, staff_world):
    leader, values = staff_world
    urls = staff_urls(app, values)
    assert len(urls) >= 18  # every route of the blueprint, GET and POST
    for method, url in urls:
        with client.open(url, method=method) as answer:  # closed: a download's file with it
            assert answer.headers.get("Cache-Control") == "no-store", (method, url, "anonymous")
    auth.login(leader.username)
    statuses = set()
    for method, url in urls:
        with client.open(url, method=method) as answer:
            statuses.add(answer.status_code)
            assert answer.headers.get("Cache-Control") == "no-store", (method, url, answer.status_code)
    # Pages with the pupil's data among them, not only refusals.
    assert 200 in statuses


def test_a_staff_page_naming_a_pupil_is_no_store(client, auth, staff_world):
    leader, values = staff_world
    auth.login(leader.username)
    answer = client.get(f"/staff/groups/{values['group_id']}/pupils/{values['pupil_id']}")
    assert answer.status_code == 200 and "Amy" in answer.get_data(as_text=True)
    assert answer.headers["Cache-Control"] == "no-store"


def test_pupil_pages_stay_private_no_cache_for_the_phone(client, auth, pupil):
    """The pupil's own pages are the ones the service worker keeps for offline use."""
    auth.login(pupil.user.username)
    answer = client.get("/passport/")
    assert answer.headers["Cache-Control"] == "private, no-cache"
    assert answer.headers["X-Passport-User"] == str(pupil.id)
