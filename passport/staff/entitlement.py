"""The careers leader edits the school's entitlement statements (issue 10 item 2; requirements
item 29; 002 B1): the shipped items' words, hiding one, and the school's own items with a rule."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_login import current_user

from .. import clock
from ..domain import entitlement as rules
from ..domain.kinds import EntryKind
from ..extensions import db
from ..models import BatchKind
from ..models import EntitlementItem
from ..models import SchoolSettings
from ..operations import batches as batch_ops
from ..operations import entitlement as ops
from ..queries import batches as batch_q
from ..queries import entitlement as q
from ..queries import la_sharing as la_q
from ..queries.progress import heads
from . import bp
from .entitlement_forms import DefaultItemForm
from .entitlement_forms import NewItemForm
from .forms import ActionForm


def _criteria() -> dict[str, str]:
    """{criterion key: title} under the school's settings today."""
    settings = db.session.get(SchoolSettings, current_user.school_id)
    named = heads(settings.as_benchmark_settings(), clock.today())
    return {key: title for key, (_b, title, _s) in named.items()}


def _page(status: int = 200, *, new_form: NewItemForm | None = None, given: dict | None = None):
    rows = q.rows_of(current_user.school_id)
    stored = {r.default_key: r for r in rows if r.default_key}
    forms = {}
    for item in rules.DEFAULTS:
        row = stored.get(item.key)
        form = (given or {}).get(item.key) or DefaultItemForm(prefix=item.key, formdata=None)
        if (given or {}).get(item.key) is None:
            form.wording.data = (row.wording if row and row.wording else item.wording)
            form.hidden.data = bool(row and row.hidden)
        forms[item.key] = form
    criteria = _criteria()
    return render_template(
        "staff/entitlement.html", defaults=rules.DEFAULTS, forms=forms, stored=stored,
        own=[r for r in rows if not r.default_key], criteria=criteria, kinds=EntryKind,
        new_form=new_form or NewItemForm(criteria, prefix="new", formdata=None), action_form=ActionForm(),
        batches=[(b, batch_q.progress_of(b)) for b in batch_q.batches_of(current_user, BatchKind.STATEMENTS)],
    ), status


@bp.get("/entitlement")
def entitlement():
    """Every year group's statement, each shipped item with its words to change, the school's own."""
    return _page()


@bp.post("/entitlement/defaults/<key>")
def entitlement_default(key: str):
    """New words for one shipped item, or hide it; its rule stays the shipped one."""
    if key not in rules.DEFAULT_KEYS:
        abort(404)
    form = DefaultItemForm(prefix=key)
    if not form.validate_on_submit():
        return _page(422, given={key: form})
    ops.change_default(current_user, key, form.wording.data or "", bool(form.hidden.data))
    flash("Saved. Parents and pupils see the new words now.", "success")
    return redirect(url_for("staff.entitlement", _anchor=f"item-{key}"), 303)


@bp.post("/entitlement/items")
def entitlement_add():
    """Add one of the school's own items, tied to a criterion or to a count of activities."""
    form = NewItemForm(_criteria(), prefix="new")
    if not form.validate_on_submit():
        return _page(422, new_form=form)
    by_criterion = form.tie.data == "criterion"
    row = ops.add_item(
        current_user, int(form.year_group.data), form.wording.data,
        criterion_key=form.criterion_key.data if by_criterion else None,
        activity_kind=None if by_criterion else EntryKind(form.activity_kind.data),
        needed=None if by_criterion else (form.needed.data or 1),
    )
    flash(f"Added to the Year {row.year_group} statement.", "success")
    return redirect(url_for("staff.entitlement", _anchor=f"own-{row.id}"), 303)


@bp.post("/entitlement/items/<int:item_id>/delete")
def entitlement_delete(item_id: int):
    """Remove one of the school's own items."""
    row = db.session.get(EntitlementItem, item_id)
    if row is None or row.school_id != current_user.school_id or row.default_key:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    ops.delete_item(current_user, row)
    flash("Removed from the statement.", "success")
    return redirect(url_for("staff.entitlement"), 303)


@bp.post("/entitlement/batches/<int:year_group>")
def entitlement_batch_start(year_group: int):
    """Every pupil's statement of a year group, made in the background, to print as one PDF."""
    if not 7 <= year_group <= 13:
        abort(404)
    if not ActionForm().validate_on_submit():
        flash("That form had expired. Press the button again.", "error")
        return redirect(url_for("staff.entitlement", _anchor=f"year-{year_group}-heading"), 303)
    try:
        batch = batch_ops.start_batch(current_user, year_group, BatchKind.STATEMENTS)
    except batch_ops.BatchRefused as problem:
        flash(str(problem), "error")
        return redirect(url_for("staff.entitlement", _anchor=f"year-{year_group}-heading"), 303)
    return redirect(url_for("staff.folder_batch", batch_id=batch.id), 303)


@bp.get("/la-sharing")
def la_sharing():
    """The pupils whose parent (before 16) or who themselves (from 16) chose to share only name,
    address and date of birth with the local authority (requirements item 36; 001 ¶37)."""
    return render_template("staff/la_sharing.html", pupils=la_q.basic_only(current_user.school_id))
