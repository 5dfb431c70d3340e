"""The careers leader's import of pupils from the school's MIS (SIMS, Arbor, Bromcom...):
upload, a preview of every change, then Confirm (issue 7 item 9)."""

from __future__ import annotations

import base64
import zlib

from flask import current_app
from flask_login import current_user
from itsdangerous import BadData
from itsdangerous import URLSafeTimedSerializer

from .. import clock
from ..htmx import render_page_or_block
from ..operations import imports as ops
from ..queries.import_preview import preview_pupils_csv
from . import bp
from .forms import ImportForm
from .import_forms import ConfirmImportForm

PREVIEW_MAX_AGE = 3600  # seconds a preview can be confirmed for
EXPIRED = "This preview has expired or was changed. Upload the file again to see a new preview."
CHANGED = (
    "Nothing was imported: the pupils in the passport changed since your preview, so it no longer "
    "shows what the file would do. Check this new preview, then confirm again."
)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="mis-import-preview")


def _sign(data: bytes, filename: str) -> str:
    """The uploaded file, compressed and signed for this school and careers leader, so that the
    confirmation applies exactly the previewed bytes and no server keeps a copy between."""
    packed = base64.b64encode(zlib.compress(data, 9)).decode()
    value = {"s": current_user.school_id, "u": current_user.id, "f": filename, "d": packed}
    return _serializer().dumps(value)


def _unsign(token: str) -> tuple[bytes, str] | None:
    """The file and its name, or None for a token that is not this leader's, too old or altered."""
    try:
        value = _serializer().loads(token, max_age=PREVIEW_MAX_AGE)
        if (value["s"], value["u"]) != (current_user.school_id, current_user.id):
            return None
        return zlib.decompress(base64.b64decode(value["d"]), bufsize=4 * 1024 * 1024), str(value["f"])
    except (BadData, KeyError, TypeError, ValueError, zlib.error):
        return None


def _result(status: int, **context):
    context.setdefault("form", ImportForm(formdata=None))
    return render_page_or_block("staff/import.html", "result", status=status, **context)


def _preview(data: bytes, filename: str, status: int = 200, problem: str | None = None):
    """The preview and its Confirm form, or the file's problems (422) with nothing written."""
    preview = preview_pupils_csv(current_user.school, data, clock.today())
    if not preview.ok:
        report = ops.ImportReport([], [], preview.problems)
        return _result(422, report=report, filename=filename)
    confirm = ConfirmImportForm(formdata=None, upload=_sign(data, filename), fingerprint=preview.fingerprint)
    return _result(status, preview=preview, confirm=confirm, filename=filename, problem=problem)


@bp.route("/import", methods=["GET", "POST"])
def import_pupils():
    """Upload a CSV from the MIS: every problem by line (422), or a preview of what importing
    it would do, to confirm or cancel. Nothing is written here."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        return _preview(upload.read(), upload.filename)
    return _result(422 if form.errors else 200, form=form)


@bp.post("/import/confirm")
def import_confirm():
    """Apply the previewed file, all or nothing, only if the school's pupils are as they were
    when it was previewed (409 and a fresh preview otherwise)."""
    confirm = ConfirmImportForm()
    unsigned = _unsign(confirm.upload.data or "") if confirm.validate_on_submit() else None
    if unsigned is None:
        return _result(400, expired=EXPIRED)
    data, filename = unsigned
    preview = preview_pupils_csv(current_user.school, data, clock.today())
    if not preview.ok or preview.fingerprint != confirm.fingerprint.data:
        return _preview(data, filename, status=409, problem=CHANGED)
    report = ops.import_pupils(current_user.school, current_user, preview.rows)
    return _result(200 if report.ok else 422, report=report, filename=filename)
