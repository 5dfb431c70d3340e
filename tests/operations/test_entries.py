"""Writing the record: idempotent creates, versioned edits, locked verified facts, audit."""

import uuid
from datetime import date

import pytest
from passport.domain.kinds import EntryKind
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Entry
from passport.operations import entries as ops
from sqlalchemy import func
from sqlalchemy import select

from tests import factories


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_record_entry_is_idempotent_on_client_uuid_requirements_item_17(pupil):
    key = uuid.uuid4()
    data = factories.entry_data()
    first, created = ops.record_entry(pupil, pupil.user, data, key)
    again, created_again = ops.record_entry(pupil, pupil.user, data, key)
    assert created is True
    assert created_again is False
    assert again.id == first.id
    assert count(Entry) == 1


def test_record_entry_refuses_another_pupils_uuid(school, pupil):
    other = factories.make_pupil(school, first_name="Ben")
    key = uuid.uuid4()
    ops.record_entry(other, other.user, factories.entry_data(), key)
    with pytest.raises(ops.NotYours):
        ops.record_entry(pupil, pupil.user, factories.entry_data(organisation="Mine"), key)
    assert db.session.scalar(select(Entry.organisation).where(Entry.client_uuid == key)) == "Acme Ltd"


def test_record_entry_stores_skills_and_audits_who(pupil):
    entry, _ = ops.record_entry(
        pupil, pupil.user, factories.entry_data(skills=("teamwork", "listening")), uuid.uuid4()
    )
    assert entry.skill_codes == ["listening", "teamwork"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "entry_recorded"))
    assert event.actor_id == pupil.id
    assert event.subject_id == entry.id
    assert event.school_id == pupil.school_id


def test_update_entry_bumps_version_and_replaces_skills(pupil):
    entry = factories.make_entry(pupil, skills=("teamwork",))
    ops.update_entry(entry, pupil.user, factories.entry_data(organisation="Beta", skills=("speaking",)), 1)
    db.session.expire_all()
    saved = db.session.get(Entry, entry.id)
    assert saved.version == 2
    assert saved.organisation == "Beta"
    assert saved.skill_codes == ["speaking"]


def test_update_entry_with_stale_version_changes_nothing(pupil):
    entry = factories.make_entry(pupil)
    ops.update_entry(entry, pupil.user, factories.entry_data(organisation="Second"), 1)
    with pytest.raises(ops.StaleVersion) as raised:
        ops.update_entry(entry, pupil.user, factories.entry_data(organisation="Third"), 1)
    assert raised.value.current.organisation == "Second"
    db.session.expire_all()
    assert db.session.get(Entry, entry.id).organisation == "Second"


def _verify(entry):
    # Staff verification arrives with the QR issue; set the state directly for this rule.
    entry.verification = Verification.VERIFIED
    db.session.commit()


def test_verified_entry_facts_are_locked_but_description_is_not(pupil):
    entry = factories.make_entry(pupil)
    _verify(entry)
    with pytest.raises(ops.Locked):
        ops.update_entry(entry, pupil.user, factories.entry_data(occurred_on=date(2025, 9, 2)), None)
    ops.update_entry(entry, pupil.user, factories.entry_data(description="It was great"), None)
    assert entry.description == "It was great"


def test_verified_entry_cannot_be_deleted(pupil):
    entry = factories.make_entry(pupil)
    _verify(entry)
    with pytest.raises(ops.Locked):
        ops.delete_entry(entry, pupil.user)
    assert count(Entry) == 1


def test_delete_entry_removes_reflection_and_skills(pupil):
    entry = factories.make_entry(pupil, skills=("teamwork",))
    ops.save_reflection(entry, pupil.user, {"work_like": "Busy"}, 0)
    ops.delete_entry(entry, pupil.user)
    assert count(Entry) == 0
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "entry_deleted"


def test_save_reflection_versions_and_detects_conflicts(pupil):
    entry = factories.make_entry(pupil, kind=EntryKind.PROVIDER_ENCOUNTER)
    first = ops.save_reflection(entry, pupil.user, {"learning_like": "Big lecture halls", "fit": " "}, 0)
    assert first.version == 1
    assert first.answers == {"learning_like": "Big lecture halls"}
    with pytest.raises(ops.StaleVersion):
        ops.save_reflection(entry, pupil.user, {"learning_like": "Other device"}, 0)
    second = ops.save_reflection(entry, pupil.user, {"learning_like": "Labs", "next": "Open day"}, 1)
    assert second.version == 2
    assert second.answers["next"] == "Open day"


def test_repeated_edit_op_applies_once_and_is_not_a_conflict(pupil):
    entry = factories.make_entry(pupil)
    op = uuid.uuid4()
    ops.update_entry(entry, pupil.user, factories.entry_data(description="Once"), 1, op)
    with pytest.raises(ops.AlreadyApplied):
        ops.update_entry(entry, pupil.user, factories.entry_data(description="Once"), 1, op)
    assert entry.version == 2


def test_repeated_reflection_op_applies_once(pupil):
    entry = factories.make_entry(pupil)
    op = uuid.uuid4()
    ops.save_reflection(entry, pupil.user, {"next": "Apply"}, 0, op)
    with pytest.raises(ops.AlreadyApplied):
        ops.save_reflection(entry, pupil.user, {"next": "Apply"}, 0, op)
    assert entry.reflection.version == 1


def test_a_deleted_entry_is_not_brought_back_by_a_late_replay(pupil):
    key = uuid.uuid4()
    entry, _ = ops.record_entry(pupil, pupil.user, factories.entry_data(), key)
    ops.delete_entry(entry, pupil.user)
    with pytest.raises(ops.AlreadyApplied):
        ops.record_entry(pupil, pupil.user, factories.entry_data(), key)
    assert count(Entry) == 0


def test_another_users_op_id_is_refused(school, pupil):
    other = factories.make_pupil(school, first_name="Ben")
    mine = factories.make_entry(pupil)
    theirs = factories.make_entry(other)
    op = uuid.uuid4()
    ops.update_entry(theirs, other.user, factories.entry_data(description="Theirs"), 1, op)
    with pytest.raises(ops.NotYours):
        ops.update_entry(mine, pupil.user, factories.entry_data(description="Mine"), 1, op)


def test_two_requests_racing_with_one_uuid_make_one_entry_and_no_error(app, pupil):
    """A retry racing its original (both past their checks before either inserts): one is
    applied, the other answers as a duplicate; before the fix the loser was a 500."""
    import threading

    from passport.models import Pupil
    from sqlalchemy import event

    pupil_id, key, outcomes = pupil.id, uuid.uuid4(), []
    db.session.remove()
    barrier = threading.Barrier(2)

    def both_checked(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().startswith("INSERT INTO entries"):
            barrier.wait(10)  # both found no entry and no receipt

    def request():
        with app.app_context():
            me = db.session.get(Pupil, pupil_id)
            try:
                _, created = ops.record_entry(me, me.user, factories.entry_data(), key)
                outcomes.append("applied" if created else "duplicate")
            except Exception as error:  # the test reports any error as the outcome
                outcomes.append(type(error).__name__)
            finally:
                db.session.remove()

    event.listen(db.engine, "before_cursor_execute", both_checked)
    try:
        threads = [threading.Thread(target=request) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        event.remove(db.engine, "before_cursor_execute", both_checked)
    assert sorted(outcomes) == ["applied", "duplicate"]
    assert count(Entry) == 1
