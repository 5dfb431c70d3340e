"""POST /passport/sync: offline replays apply exactly once, refusals carry a reason (item 17)."""

import json
import uuid

import pytest
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Entry
from passport.models import OpReceipt
from passport.models import Reflection
from passport.operations import entries as entry_ops
from passport.operations import reflections
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.conftest import make_test_app

FIELDS = {
    "subtype": "fair",
    "occurred_on": "2026-02-10",
    "organisation": "NHS Leeds",
    "skills": ["teamwork"],
    "kind": "employer_encounter",
}


def create(key=None, **fields):
    key = str(key or uuid.uuid4())
    return {
        "op": key,
        "action": "entry.create",
        "entry": key,
        "base_version": None,
        "fields": {**FIELDS, "client_uuid": key, **fields},
    }


def sync(client, owner, *items):
    response = client.post(
        "/passport/sync",
        data=json.dumps({"owner": str(owner), "items": list(items)}),
        content_type="application/json",
        headers={"Accept": "application/json"},
    )
    return response


def entry_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Entry))


@pytest.fixture
def me(client, auth, pupil):
    auth.login(pupil.user.username)
    return pupil


def test_a_batch_is_applied_and_reported_per_item(client, me):
    first, second = create(), create(organisation="Arup")
    results = sync(client, me.id, first, second).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert [r["op"] for r in results] == [first["op"], second["op"]]
    assert results[0]["url"] == f"/passport/entries/{first['entry']}"
    assert entry_count() == 2
    assert [e.skill_codes for e in db.session.scalars(select(Entry))] == [["teamwork"], ["teamwork"]]


def test_replaying_the_same_batch_makes_one_record_each(client, me):
    items = [create(), create(organisation="Arup")]
    sync(client, me.id, *items)
    again = sync(client, me.id, *items).get_json()["results"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert entry_count() == 2


def test_a_duplicate_inside_one_batch_is_applied_once(client, me):
    item = create()
    results = sync(client, me.id, item, item).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "duplicate"]
    assert entry_count() == 1


def test_an_edit_replayed_after_a_lost_response_is_not_a_conflict(client, me):
    entry = factories.make_entry(me)
    op = str(uuid.uuid4())
    edit = {
        "op": op,
        "action": "entry.update",
        "entry": str(entry.client_uuid),
        "base_version": 1,
        "fields": {**FIELDS, "description": "Edited offline"},
    }
    assert sync(client, me.id, edit).get_json()["results"][0]["status"] == "applied"
    assert sync(client, me.id, edit).get_json()["results"][0]["status"] == "duplicate"
    db.session.expire_all()
    saved = db.session.get(Entry, entry.id)
    assert (saved.version, saved.description) == (2, "Edited offline")


