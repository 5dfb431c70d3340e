"""The careers page the school publishes (issue 11 item 8; requirements item 35: "Careers Leader
contact, programme summary, how impact is measured, next review date"; 003 §3, 004 §4)."""

from __future__ import annotations

import pytest
from passport.models import Role

from tests import factories

GOOD = {
    "leader_name": "Sam Careers",
    "leader_email": "careers@oakfield.sch.uk",
    "leader_phone": "0113 496 0000",
    "summary": "Every year from Year 7: <script>alert(1)</script> talks, visits and a fair.",
    "impact": "We review every pupil's record each term.",
    "next_review": "2026-09-01",
}


@pytest.fixture
def leader(school):
    return factories.make_staff(school, Role.CAREERS_LEADER, first_name="Sam", last_name="Careers")


def test_the_careers_leader_publishes_the_page_and_anyone_can_read_or_embed_it(
    app, client, auth, school, leader
):
    auth.login(leader.username)
    form = client.get("/staff/reports/website").get_data(as_text=True)
    assert 'value="Sam Careers"' in form
    bad = client.post("/staff/reports/website", data={**GOOD, "leader_email": "not an email", "summary": " "})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Enter an email address like name@school.sch.uk." in body
    assert "Write a summary of the programme." in body and "We review every pupil" in body  # typed, kept
    assert client.get(f"/schools/{school.code}/careers").status_code == 404  # nothing half-written
    assert client.post("/staff/reports/website", data=GOOD).status_code == 303
    published = client.get("/staff/reports/website").get_data(as_text=True)
    assert f"/schools/{school.code}/careers" in published and "&lt;iframe" in published
    auth.logout()

    page = app.test_client().get(f"/schools/{school.code}/careers")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for words in (
        "Sam Careers",
        "careers@oakfield.sch.uk",
        "0113 496 0000",
        "We review every pupil",
        "1 September 2026",
    ):
        assert words in text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    assert "frame-ancestors https:" in page.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in page.headers
    other = app.test_client().get("/login")
    assert (
        other.headers["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]
    )


def test_unknown_schools_and_unpublished_pages_are_not_found_and_only_the_leader_edits(client, auth, school):
    assert client.get("/schools/nope/careers").status_code == 404
    assert client.get(f"/schools/{school.code}/careers").status_code == 404
    for role in (Role.TUTOR, Role.SENIOR_LEADER, Role.GOVERNOR):
        auth.login(factories.make_staff(school, role).username)
        assert client.get("/staff/reports/website").status_code == 403
        assert client.post("/staff/reports/website", data=GOOD).status_code == 403
        auth.logout()
