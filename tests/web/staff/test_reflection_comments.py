"""Staff read the reflections a pupil shares, on the pupil page, and comment on them (issue 8
item 3): full page and htmx fragment, bad input kept, withdrawn sharing refused, other groups
and schools kept out. Privacy by default (docs/decisions.md; requirements item 22's rule)."""

from __future__ import annotations

import uuid

import pytest
from passport.extensions import db
from passport.models import ReflectionComment
from passport.models import Role
from passport.operations import entries
from passport.operations import reflections as ops
from sqlalchemy import select

from tests import factories

PRIVATE_WORDS = "I was nervous but asked about apprenticeships"


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")


@pytest.fixture
def amy(school, tutor):
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    return factories.make_pupil(school, first_name="Amy", group=group)


def reflected(pupil, shared: bool, organisation="Arup"):
    entry = factories.make_entry(pupil, organisation=organisation)
    entries.save_reflection(entry, pupil.user, {"next": PRIVATE_WORDS}, 0, shared=shared)
    return entry


def page_of(pupil) -> str:
    return f"/staff/groups/{pupil.tutor_group_id}/pupils/{pupil.id}"


def comment_url(pupil, entry) -> str:
    return f"{page_of(pupil)}/entries/{entry.id}/comments"


def form(entry, body: str) -> dict:
    return {f"e{entry.id}-comment-body": body, f"e{entry.id}-comment-op": str(uuid.uuid4())}


def comments() -> list[str]:
    return list(db.session.scalars(select(ReflectionComment.body).order_by(ReflectionComment.id)))


def test_the_pupil_page_shows_a_shared_reflection_and_never_a_private_one(client, auth, amy, tutor):
    shared = reflected(amy, True)
    private = factories.make_entry(amy, organisation="NHS Leeds")
    entries.save_reflection(private, amy.user, {"next": "Secret plan"}, 0)
    ops.post_comment(shared, tutor, "What did you ask?")
    auth.login(tutor.username)
    page = client.get(page_of(amy)).text
    assert PRIVATE_WORDS in page and "What did you ask?" in page
    assert "Secret plan" not in page
    # A private reflection reads like a missing one: staff cannot tell which (no pressure to share).
    assert page.count("No reflection shared.") == 1
    assert f'id="reflection-{private.id}"' in page


def test_stopping_sharing_hides_it_and_its_thread_on_the_next_page(client, auth, amy, tutor):
    entry = reflected(amy, True)
    ops.post_comment(entry, tutor, "What did you ask?")
    ops.set_sharing(entry, amy.user, False)
    auth.login(tutor.username)
    page = client.get(page_of(amy)).text
    assert PRIVATE_WORDS not in page and "What did you ask?" not in page
    assert "No reflection shared." in page


def test_a_comment_without_javascript_redirects_to_the_thread(client, auth, amy, tutor):
    entry = reflected(amy, True)
    auth.login(tutor.username)
    response = client.post(comment_url(amy, entry), data=form(entry, "Great questions!"))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{page_of(amy)}#reflection-{entry.id}")
    assert comments() == ["Great questions!"]
    assert "Great questions!" in client.get(page_of(amy)).text


def test_a_comment_with_htmx_swaps_the_thread(hx, amy, tutor):
    entry = reflected(amy, True)
    hx.post("/login", data={"username": tutor.username, "password": factories.PASSWORD})
    response = hx.post(comment_url(amy, entry), data=form(entry, "Great questions!"))
    assert response.status_code == 200
    assert f'<div class="reflection-thread" id="reflection-{entry.id}">' in response.text
    assert "Great questions!" in response.text and "Comment sent." in response.text
    assert "<html" not in response.text


@pytest.mark.parametrize(("body", "problem"), [("   ", "Write your comment first."),
                                                ("x" * 1001, "under 1000 characters")])
def test_bad_input_is_a_422_with_the_problem_and_the_typed_text(client, hx, auth, amy, tutor, body, problem):
    entry = reflected(amy, True)
    auth.login(tutor.username)
    hx.post("/login", data={"username": tutor.username, "password": factories.PASSWORD})
    for who in (client, hx):
        response = who.post(comment_url(amy, entry), data=form(entry, body))
        assert response.status_code == 422
        assert problem in response.text
        assert (body.strip() or "There is a problem") in response.text
    assert comments() == []


def test_a_comment_after_the_pupil_stopped_sharing_is_refused_with_the_words_shown(
    client, hx, auth, amy, tutor
):
    entry = reflected(amy, True)
    ops.set_sharing(entry, amy.user, False)
    auth.login(tutor.username)
    hx.post("/login", data={"username": tutor.username, "password": factories.PASSWORD})
    for who in (client, hx):
        response = who.post(comment_url(amy, entry), data=form(entry, "Are you OK?"))
        assert response.status_code == 409
        assert "no longer shares this reflection" in response.text and "Are you OK?" in response.text
        assert PRIVATE_WORDS not in response.text
    assert comments() == []


def test_verifying_an_entry_keeps_its_reflection_in_the_swapped_card(hx, amy, tutor):
    entry = reflected(amy, True)
    hx.post("/login", data={"username": tutor.username, "password": factories.PASSWORD})
    response = hx.post(f"{page_of(amy)}/entries/{entry.id}/verify", data={})
    assert response.status_code == 200 and PRIVATE_WORDS in response.text


def test_other_groups_and_other_schools_never_read_or_post(client, auth, school, amy):
    entry = reflected(amy, True)
    other_tutor = factories.make_staff(school, Role.TUTOR)
    factories.make_group(school, "9B", 9, tutor=other_tutor)
    outsider = factories.make_staff(factories.make_school("Riverside High", "riv"), Role.CAREERS_LEADER)
    for stranger in (other_tutor, outsider):
        auth.login(stranger.username)
        assert client.get(page_of(amy)).status_code == 404
        assert client.post(comment_url(amy, entry), data=form(entry, "Hi")).status_code == 404
        auth.logout()
    senior = factories.make_staff(school, Role.SENIOR_LEADER)
    auth.login(senior.username)
    assert client.post(comment_url(amy, entry), data=form(entry, "Hi")).status_code == 403
    assert comments() == []


def test_an_entry_of_another_pupil_under_this_pupils_url_is_a_404(client, auth, school, amy, tutor):
    ben = factories.make_pupil(school, first_name="Ben", group=amy.tutor_group)
    bens = reflected(ben, True)
    auth.login(tutor.username)
    assert client.post(comment_url(amy, bens), data=form(bens, "Hi")).status_code == 404
    assert comments() == []


@pytest.mark.parametrize(
    ("role", "flag"), [(Role.SENCO, "sen_support"), (Role.DESIGNATED_TEACHER, "looked_after")]
)
def test_a_senco_or_designated_teacher_is_told_their_name_shows_with_their_comment(
    client, auth, school, role, flag
):
    """Found in review: their comment on a shared reflection, seen by the tutor with their name,
    tells the tutor the pupil has SEND or is looked after (item 38); the form warns them."""
    group = factories.make_group(school, "9Z", 9)
    pupil = factories.make_pupil(school, first_name="Ola", group=group, **{flag: True})
    entry = factories.make_entry(pupil)
    entries.save_reflection(entry, pupil.user, {}, 0, uuid.uuid4(), shared=True)
    carer = factories.make_staff(school, role)
    auth.login(carer.username)
    page = client.get(f"/staff/groups/{pupil.tutor_group_id}/pupils/{pupil.id}").get_data(as_text=True)
    assert "a comment from you tells them you support Ola (SEND or looked after)" in page