def test_an_offline_edit_that_meets_a_newer_edit_is_a_conflict_with_both_texts(client, me):
    entry = factories.make_entry(me, description="Original")
    factories.entries.update_entry(
        entry, me.user, factories.entry_data(description="Changed on the laptop"), 1
    )
    edit = {
        "op": str(uuid.uuid4()),
        "action": "entry.update",
        "entry": str(entry.client_uuid),
        "base_version": 1,
        "fields": {**FIELDS, "description": "Typed on the bus"},
    }
    result = sync(client, me.id, edit).get_json()["results"][0]
    assert result["status"] == "conflict"
    assert result["current"]["description"] == "Changed on the laptop"
    assert result["current"]["version"] == 2
    db.session.expire_all()
    assert db.session.get(Entry, entry.id).description == "Changed on the laptop"
    # "Keep mine": the phone resends on top of the saved version, as a new operation.
    keep = {**edit, "op": str(uuid.uuid4()), "base_version": 2}
    assert sync(client, me.id, keep).get_json()["results"][0]["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(Entry, entry.id).description == "Typed on the bus"


def test_reflections_sync_and_conflict(client, me):
    entry = factories.make_entry(me)
    save = {
        "op": str(uuid.uuid4()),
        "action": "reflection.save",
        "entry": str(entry.client_uuid),
        "base_version": 0,
        "fields": {"work_like": "Busy", "next": "Apply", "version": "0"},
    }
    assert sync(client, me.id, save).get_json()["results"][0]["status"] == "applied"
    other = {**save, "op": str(uuid.uuid4()), "fields": {"work_like": "Quiet", "version": "0"}}
    result = sync(client, me.id, other).get_json()["results"][0]
    assert result["status"] == "conflict"
    assert result["current"]["answers"] == {"work_like": "Busy", "next": "Apply"}


@pytest.mark.parametrize(
    ("item", "status", "message"),
    [
        pytest.param(create(organisation=""), "invalid", "Enter the employer", id="validation"),
        pytest.param(
            create(occurred_on="2030-01-01"), "invalid", "cannot be in the future", id="future-date"
        ),
        pytest.param(create(kind="astronaut"), "invalid", "do not know that kind", id="unknown-kind"),
        pytest.param({"op": "x", "action": "entry.create"}, "invalid", "damaged", id="malformed-op"),
        pytest.param(
            {"op": str(uuid.uuid4()), "action": "entry.delete_all"}, "invalid", "damaged", id="bad-action"
        ),
        pytest.param({**create(), "fields": {"organisation": 5}}, "invalid", "damaged", id="non-text-field"),
        pytest.param(
            {
                "op": str(uuid.uuid4()),
                "action": "entry.update",
                "entry": str(uuid.uuid4()),
                "base_version": 1,
                "fields": FIELDS,
            },
            "gone",
            "deleted",
            id="unknown-entry",
        ),
    ],
)
def test_refused_items_say_why_and_write_nothing(client, me, item, status, message):
    result = sync(client, me.id, item).get_json()["results"][0]
    assert result["status"] == status
    assert message in result["message"]
    assert entry_count() == 0


def test_an_item_for_a_deleted_entry_is_gone_and_a_late_create_does_not_revive_it(client, me):
    item = create()
    sync(client, me.id, item)
    entry = db.session.scalar(select(Entry))
    factories.entries.delete_entry(entry, me.user)
    assert sync(client, me.id, item).get_json()["results"][0]["status"] == "gone"
    assert entry_count() == 0


def test_another_pupils_uuid_is_forbidden(client, me, school):
    other = factories.make_pupil(school, first_name="Ben")
    theirs = factories.make_entry(other, organisation="Theirs")
    edit = {
        "op": str(uuid.uuid4()),
        "action": "entry.update",
        "entry": str(theirs.client_uuid),
        "base_version": 1,
        "fields": {**FIELDS, "organisation": "Hacked"},
    }
    steal = create(key=theirs.client_uuid)
    results = sync(client, me.id, edit, steal).get_json()["results"]
    assert [r["status"] for r in results] == ["gone", "forbidden"]
    db.session.expire_all()
    assert [e.organisation for e in db.session.scalars(select(Entry))] == ["Theirs"]


def test_another_pupils_op_id_is_forbidden(client, me, school):
    other = factories.make_pupil(school, first_name="Ben")
    theirs = factories.make_entry(other)
    op = uuid.uuid4()
    factories.entries.update_entry(theirs, other.user, factories.entry_data(description="x"), 1, op)
    mine = factories.make_entry(me)
    edit = {
        "op": str(op),
        "action": "entry.update",
        "entry": str(mine.client_uuid),
        "base_version": 1,
        "fields": FIELDS,
    }
    assert sync(client, me.id, edit).get_json()["results"][0]["status"] == "forbidden"


def test_items_saved_by_another_account_are_refused_whole(client, me, school):
    response = sync(client, me.id + 1000, create())
    assert response.status_code == 409
    assert entry_count() == 0


def test_other_school_and_other_roles_cannot_sync(client, auth, school):
    elm = factories.make_school("Elm", "elm")
    elm_leader = factories.make_staff(elm, factories.Role.CAREERS_LEADER)
    auth.login(elm_leader.username)
    response = sync(client, elm_leader.id, create())
    assert response.status_code == 403
    assert response.is_json
    assert entry_count() == 0


def test_signed_out_sync_is_401_json_never_a_login_page(client, school):
    response = sync(client, 1, create())
    assert response.status_code == 401
    assert response.is_json


def test_batch_shape_and_size_are_checked(client, me):
    assert client.post("/passport/sync", data="[]", content_type="application/json").status_code == 400
    too_many = [create() for _ in range(101)]
    assert sync(client, me.id, *too_many).status_code == 413
    assert entry_count() == 0


def test_receipts_are_written_with_the_change(client, me):
    item = create()
    sync(client, me.id, item)
    receipt = db.session.get(OpReceipt, uuid.UUID(item["op"]))
    assert receipt.user_id == me.id and receipt.action == "entry.create"


def test_sync_requires_the_csrf_header(database_url, _schema, pupil):
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = client.get("/login").get_data(as_text=True).split('name="csrf-token" content="')[1].split('"')[0]
    client.post(
        "/login", data={"username": pupil.user.username, "password": factories.PASSWORD, "csrf_token": token}
    )
    body = json.dumps({"owner": str(pupil.id), "items": [create()]})
    refused = client.post(
        "/passport/sync", data=body, content_type="application/json", headers={"Accept": "application/json"}
    )
    assert refused.status_code == 400
    fresh = client.get("/api/csrf", headers={"Accept": "application/json"}).get_json()
    assert fresh["user"] == str(pupil.id)
    ok = client.post(
        "/passport/sync",
        data=body,
        content_type="application/json",
        headers={"Accept": "application/json", "X-CSRFToken": fresh["csrf_token"]},
    )
    assert ok.status_code == 200
    assert entry_count() == 1


def _reflect_item(entry, base_version=0, **fields):
    return {
        "op": str(uuid.uuid4()),
        "action": "reflection.save",
        "entry": str(entry.client_uuid),
        "base_version": base_version,
        "fields": {"work_like": "Busy", "version": str(base_version), **fields},
    }


def _share_rows():
    return list(db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.action.like("reflection_%shared_with_tutor"))
        .order_by(AuditEvent.id)
    ))


