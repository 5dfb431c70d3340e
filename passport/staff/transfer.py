"""The careers leader brings a new pupil's record across from their old school's passport
(requirements item 21: stage transition)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..documents import export
from ..operations import transfer as ops
from . import bp
from .transfer_form import TransferForm


@bp.route("/transfer", methods=["GET", "POST"])
def transfer_import():
    """Upload a pupil's export: every entry added to their record here, all or nothing (422
    with the reason for a file that cannot be imported)."""
    form = TransferForm()
    problem = report = None
    if form.validate_on_submit():
        try:
            data = export.parse(form.file.data.read(export.MAX_BYTES + 1))
            report = ops.import_record(current_user.school, current_user, data)
        except (export.ExportProblem, ops.TransferRefused) as error:
            problem = str(error)
    status = 422 if (problem or form.errors) else 200
    return render_template("staff/transfer.html", form=form, problem=problem, report=report), status
