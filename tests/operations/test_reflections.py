"""Sharing a reflection with the pupil's staff and the comment thread on it (issue 8 item 3;
requirements item 15 for reflections, and item 22's rule, "only with the pupil's consent ...
revocation hides the data immediately", applied to them). Each share and unshare is audited."""

from __future__ import annotations

import uuid

import pytest
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import ReflectionComment
from passport.models import Role
from passport.operations import entries
from passport.operations import reflections as ops
from passport.queries import reflections as q
from sqlalchemy import select

from tests import factories


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")


@pytest.fixture
def amy(school, tutor):
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    return factories.make_pupil(school, first_name="Amy", group=group)


def reflected(pupil, shared: bool | None = None):
    entry = factories.make_entry(pupil, organisation="Arup")
    entries.save_reflection(entry, pupil.user, {"next": "Ask about apprenticeships"}, 0, shared=shared)
    return entry


def actions(entry) -> list[str]:
    rows = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.subject_id == entry.id, AuditEvent.action.like("reflection_%"))
        .order_by(AuditEvent.id)
    )
    return list(rows)


def test_a_reflection_is_private_unless_the_pupil_ticks_the_box(amy):
    """Privacy by default for children (docs/decisions.md): a form that did not ask shares nothing."""
    entry = reflected(amy)
    assert entry.reflection.shared_with_tutor is False
    assert actions(entry) == ["reflection_saved"]


def test_ticking_the_box_shares_it_and_the_audit_says_so(amy):
    entry = reflected(amy, shared=True)
    assert entry.reflection.shared_with_tutor is True
    assert actions(entry) == ["reflection_saved", "reflection_shared_with_tutor"]
    entries.save_reflection(entry, amy.user, {"next": "Apply"}, 1, shared=False)
    assert entry.reflection.shared_with_tutor is False
    assert actions(entry)[-1] == "reflection_unshared_with_tutor"


def test_a_form_that_did_not_ask_leaves_the_choice_as_it_is(amy):
    """A phone may hold a reflection form from before the box existed: its save keeps the choice."""
    entry = reflected(amy, shared=True)
    entries.save_reflection(entry, amy.user, {"next": "Apply"}, 1, shared=None)
    assert entry.reflection.shared_with_tutor is True
    assert actions(entry).count("reflection_shared_with_tutor") == 1


def test_every_share_and_unshare_from_the_entry_page_is_audited_even_a_repeat(amy):
    entry = reflected(amy)
    for shared in (True, True, False):
        ops.set_sharing(entry, amy.user, shared)
    assert actions(entry)[1:] == [
        "reflection_shared_with_tutor", "reflection_shared_with_tutor", "reflection_unshared_with_tutor",
    ]
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("reflection_%shared%")))
    assert {(r.actor_id, r.detail["pupil_id"]) for r in rows} == {(amy.id, amy.id)}


def test_changing_the_choice_moves_the_version_on_so_an_older_offline_save_conflicts(amy):
    """An offline save made before the pupil stopped sharing must not share it again silently."""
    entry = reflected(amy, shared=True)
    ops.set_sharing(entry, amy.user, False)
    with pytest.raises(entries.StaleVersion):
        entries.save_reflection(entry, amy.user, {"next": "Old"}, 1, uuid.uuid4(), shared=True)
    assert entry.reflection.shared_with_tutor is False


def test_only_the_pupil_chooses(amy, tutor, school):
    entry = reflected(amy)
    classmate = factories.make_pupil(school, first_name="Ben", group=amy.tutor_group)
    for actor in (tutor, classmate.user):
        with pytest.raises(ops.CommentRefused):
            ops.set_sharing(entry, actor, True)
    assert entry.reflection.shared_with_tutor is False


