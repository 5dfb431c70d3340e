"""``POST /passport/sync``: replay what a pupil saved on their phone while offline.

The body is ``{"owner": "<user id>", "items": [...]}``; each item is
``{"op", "action", "entry", "base_version", "fields"}`` where ``action`` is ``entry.create``,
``entry.update``, ``reflection.save``, ``checkin.claim``, ``cv.save`` (the pupil's CV) or
``feedback.save`` (feedback on the event of an entry, issue 10 item 6) and
``fields`` are the form's fields as
the phone saved them (a reflection's ``shared_with_tutor`` box among them, with ``share_shown``
saying the form asked). Each item is checked by the same form as online and applied by the same
operation, once per ``op`` (requirements item 17). The answer lists one result per item; an item
the server refuses is reported with a reason and stays on the phone. docs/offline.md has the
protocol.
"""

from __future__ import annotations

import uuid

from flask import abort
from flask import g
from flask import jsonify
from flask import request
from flask import url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..boundary import INT_MAX
from ..boundary import is_storable
from ..boundary import isolated
from ..boundary import op_label
from ..boundary import takes_json
from ..domain.kinds import EntryKind
from ..feedback_forms import FeedbackForm
from ..operations import checkin as checkin_ops
from ..operations import cv as cv_ops
from ..operations import entries as ops
from ..operations import feedback as feedback_ops
from ..queries import cv as cv_q
from ..queries import pupils as q
from . import bp
from .checkin import CheckinForm
from .checkin import claim_from_form
from .cv_forms import cv_form
from .feedback import event_of_entry
from .forms import answers_of
from .forms import entry_form_for
from .forms import reflection_form
from .forms import shared_of

MAX_ITEMS = 100
ACTIONS = ("entry.create", "entry.update", "reflection.save", "checkin.claim", "cv.save", "feedback.save")
GONE = "This entry has been deleted, so the change could not be saved."
LOCKED = "School has confirmed this entry, so its date, kind and organisation cannot change."


class BadItem(Exception):
    """The item is not in the protocol's shape."""


def _uuid(value) -> uuid.UUID:
    if not isinstance(value, str):
        raise BadItem("not a uuid")
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadItem("not a uuid") from None


def _formdata(fields) -> MultiDict:
    if not isinstance(fields, dict):
        raise BadItem("fields must be an object")
    data = MultiDict()
    for name, value in fields.items():
        if not is_storable(name):
            raise BadItem("a field's name has a character that cannot be stored")
        for one in value if isinstance(value, list) else [value]:
            if not isinstance(one, str):
                raise BadItem(f"field {name} must be text")
            if not is_storable(one):
                raise BadItem(f"field {name} has a character that cannot be stored")
            data.add(name, one)
    return data


def _base_version(item: dict) -> None:
    value = item.get("base_version")
    # bool is an int in Python; a version beyond INT_MAX is no version the database holds.
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= INT_MAX:
        raise BadItem("base_version must be a whole number")


def _invalid(form) -> dict:
    messages = [m for name, errs in form.errors.items() for m in errs if name != "csrf_token"]
    return {
        "status": "invalid",
        "errors": {k: v for k, v in form.errors.items() if k},
        "message": " ".join(messages),
    }


def _entry_url(entry_uuid) -> str:
    return url_for("pupil.entry_detail", entry_uuid=entry_uuid)


def _create(item: dict, fields: MultiDict) -> dict:
    try:
        kind = EntryKind(fields.get("kind", ""))
    except ValueError:
        return {"status": "invalid", "message": "We do not know that kind of entry."}
    form = entry_form_for(g.pupil, kind, formdata=fields, meta={"csrf": False})
    if not form.validate():
        return _invalid(form)
    key = _uuid(item.get("entry"))
    try:
        entry, created = ops.record_entry(g.pupil, current_user, form.to_data(), key)
    except ops.AlreadyApplied:
        return {"status": "gone", "message": "This was saved before and has since been deleted."}
    # The key, not entry.client_uuid: reading the committed entry would reload it (3 queries).
    return {"status": "applied" if created else "duplicate", "url": _entry_url(key)}


def _update(item: dict, fields: MultiDict, entry) -> dict:
    form = entry_form_for(g.pupil, entry.kind, formdata=fields, meta={"csrf": False})
    if not form.validate():
        return _invalid(form)
    url = _entry_url(entry.client_uuid)  # read before the commit expires the entry
    try:
        ops.update_entry(entry, current_user, form.to_data(), item.get("base_version"), _uuid(item["op"]))
    except ops.AlreadyApplied:
        return {"status": "duplicate", "url": url}
    except ops.StaleVersion as stale:
        current = stale.current
        return {
            "status": "conflict",
            "message": "This entry was changed somewhere else after you saved yours.",
            "current": {
                "version": current.version,
                "occurred_on": current.occurred_on.isoformat(),
                "organisation": current.organisation,
                "description": current.description,
            },
        }
    except ops.Locked:
        return {
            "status": "invalid",
            "message": "School has confirmed this entry, so its facts cannot change.",
        }
    return {"status": "applied", "url": url}


