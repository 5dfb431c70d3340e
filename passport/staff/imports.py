"""The careers leader's import of pupils from the school's MIS (SIMS, Arbor, Bromcom...)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from .. import clock
from ..htmx import render_page_or_block
from ..models import Role
from ..operations import imports as ops
from . import bp
from .forms import ImportForm


def _require_careers_leader() -> None:
    """Only the careers leader changes the school's roll: other staff get 403."""
    if current_user.role != Role.CAREERS_LEADER:
        abort(403)


@bp.route("/import", methods=["GET", "POST"])
def import_pupils():
    """Upload a CSV from the MIS: either every problem by line and nothing written (422), or
    the pupils created and updated, with links to their groups for setup codes."""
    _require_careers_leader()
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        report = ops.import_pupils_csv(current_user.school, current_user, upload.read(), clock.today())
    failed = bool(form.errors) or (report is not None and not report.ok)
    return render_page_or_block(
        "staff/import.html", "result", status=422 if failed else 200,
        form=form, report=report, filename=form.file.data.filename if report else None,
    )