def test_a_reflection_shared_offline_is_shared_once_however_often_it_is_replayed(client, me):
    """Issue 8 item 3 with requirements item 17: the sharing box travels in the outbox item like
    the answers, applied once per op (one audit row), and a replay changes nothing."""
    entry = factories.make_entry(me)
    item = _reflect_item(entry, share_shown="1", shared_with_tutor="y")
    assert sync(client, me.id, item, item).get_json()["results"][0]["status"] == "applied"
    assert sync(client, me.id, item).get_json()["results"][0]["status"] == "duplicate"
    db.session.expire_all()
    assert db.session.get(Reflection, entry.id).shared_with_tutor is True
    assert _share_rows() == ["reflection_shared_with_tutor"]


def test_an_offline_item_from_a_form_without_the_box_keeps_the_choice(client, me):
    """A phone may replay a reflection saved on a page from before the box: it shares nothing
    and stops nothing (no ``share_shown``)."""
    entry = factories.make_entry(me)
    sync(client, me.id, _reflect_item(entry, share_shown="1", shared_with_tutor="y"))
    result = sync(client, me.id, _reflect_item(entry, 1)).get_json()["results"][0]
    assert result["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(Reflection, entry.id).shared_with_tutor is True
    unticked = _reflect_item(entry, 2, share_shown="1")
    assert sync(client, me.id, unticked).get_json()["results"][0]["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(Reflection, entry.id).shared_with_tutor is False
    assert _share_rows() == ["reflection_shared_with_tutor", "reflection_unshared_with_tutor"]


def test_a_share_saved_offline_before_the_pupil_stopped_sharing_comes_back_as_a_conflict(client, me):
    """Stopping sharing online moves the version on: the older offline item cannot share again."""
    entry = factories.make_entry(me)
    entry_ops.save_reflection(entry, me.user, {"work_like": "Busy"}, 0, shared=True)
    stale = _reflect_item(entry, 1, share_shown="1", shared_with_tutor="y")
    reflections.set_sharing(entry, me.user, False)
    result = sync(client, me.id, stale).get_json()["results"][0]
    assert result["status"] == "conflict"
    assert result["current"]["shared_with_tutor"] is False
    db.session.expire_all()
    assert db.session.get(Reflection, entry.id).shared_with_tutor is False
