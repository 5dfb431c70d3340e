"""The pupil's target pages: set a target (after an entry or not), mark it done or dropped;
another pupil's or school's targets and entries are 404 (requirements item 25; 002 B2, B7).
Today is pinned at 2026-03-10 (tests/conftest.py)."""

from datetime import date

import pytest
from passport.domain.targets import TargetStatus
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Target
from passport.operations import targets as ops
from sqlalchemy import select

from tests import factories


def targets() -> list[Target]:
    return list(db.session.scalars(select(Target).order_by(Target.id)))


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def signed_in(client, auth, pupil):
    auth.login(pupil.user.username)
    return client


def test_a_pupil_sets_a_target_and_sees_it_in_their_list(signed_in, pupil):
    """Requirements item 25; 002 B2, B7: the pupil sets their own target with a review date."""
    form = signed_in.get("/passport/targets/new")
    assert form.status_code == 200
    assert 'for="text"' in text(form) and 'for="review_on"' in text(form)
    response = signed_in.post(
        "/passport/targets/new",
        data={"text": "Email the college about open evening", "review_on": "2026-04-01"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/passport/targets")
    [target] = targets()
    assert (target.pupil_id, target.set_by_id, target.status) == (pupil.id, pupil.id, TargetStatus.OPEN)
    assert target.review_on == date(2026, 4, 1) and target.entry_id is None
    page = text(signed_in.get("/passport/targets"))
    assert "Email the college about open evening" in page
    assert "1 April 2026" in page
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "target_set"))
    assert audit.actor_id == pupil.id and audit.subject_id == target.id
    assert "Email" not in str(audit.detail)  # the pupil's words stay in their record


def test_a_target_set_after_an_entry_names_it(signed_in, pupil):
    """Requirements item 25: "targets … after visits" [002 B2, B7]: from the entry's page."""
    entry = factories.make_entry(pupil, organisation="Rolls-Royce")
    detail = text(signed_in.get(f"/passport/entries/{entry.client_uuid}"))
    assert f"/passport/targets/new?entry={entry.client_uuid}" in detail
    form = text(signed_in.get(f"/passport/targets/new?entry={entry.client_uuid}"))
    assert "Set a target after Rolls-Royce" in form
    signed_in.post(
        "/passport/targets/new",
        data={
            "entry": str(entry.client_uuid),
            "text": "Look up engineering apprenticeships",
            "review_on": "2026-03-10",
        },
    )
    [target] = targets()
    assert target.entry_id == entry.id
    assert "After: <a" in text(signed_in.get("/passport/targets"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Visit the sixth form", "review_on": "2026-03-09"}, "cannot be in the past"),
        ({"text": "Visit the sixth form", "review_on": "2026-02-30"}, "Enter a real date"),
        ({"text": "Visit the sixth form", "review_on": ""}, "Choose a date to check how it went."),
        ({"text": "   ", "review_on": "2026-04-01"}, "Write what you will do next."),
        ({"text": "x" * 301, "review_on": "2026-04-01"}, "Keep this under 300 characters."),
        ({"text": "Visit the sixth form", "review_on": "2030-01-01"}, "in the next two years"),
    ],
)
def test_bad_input_is_refused_in_the_page_with_the_typed_text_kept(signed_in, data, message):
    """Requirements item 25 (a real review date, not in the past); item 43 (errors in the page)."""
    response = signed_in.post("/passport/targets/new", data=data)
    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page and message in page
    if data["text"].strip() and len(data["text"]) <= 300:
        assert data["text"] in page
    assert targets() == []


def test_another_pupils_entry_cannot_be_named(signed_in, school):
    """Requirements item 25; item 38: another pupil's entry is 404, and nothing is saved."""
    other = factories.make_pupil(school, first_name="Ben")
    entry = factories.make_entry(other)
    assert signed_in.get(f"/passport/targets/new?entry={entry.client_uuid}").status_code == 404
    assert signed_in.get("/passport/targets/new?entry=not-a-uuid").status_code == 404
    response = signed_in.post(
        "/passport/targets/new",
        data={"entry": str(entry.client_uuid), "text": "Copy Ben", "review_on": "2026-04-01"},
    )
    assert response.status_code == 404
    assert targets() == []


def test_a_pupil_marks_a_target_done_then_back_on_the_list(signed_in, pupil):
    """Requirements item 25; 002 B2, B7: the pupil updates the status."""
    target = ops.set_target(pupil, pupil.user, "Ask about work experience", date(2026, 3, 20))
    url = f"/passport/targets/{target.id}/status"
    response = signed_in.post(url, data={"status": "achieved"})
    assert response.status_code == 303
    db.session.refresh(target)
    assert target.status is TargetStatus.ACHIEVED
    assert "Well done" in text(signed_in.get("/passport/targets"))
    signed_in.post(url, data={"status": "dropped"})
    db.session.refresh(target)
    assert target.status is TargetStatus.DROPPED
    signed_in.post(url, data={"status": "open"})
    db.session.refresh(target)
    assert target.status is TargetStatus.OPEN
    actions = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "target_status_changed").order_by(AuditEvent.id)
    ).all()
    assert [d["status"] for d in actions] == ["achieved", "dropped", "open"]


def test_a_damaged_status_is_refused_in_the_page(signed_in, pupil):
    """Requirements item 25: only the three statuses."""
    target = ops.set_target(pupil, pupil.user, "Ask about work experience", date(2026, 3, 20))
    response = signed_in.post(f"/passport/targets/{target.id}/status", data={"status": "deleted"})
    assert response.status_code == 422
    assert "Choose one of the buttons" in text(response)
    db.session.refresh(target)
    assert target.status is TargetStatus.OPEN


def test_a_pupil_cannot_touch_another_pupils_or_schools_target(signed_in, school):
    """Requirements item 25; item 38: another pupil's target (or another school's) is 404 and
    stays as it was."""
    ben = factories.make_pupil(school, first_name="Ben")
    elsewhere = factories.make_pupil(factories.make_school("Elm High", "elm"), first_name="Cat")
    for other in (ben, elsewhere):
        target = ops.set_target(other, other.user, "Private plan", date(2026, 4, 1))
        response = signed_in.post(f"/passport/targets/{target.id}/status", data={"status": "dropped"})
        assert response.status_code == 404
        db.session.refresh(target)
        assert target.status is TargetStatus.OPEN
        assert "Private plan" not in text(signed_in.get("/passport/targets"))


def test_staff_cannot_open_the_pupils_target_pages(client, auth, school):
    """Requirements §5: these are the pupil's own pages (passport/access.py)."""
    from passport.models import Role

    tutor = factories.make_staff(school, Role.TUTOR)
    auth.login(tutor.username)
    assert client.get("/passport/targets").status_code == 403