def test_the_tutor_comments_on_a_shared_reflection_and_the_pupil_answers(amy, tutor):
    entry = reflected(amy, shared=True)
    asked = ops.post_comment(entry, tutor, "  What will you ask them?  ", uuid.uuid4())
    assert asked.body == "What will you ask them?" and asked.read_at is None
    assert [u.author for u in q.unread_for(amy)] == ["Tess Tutor"]
    answer = ops.post_comment(entry, amy.user, "About pay.", uuid.uuid4())
    assert answer.read_at is not None  # the pupil's own answer is never "new" to them
    assert [c.body for c in q.thread_of(entry)] == ["What will you ask them?", "About pay."]
    assert ops.mark_read(entry, amy.user) == 1
    assert q.unread_for(amy) == []
    assert ops.mark_read(entry, amy.user) == 0
    posted = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "reflection_comment_posted").order_by(AuditEvent.id)
    )
    assert [(r.actor_id, r.detail["by"]) for r in posted] == [(tutor.id, "tutor"), (amy.id, "pupil")]


def test_a_double_tap_posts_once(amy, tutor):
    entry = reflected(amy, shared=True)
    op = uuid.uuid4()
    ops.post_comment(entry, tutor, "Well done", op)
    with pytest.raises(entries.AlreadyApplied):
        ops.post_comment(entry, tutor, "Well done", op)
    assert len(q.thread_of(entry)) == 1


@pytest.mark.parametrize("body", ["", "   ", "x" * 1001])
def test_a_comment_is_one_to_a_thousand_characters(amy, tutor, body):
    entry = reflected(amy, shared=True)
    with pytest.raises(ValueError):
        ops.post_comment(entry, tutor, body)


def test_no_one_comments_on_a_private_reflection_not_even_the_pupil(amy, tutor):
    entry = reflected(amy)
    for actor in (tutor, amy.user):
        with pytest.raises(ops.CommentRefused):
            ops.post_comment(entry, actor, "Hello")
    assert db.session.scalar(select(ReflectionComment.id)) is None


def test_who_may_comment_is_who_may_read_the_record(school, amy, tutor):
    """RECORD_READERS within pupil_scope: the careers leader and adviser every pupil, a tutor
    their group, the SENCO pupils with SEND; never a senior leader, another group's tutor, a
    classmate, or anyone of another school."""
    entry = reflected(amy, shared=True)
    other_tutor = factories.make_staff(school, Role.TUTOR)
    factories.make_group(school, "9B", 9, tutor=other_tutor)
    other_school = factories.make_school("Riverside High", "riv")
    allowed = [factories.make_staff(school, role) for role in (Role.CAREERS_LEADER, Role.CAREERS_ADVISER)]
    refused = [
        factories.make_staff(school, Role.SENIOR_LEADER),
        factories.make_staff(school, Role.SENCO),  # Amy has no SEND flag
        other_tutor,
        factories.make_pupil(school, first_name="Ben", group=amy.tutor_group).user,
        factories.make_staff(other_school, Role.CAREERS_LEADER),
    ]
    for actor in allowed:
        assert ops.may_read_shared(actor, entry), actor.role
        ops.post_comment(entry, actor, "Good")
    for actor in refused:
        assert not ops.may_read_shared(actor, entry), actor.role
        with pytest.raises(ops.CommentRefused):
            ops.post_comment(entry, actor, "Nosy")
    amy.sen_support = True
    db.session.commit()
    assert ops.may_read_shared(refused[1], entry)  # now the SENCO's pupil


def test_stopping_sharing_hides_the_reflection_and_its_thread_from_staff_at_once(amy, tutor):
    entry = reflected(amy, shared=True)
    ops.post_comment(entry, tutor, "Tell me more")
    assert list(q.shared_threads([entry])) == [entry.id]
    ops.set_sharing(entry, amy.user, False)
    assert q.shared_threads([entry]) == {}
    assert not ops.may_read_shared(tutor, entry)
    assert [c.body for c in q.thread_of(entry)] == ["Tell me more"]  # still the pupil's to read


def test_deleting_the_entry_deletes_its_thread(amy, tutor):
    entry = reflected(amy, shared=True)
    ops.post_comment(entry, tutor, "Tell me more")
    entries.delete_entry(entry, amy.user)
    assert db.session.scalar(select(ReflectionComment.id)) is None
