"""A tutor and a pupil talk about a shared reflection on 360 px phones in Chromium (issue 8
item 3): the tutor works through the group matrix to the pupil, reads the reflection she shares
(never the one she keeps private) and comments; the pupil sees the notice on home, opens the
entry, reads and answers. axe-core finds nothing on any page; nothing scrolls sideways."""

from __future__ import annotations

from pathlib import Path

import pytest
from passport.models import Role
from passport.operations import entries
from playwright.sync_api import expect

from .. import factories
from .axe import assert_no_axe_violations
from .conftest import sign_in_as

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-comments")
SHARED_WORDS = "I asked how they train apprentices."
PRIVATE_WORDS = "I was too shy to ask anything."


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360


def check(page, name: str) -> None:
    assert_no_axe_violations(page, name=name)
    fits(page)
    shot(page, name)


def test_a_tutor_comments_on_a_shared_reflection_and_the_pupil_answers(new_context, school):
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    ava = factories.make_pupil(school, first_name="Ava", last_name="Adams", group=group)
    arup = factories.make_entry(ava, organisation="Arup")
    answers = {"work_like": SHARED_WORDS, "next": "Apply in Year 12"}
    entries.save_reflection(arup, ava.user, answers, 0, shared=True)
    nhs = factories.make_entry(ava, organisation="NHS Leeds")
    entries.save_reflection(nhs, ava.user, {"work_like": PRIVATE_WORDS}, 0)

    staff = new_context().new_page()
    sign_in_as(staff, tutor.username, lands="**/staff/")
    staff.get_by_role("link", name="9A").click()
    expect(staff.get_by_role("table", name="9A: each pupil against each Gatsby criterion")).to_be_visible()
    staff.get_by_role("link", name="Adams, Ava").click()
    thread = staff.locator(f"#reflection-{arup.id}")
    expect(thread.get_by_text(SHARED_WORDS)).to_be_visible()
    expect(staff.get_by_text(PRIVATE_WORDS)).to_have_count(0)
    expect(staff.locator(f"#reflection-{nhs.id}").get_by_text("No reflection shared.")).to_be_visible()
    check(staff, "1-staff-pupil-shared-reflection")

    thread.get_by_role("button", name="Send comment on Arup").click()  # empty: refused, kept in place
    expect(thread.get_by_text("Write your comment first.").first).to_be_visible()
    check(staff, "2-staff-comment-error")
    thread = staff.locator(f"#reflection-{arup.id}")
    thread.get_by_label("Your comment").fill("Great question! What did they say?")
    thread.get_by_role("button", name="Send comment on Arup").click()
    expect(thread.get_by_role("status")).to_contain_text("Comment sent.")
    expect(thread.get_by_text("Great question! What did they say?")).to_be_visible()
    check(staff, "3-staff-comment-sent")

    pupil = new_context().new_page()
    sign_in_as(pupil, ava.user.username, lands="**/passport/")
    notice = pupil.get_by_role("link", name="Tess Tutor (your tutor) commented on your reflection on Arup")
    expect(notice).to_be_visible()
    check(pupil, "4-pupil-home-notice")
    notice.click()
    expect(pupil.get_by_text("Great question! What did they say?")).to_be_visible()
    expect(pupil.locator(".comment").get_by_text("New")).to_be_visible()
    check(pupil, "5-pupil-entry-thread")
    pupil.get_by_label("Your answer").fill("They do three-year apprenticeships.")
    pupil.get_by_role("button", name="Send answer").click()
    expect(pupil.get_by_role("status").filter(has_text="Your answer is sent.")).to_be_visible()
    expect(pupil.locator(".comment-pupil").get_by_text("They do three-year apprenticeships.")).to_be_visible()
    check(pupil, "6-pupil-answered")
    pupil.goto("/passport/")
    expect(pupil.get_by_text("commented on your reflection")).to_have_count(0)

    staff.reload()
    expect(staff.get_by_text("They do three-year apprenticeships.")).to_be_visible()


def test_the_reflection_form_asks_about_sharing_in_plain_words(new_context, school):
    group = factories.make_group(school, "9A", 9)
    ava = factories.make_pupil(school, first_name="Ava", last_name="Adams", group=group)
    entry = factories.make_entry(ava, organisation="Arup")
    page = new_context().new_page()
    sign_in_as(page, ava.user.username, lands="**/passport/")
    page.goto(f"/passport/entries/{entry.client_uuid}/reflection")
    box = page.get_by_label("Let your tutor read this reflection")
    expect(box).not_to_be_checked()
    check(page, "7-pupil-reflection-form")
    page.get_by_label("What is work like there?").fill(SHARED_WORDS)
    box.check()
    page.get_by_role("button", name="Save reflection").click()
    expect(page.get_by_text("The staff who support you can read it")).to_be_visible()
    page.get_by_role("button", name="Stop sharing it").click()
    private = page.get_by_role("status").filter(has_text="Only you can read this reflection now.")
    expect(private).to_be_visible()
    check(page, "8-pupil-entry-private")


