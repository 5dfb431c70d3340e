"""The pupil's side of a reflection's thread (issue 8 item 3): the reflection form's sharing box
(off by default), sharing and stopping from the entry page, the home page notice until the entry
is opened, answering (full page and htmx), and no way into another pupil's thread."""

from __future__ import annotations

import re
import uuid

import pytest
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Reflection
from passport.models import ReflectionComment
from passport.models import Role
from passport.operations import entries
from passport.operations import reflections as ops
from sqlalchemy import select

from tests import factories


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")


@pytest.fixture
def amy(client, auth, school, tutor):
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    amy = factories.make_pupil(school, first_name="Amy", group=group)
    auth.login(amy.user.username)
    return amy


def reflected(pupil, shared: bool = True):
    entry = factories.make_entry(pupil, organisation="Arup")
    entries.save_reflection(entry, pupil.user, {"next": "Ask about apprenticeships"}, 0, shared=shared)
    return entry


def box(page: str) -> str:
    """The sharing checkbox's tag."""
    return re.search(r'<input[^>]*name="shared_with_tutor"[^>]*>', page).group(0)


def shared_now(entry) -> bool:
    db.session.expire_all()
    return db.session.get(Reflection, entry.id).shared_with_tutor


def test_the_reflection_form_explains_who_reads_it_and_starts_unticked(client, amy):
    entry = factories.make_entry(amy, organisation="Arup")
    page = client.get(f"/passport/entries/{entry.client_uuid}/reflection").text
    assert "Let your tutor read this reflection" in page
    assert "your tutor, the careers leader and careers adviser" in page
    assert "only you can read it" in page
    assert "checked" not in box(page)


def test_saving_with_the_box_ticked_shares_it(client, amy):
    entry = factories.make_entry(amy, organisation="Arup")
    response = client.post(f"/passport/entries/{entry.client_uuid}/reflection", data={
        "work_like": "Busy", "version": "0", "op": str(uuid.uuid4()), "share_shown": "1",
        "shared_with_tutor": "y",
    })
    assert response.status_code == 303
    assert shared_now(entry)
    page = client.get(f"/passport/entries/{entry.client_uuid}/reflection").text
    assert "checked" in box(page)


def test_the_entry_page_shares_and_stops_sharing_and_each_is_audited(client, hx, amy):
    entry = reflected(amy, shared=False)
    url = f"/passport/entries/{entry.client_uuid}/reflection/sharing"
    assert "Only you can read it." in client.get(f"/passport/entries/{entry.client_uuid}").text
    response = client.post(url, data={"share": "yes"})
    assert response.status_code == 303 and response.headers["Location"].endswith("#reflection")
    assert shared_now(entry)
    hx.post("/login", data={"username": amy.user.username, "password": factories.PASSWORD})
    fragment = hx.post(url, data={"share": "no"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "Only you can read this reflection now." in fragment.text
    assert not shared_now(entry)
    logged = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("%shared_with_tutor")).order_by(AuditEvent.id)
    )
    assert list(logged) == ["reflection_shared_with_tutor", "reflection_unshared_with_tutor"]
    damaged = client.post(url, data={"share": "maybe"})
    assert damaged.status_code == 422 and "Reload the page and try again." in damaged.text
    # Over htmx the reflection block comes back with the message, not an error page.
    damaged = hx.post(url, data={"share": "maybe"})
    assert damaged.status_code == 422 and "<html" not in damaged.text  # htmx swaps 422 (base.html)
    assert "Reload the page and try again." in damaged.text and 'id="reflection"' in damaged.text
    assert not shared_now(entry)


def test_home_says_there_is_a_comment_until_the_entry_is_opened(client, amy, tutor):
    entry = reflected(amy)
    ops.post_comment(entry, tutor, "What will you ask them?")
    notice = "Tess Tutor (your tutor) commented on your reflection on Arup"
    assert notice in client.get("/passport/").text
    # The service worker saving the page for offline use is not the pupil opening it.
    client.get(f"/passport/entries/{entry.client_uuid}", headers={"X-Passport-Warm": "1"})
    client.get(f"/passport/entries/{entry.client_uuid}", headers={"Sec-Fetch-Mode": "cors"})
    assert notice in client.get("/passport/").text
    page = client.get(f"/passport/entries/{entry.client_uuid}").text
    assert "What will you ask them?" in page and ">New</span>" in page
    assert notice not in client.get("/passport/").text
    assert ">New</span>" not in client.get(f"/passport/entries/{entry.client_uuid}").text


def test_the_pupil_answers_without_javascript_and_with_htmx(client, hx, amy, tutor):
    entry = reflected(amy)
    ops.post_comment(entry, tutor, "What will you ask them?")
    url = f"/passport/entries/{entry.client_uuid}/comments"
    response = client.post(url, data={"body": "About pay.", "op": str(uuid.uuid4())})
    assert response.status_code == 303 and response.headers["Location"].endswith("#thread")
    hx.post("/login", data={"username": amy.user.username, "password": factories.PASSWORD})
    op = str(uuid.uuid4())
    fragment = hx.post(url, data={"body": "And hours.", "op": op})
    assert fragment.status_code == 200 and "Your answer is sent." in fragment.text
    assert "<html" not in fragment.text and "And hours." in fragment.text
    hx.post(url, data={"body": "And hours.", "op": op})  # a double tap
    bodies = db.session.scalars(select(ReflectionComment.body).order_by(ReflectionComment.id))
    assert list(bodies) == ["What will you ask them?", "About pay.", "And hours."]


@pytest.mark.parametrize(("body", "problem"), [("", "Write your answer first."),
                                                ("y" * 1001, "under 1000 characters")])
def test_a_bad_answer_is_a_422_with_the_typed_text_kept(client, hx, amy, tutor, body, problem):
    entry = reflected(amy)
    ops.post_comment(entry, tutor, "What will you ask them?")
    hx.post("/login", data={"username": amy.user.username, "password": factories.PASSWORD})
    for who in (client, hx):
        response = who.post(f"/passport/entries/{entry.client_uuid}/comments",
                            data={"body": body, "op": str(uuid.uuid4())})
        assert response.status_code == 422 and problem in response.text
        assert body in response.text


def test_no_answer_on_a_private_reflection(client, amy, tutor):
    entry = reflected(amy)
    ops.post_comment(entry, tutor, "What will you ask them?")
    ops.set_sharing(entry, amy.user, False)
    page = client.get(f"/passport/entries/{entry.client_uuid}").text
    assert "You stopped sharing this reflection" in page and "Send answer" not in page
    response = client.post(f"/passport/entries/{entry.client_uuid}/comments",
                           data={"body": "Hello", "op": str(uuid.uuid4())})
    assert response.status_code == 409 and "Hello" in response.text
    mine = select(ReflectionComment.id).where(ReflectionComment.author_id == amy.id)
    assert db.session.scalar(mine) is None


def test_another_pupils_thread_is_a_404_and_never_shown(client, school, amy, tutor):
    ben = factories.make_pupil(school, first_name="Ben", group=amy.tutor_group)
    bens = reflected(ben)
    ops.post_comment(bens, tutor, "Ben, well done")
    base = f"/passport/entries/{bens.client_uuid}"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}/comments", data={"body": "Hi", "op": str(uuid.uuid4())}).status_code == 404
    assert client.post(f"{base}/reflection/sharing", data={"share": "no"}).status_code == 404
    assert "Ben, well done" not in client.get("/passport/").text
    assert shared_now(bens)
