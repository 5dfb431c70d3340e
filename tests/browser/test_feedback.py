"""Feedback after an event in Chromium at 360 px (issue 10 item 6; requirements items 19, 42): a
pupil's feedback written with no signal waits on the phone and arrives once; a parent's, with a
problem first (what they typed kept); an organisation's through its link; the careers leader
reads them on the event page. axe-core finds no violations; no page scrolls sideways."""

from __future__ import annotations

import uuid

import pytest
from passport.extensions import db
from passport.models import EventFeedback
from passport.models import ParentLink
from passport.models import Role
from passport.operations import employer as employer_ops
from playwright.sync_api import expect
from sqlalchemy import select

from .. import factories
from ..verifier_helpers import make_fair
from ..verifier_helpers import org_named
from .axe import assert_no_axe_violations
from .conftest import PHONE
from .conftest import sign_in_as
from .test_offline import cached_pages
from .test_offline import phone  # noqa: F401 (a fixture)
from .test_offline import server  # noqa: F401 (a fixture)
from .test_offline import sign_in
from .test_offline import wait_until
from .test_offline import wait_until_controlled

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _rows() -> list[EventFeedback]:
    db.session.rollback()
    rows = list(db.session.scalars(select(EventFeedback).order_by(EventFeedback.id)))
    db.session.rollback()
    return rows


@pytest.fixture
def went(school, pupil):
    """A fair on now; Arup confirmed Amy there (the real operation)."""
    fair = make_fair(school)
    entry, _ = employer_ops.confirm_pupil(org_named(fair, "Arup"), pupil, "", uuid.uuid4())
    return fair, entry


def test_a_pupils_feedback_written_offline_arrives_once(phone, pupil, went, screenshot):  # noqa: F811
    fair, entry = went
    page = phone.new_page()
    sign_in(page, pupil.user.username)
    wait_until_controlled(page)
    page.goto(f"/passport/entries/{entry.client_uuid}")
    page.get_by_role("link", name="Tell school how Year 9 careers fair went").click()
    expect(page.get_by_role("heading", name="How was Year 9 careers fair?")).to_be_visible()
    url = f"/passport/entries/{entry.client_uuid}/feedback"
    wait_until(page, lambda: url in cached_pages(page, pupil.id), seconds=30)
    assert_no_axe_violations(page, name="pupil feedback form")
    _no_sideways_scroll(page)

    phone.set_offline(True)
    page.reload()  # from the phone's copy
    page.get_by_label("4: Good").check()
    page.get_by_label("In a sentence, why? (optional)").fill("The robots were the best bit.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", name="Feedback saved on this phone")).to_be_visible()
    screenshot(page, "feedback-saved-offline-360")
    assert _rows() == []
    page.goto("/passport/timeline")
    expect(page.locator("#pending")).to_contain_text("Feedback on an event")

    phone.set_offline(False)
    page.goto("/passport/timeline")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-status")).to_contain_text("Everything is saved", timeout=15_000)
    rows = _rows()
    assert [(r.rating, r.comment) for r in rows] == [(4, "The robots were the best bit.")]
    page.evaluate("PassportSync.flush()")
    assert len(_rows()) == 1
    page.goto(f"/passport/entries/{entry.client_uuid}")
    expect(page.get_by_text("You said it was good (4 out of 5)")).to_be_visible()
    assert_no_axe_violations(page, name="entry page with feedback given")


def test_a_parent_and_an_organisation_give_feedback_and_the_leader_reads_it(
    new_context, school, pupil, went, screenshot
):
    fair, _entry = went
    parent = factories.make_parent(pupil)
    link = db.session.scalar(select(ParentLink).where(ParentLink.parent_id == parent.id))
    leader = factories.make_staff(school, Role.CAREERS_LEADER)

    page = new_context(**PHONE).new_page()
    sign_in_as(page, parent.username)
    page.goto(f"/parents/children/{link.id}")
    page.get_by_role("link", name="Year 9 careers fair").click()
    expect(page.get_by_role("heading", name="How was Year 9 careers fair?")).to_be_visible()
    page.get_by_label("In a sentence, why? (optional)").fill("Amy came home full of ideas.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("In a sentence, why? (optional)")).to_have_value("Amy came home full of ideas.")
    assert_no_axe_violations(page, name="parent feedback with a problem")
    _no_sideways_scroll(page)
    page.get_by_label("5: Excellent").check()
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Thank you. The careers leader will read your feedback.")).to_be_visible()
    expect(page.get_by_text("you said excellent (5 out of 5)")).to_be_visible()
    screenshot(page, "parent-feedback-given-360")

    employer = new_context(**PHONE).new_page()
    employer.goto(f"/v/{org_named(fair, 'NHS Leeds').verifier_secret}")
    employer.get_by_role("link", name="Tell the school how the event went").click()
    employer.get_by_label("3: All right").check()
    employer.get_by_label("In a sentence, why? (optional)").fill("Too noisy to talk by the stage.")
    assert_no_axe_violations(employer, name="organisation feedback form")
    _no_sideways_scroll(employer)
    employer.get_by_role("button", name="Send feedback").click()
    expect(employer.get_by_role("heading", name="Thank you")).to_be_visible()

    staff = new_context(**PHONE).new_page()
    sign_in_as(staff, leader.username, lands="**/staff/")
    staff.goto(f"/staff/events/{fair.id}#feedback")
    feedback = staff.locator("#feedback")
    expect(feedback).to_contain_text("Amy came home full of ideas.")
    expect(feedback).to_contain_text("Too noisy to talk by the stage.")
    expect(feedback.get_by_role("row", name="Employers 1 3.0 out of 5")).to_be_visible()
    assert_no_axe_violations(staff, name="event page with feedback")
    _no_sideways_scroll(staff)
    screenshot(staff, "event-feedback-360")
    assert sorted(r.source.value for r in _rows()) == ["employer", "parent"]
