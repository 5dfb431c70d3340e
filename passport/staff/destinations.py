"""Leavers' destinations on the careers leader's side (issue 11 item 4; requirements items 31,
36, 37): the leavers and their destinations, a form per leaver, the local authority's
early-leaver notices, the published summary and the export."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_login import current_user

from .. import clock
from ..documents import tabular
from ..documents.download import attachment
from ..documents.download import CSV
from ..domain.destinations import DestinationKind
from ..domain.destinations import RETAIN_YEARS
from ..extensions import db
from ..models import Destination
from ..models import Pupil
from ..operations import destinations as ops
from ..queries import destinations as q
from . import bp
from .destination_form import DestinationForm
from .forms import ActionForm
from .report_exports import sheets_download


def _pupil_or_404(pupil_id: int) -> Pupil:
    pupil = db.session.get(Pupil, pupil_id)
    if pupil is None or pupil.school_id != current_user.school_id:
        abort(404)
    return pupil


def _page(forms: dict | None = None, status: int = 200):
    school = current_user.school
    leavers = q.leavers(school)
    forms = forms or {}
    for leaver in leavers:
        if leaver.pupil_id not in forms:
            d = leaver.destination
            forms[leaver.pupil_id] = DestinationForm(
                formdata=None,
                prefix=f"p{leaver.pupil_id}",
                data={
                    "kind": d.kind.value,
                    "detail": d.detail,
                    "left_on": d.left_on,
                    "left_early": d.left_early,
                }
                if d
                else {"left_on": None},
            )
    return render_template(
        "staff/destinations.html",
        leavers=leavers,
        forms=forms,
        action_form=ActionForm(),
        notices=[leaver for leaver in leavers if leaver.destination and leaver.destination.notify_due],
        published=q.published(school, clock.today()),
        retain_years=RETAIN_YEARS,
    ), status


@bp.get("/reports/destinations")
def destinations():
    return _page()


@bp.post("/reports/destinations/<int:pupil_id>")
def destination_save(pupil_id: int):
    pupil = _pupil_or_404(pupil_id)
    form = DestinationForm(prefix=f"p{pupil_id}")
    if form.validate():
        try:
            row = ops.record(
                current_user,
                pupil,
                ops.DestinationData(
                    DestinationKind(form.kind.data),
                    form.left_on.data,
                    form.detail.data or "",
                    bool(form.left_early.data),
                ),
            )
        except ops.DestinationRefused as refused:
            form.left_on.errors.append(str(refused))
        else:
            flash(
                f"Saved: {pupil.user.first_name} {pupil.user.last_name}, {row.kind.label}."
                + (" Tell the local authority: see the list at the top." if row.notify_due else ""),
                "success",
            )
            return redirect(url_for("staff.destinations", _anchor=f"leaver-{pupil_id}"), 303)
    return _page({pupil_id: form}, 422)


@bp.post("/reports/destinations/<int:pupil_id>/notified")
def destination_notified(pupil_id: int):
    _pupil_or_404(pupil_id)
    row = db.session.get(Destination, pupil_id)
    if row is None or row.school_id != current_user.school_id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    ops.mark_notified(current_user, row)
    flash("Recorded: the local authority has been told.", "success")
    return redirect(url_for("staff.destinations"), 303)


@bp.get("/reports/destinations.xlsx")
def destinations_xlsx():
    from ..operations.exports import note_export

    note_export(current_user, "destinations", "xlsx")
    rows = list(q.export_rows(current_user.school))
    return sheets_download(
        "xlsx", f"destinations-{clock.today().isoformat()}", [("Destinations", q.EXPORT_HEADER, rows)]
    )


@bp.get("/reports/destinations.csv")
def destinations_csv():
    """Every leaver's destination; only the basics for those who opted out (item 36)."""
    from ..operations.exports import note_export

    note_export(current_user, "destinations", "csv")
    rows = list(q.export_rows(current_user.school))
    name = f"destinations-{clock.today().isoformat()}.csv"
    return attachment(tabular.csv_lines(q.EXPORT_HEADER, rows), name, CSV)
