"""The input boundary: what every request must be before a view sees it (issue 7, item 2).

- ``<int:...>`` in every route is bounded to what the id columns hold (``INTEGER``: 2^31 - 1 on
  PostgreSQL, whose ``integer out of range`` was a 500; SQLite's limit is 2^63 - 1):
  ``/entries/99999999999999999999999`` is a 404, never a number the database cannot compare.
- JSON bodies are read by one safe loader: nesting deeper than ``JSON_MAX_DEPTH`` (which would
  raise RecursionError) and the constants ``NaN``/``Infinity``/``-Infinity`` (not JSON, but
  Python's loader accepts them) are refused as malformed, so ``get_json`` answers 400.
- A sync batch (the pupil's and the employer's) applies each item on its own (``isolated``):
  an item the server fails on is rolled back and reported with its op id; the rest go on.
- A JSON body is read only by the views marked ``@takes_json`` (the two sync endpoints); sent
  anywhere else it is a 415 before the view runs. Flask-WTF would otherwise take a JSON body as
  form data, and a top-level string or list (``"\ud800"``) raised inside Werkzeug: a 500.
- A NUL character in the path, the query string or a form (PostgreSQL cannot store it in text)
  is refused with a 400 and a clear message before any view runs; text inside JSON is checked
  item by item by ``is_storable`` (a sync batch reports each bad item on its own).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import abort
from flask import current_app
from flask import Flask
from flask import Request
from flask import request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

INT_MAX = 2**31 - 1  # PostgreSQL's INTEGER, the type of every id and version column
JSON_MAX_DEPTH = 32  # a sync batch is 4 deep; nothing legitimate comes near this
NUL_REFUSED = "That text contains a character that cannot be stored (a NUL). Remove it and try again."


class BoundedIntConverter(IntegerConverter):
    """``<int:...>``: a whole number from 0 to ``INT_MAX``; anything larger does not match (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=INT_MAX if max is None else max,
                         signed=signed)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _depth(value, limit: int) -> int:
    """How deeply ``value`` nests (iteratively, so it cannot overflow the stack itself)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def loads_safely(data: str | bytes, max_depth: int = JSON_MAX_DEPTH):
    """``json.loads`` that raises ValueError (never RecursionError) for anything malformed:
    too deep, NaN or Infinity, bad UTF-8, not JSON."""
    try:
        value = json.loads(data, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if _depth(value, max_depth) > max_depth:
        raise ValueError("JSON nested too deeply")
    return value


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, reading request bodies with ``loads_safely``."""

    def loads(self, s: str | bytes, **kwargs):
        return loads_safely(s)


def is_storable(text: str) -> bool:
    """Whether the database can store ``text``: no NUL, no lone surrogate (from JSON's
    ``"\\ud800"``), so it encodes as UTF-8."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


ITEM_FAILED = "The server could not save this item. It stays on this phone; try again later."


def op_label(item) -> str | None:
    """A sync item's op id as the phone sent it, to name the item in the answer (text only)."""
    op = item.get("op") if isinstance(item, dict) else None
    return op if isinstance(op, str) and len(op) <= 64 and is_storable(op) else None


def isolated(apply: Callable[..., dict], item, *args, passthrough: tuple[type[Exception], ...] = ()) -> dict:
    """``apply(item, *args)``; if it raises (other than ``passthrough``), undo what it had not
    committed, log it, and report the item as not saved, so the phone keeps it. Operations
    commit once at their end, so a failure leaves no half-written row."""
    from .extensions import db

    try:
        return apply(item, *args)
    except passthrough:
        raise
    except Exception:  # one item's failure is that item's answer, not the batch's
        db.session.rollback()
        current_app.logger.exception("sync item %r failed", op_label(item))
        return {"op": op_label(item), "status": "error", "message": ITEM_FAILED}


JSON_REFUSED = "This page takes a form, not JSON. Fill in the form on the page and send it."


def takes_json(view: Callable) -> Callable:
    """Mark ``view`` as one that reads a JSON body (every other view is sent forms only)."""
    view.takes_json = True
    return view


def _refuse_json_where_a_form_is_expected() -> None:
    """Before every view: a JSON body sent to a view not marked ``@takes_json`` is a 415."""
    if not request.is_json or request.method in ("GET", "HEAD", "OPTIONS"):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and not getattr(view, "takes_json", False):
        abort(415, JSON_REFUSED)


def _refuse_nul() -> None:
    """Before every view: a NUL anywhere in the path, query or form is a 400 (errors.py renders
    it as a page, an htmx fragment or JSON)."""
    values = [request.path, *request.args.keys(), *request.args.values()]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += [*request.form.keys(), *request.form.values()]
        values += [f.filename or "" for f in request.files.values()]
    if any("\x00" in value for value in values):
        abort(400, NUL_REFUSED)


class FormRequest(Request):
    """A request whose form values have each line break as one character. Browsers send a
    textarea's line breaks as CR LF, while the page's character count (counter.js) and the
    browser count them as one: without this, a reflection or a feedback sentence at its limit
    with line breaks in it would be refused although the page said it fitted."""

    def _load_form_data(self) -> None:
        loaded = "form" in self.__dict__
        super()._load_form_data()
        form = self.__dict__.get("form")
        if loaded or form is None or not any("\r" in value for _key, value in form.items(multi=True)):
            return
        self.__dict__["form"] = self.parameter_storage_class(
            [(key, value.replace("\r\n", "\n")) for key, value in form.items(multi=True)]
        )


def register(app: Flask) -> None:
    """Install the converter (before the blueprints add their routes), the JSON provider, the
    form's line breaks and the NUL check."""
    app.request_class = FormRequest
    app.url_map.converters["int"] = BoundedIntConverter
    app.json_provider_class = SafeJSONProvider
    app.json = SafeJSONProvider(app)
    app.before_request(_refuse_nul)
    app.before_request(_refuse_json_where_a_form_is_expected)


# Endpoints that take a certificate or reference: a file up to twice the cap may arrive, so
# that operations/folder.py can refuse one over the cap with its message (anything larger is
# refused with 413 before it is read). Registered before CSRFProtect, which reads the form.
UPLOAD_ENDPOINTS = frozenset({"pupil.folder_upload", "staff.pupil_folder_upload"})


def register_upload_limit(app) -> None:
    from .domain.folder import MAX_UPLOAD_BYTES

    @app.before_request
    def _upload_limit():
        if request.endpoint in UPLOAD_ENDPOINTS:
            request.max_content_length = 2 * MAX_UPLOAD_BYTES