def _reflect(item: dict, fields: MultiDict, entry) -> dict:
    form = reflection_form(entry.kind, formdata=fields, meta={"csrf": False})
    if not form.validate():
        return _invalid(form)
    url = _entry_url(entry.client_uuid)  # read before the commit expires the entry
    try:
        ops.save_reflection(
            entry, current_user, answers_of(form), item.get("base_version"), _uuid(item["op"]),
            shared=shared_of(form),
        )
    except ops.AlreadyApplied:
        return {"status": "duplicate", "url": url}
    except ops.StaleVersion:
        current = entry.reflection
        return {
            "status": "conflict",
            "message": "This reflection was changed somewhere else after you saved yours.",
            "current": {
                "version": current.version, "answers": current.answers,
                "shared_with_tutor": current.shared_with_tutor,
            },
        }
    return {"status": "applied", "url": url}


def _checkin(item: dict, fields: MultiDict) -> dict:
    """A check-in made offline, checked against the time the phone scanned the code."""
    form = CheckinForm(formdata=fields, meta={"csrf": False})
    if not form.validate():
        return _invalid(form)
    try:
        entry, repeat = claim_from_form(form, _uuid(item["op"]))
    except checkin_ops.CheckinRefused as refused:
        return {"status": "invalid", "message": refused.message, "reason": refused.reason}
    except ops.AlreadyApplied:
        return {"status": "invalid", "message": "This saved check-in is damaged. Scan the code again."}
    return {"status": "duplicate" if repeat else "applied", "url": _entry_url(entry.client_uuid)}


def _cv(item: dict, fields: MultiDict) -> dict:
    """The pupil's CV saved on the phone: the same form and operation as online."""
    entries = cv_q.choosable(g.pupil)
    form = cv_form(entries, formdata=fields, meta={"csrf": False})
    if not form.validate():
        return _invalid(form)
    url = url_for("pupil.cv")
    allowed = {str(e.client_uuid) for e in entries}
    try:
        cv_ops.save_cv(
            g.pupil, current_user, form.to_data(allowed), item.get("base_version"), _uuid(item["op"])
        )
    except ops.AlreadyApplied:
        return {"status": "duplicate", "url": url}
    except cv_ops.StaleVersion as stale:
        current = stale.current
        return {
            "status": "conflict",
            "message": "Your CV was changed somewhere else after you saved this on your phone.",
            "current": {
                "version": current.version, "statement": current.statement,
                "achievements_100": current.achievements_100, "achievements_250": current.achievements_250,
            },
        }
    return {"status": "applied", "url": url}


def _feedback(item: dict, fields: MultiDict, entry) -> dict:
    """Feedback on the entry's event saved on the phone: the same form and operation as online."""
    url = url_for("pupil.entry_detail", entry_uuid=entry.client_uuid)
    event = event_of_entry(entry)
    if event is None:
        return {"status": "gone", "message": "This entry is not of an event, so there is nothing to rate."}
    form = FeedbackForm(formdata=fields, meta={"csrf": False})
    if not form.validate():
        return _invalid(form)
    try:
        feedback_ops.by_pupil(
            current_user, g.pupil, event, int(form.rating.data), form.comment.data or "", _uuid(item["op"]),
            expected_version=form.version_number,
        )
    except ops.AlreadyApplied:
        return {"status": "duplicate", "url": url}
    except feedback_ops.FeedbackRefused as refused:
        return {"status": "invalid", "message": str(refused)}
    return {"status": "applied", "url": url}


def apply_item(item) -> dict:
    """Check and apply one outbox item; never raises for bad input (it is reported)."""
    result: dict = {"op": op_label(item)}
    try:
        if not isinstance(item, dict) or item.get("action") not in ACTIONS:
            raise BadItem("unknown action")
        _uuid(item.get("op"))
        _base_version(item)
        fields = _formdata(item.get("fields", {}))
        if item["action"] == "checkin.claim":
            result.update(_checkin(item, fields))
            return result
        if item["action"] == "cv.save":
            result.update(_cv(item, fields))
            return result
        if item["action"] == "entry.create":
            result.update(_create(item, fields))
            return result
        entry = q.own_entry_or_none(g.pupil, _uuid(item.get("entry")))
        if entry is None:
            result.update(
                status="gone", message="This entry has been deleted, so the change could not be saved."
            )
        elif item["action"] == "entry.update":
            result.update(_update(item, fields, entry))
        elif item["action"] == "feedback.save":
            result.update(_feedback(item, fields, entry))
        else:
            result.update(_reflect(item, fields, entry))
    except BadItem as bad:
        result.update(status="invalid", message=f"This saved item is damaged ({bad}).")
    except ops.NotYours:
        result.update(status="forbidden", message="This belongs to someone else's passport.")
    return result


@bp.post("/sync")
@takes_json
def sync():
    """Apply a batch of outbox items in order and report each one's result."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("items"), list):
        abort(400)
    if len(body["items"]) > MAX_ITEMS:
        return jsonify(error=f"Send at most {MAX_ITEMS} items at a time."), 413
    # Owners are strings on the phone ("12"; an employer's are "verifier:<id>"); phones still
    # holding items from before that change send the number, which means the same.
    if str(body.get("owner")) != str(current_user.id):
        # Saved on this phone by another account: never apply it as this pupil.
        return jsonify(error="These items were saved by another account."), 409
    return jsonify(results=[isolated(apply_item, item) for item in body["items"]])
