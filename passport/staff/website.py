"""The careers page the school publishes (issue 11 item 8; requirements item 35): the careers
leader writes it here; passport/website/ serves it."""

from __future__ import annotations

from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_login import current_user

from .. import clock
from ..documents.links import public_url
from ..extensions import db
from ..models import CareersPage
from ..operations import careers_page as page_ops
from . import bp
from .website_form import WebsiteForm

# --- the website snippet (issue 11 item 8; requirements item 35) --------------------------------


def _website_page(form, status: int = 200):
    page = db.session.get(CareersPage, current_user.school_id)
    url = public_url("website.careers", code=current_user.school.code) if page else None
    return render_template("staff/website.html", form=form, page=page, url=url, today=clock.today()), status


@bp.get("/reports/website")
def report_website():
    """The careers leader writes what the school publishes; the page shows its address and the
    code to embed it."""
    page = db.session.get(CareersPage, current_user.school_id)
    form = WebsiteForm(formdata=None, obj=page)
    if page is None:
        form.leader_name.data = current_user.display_name
        form.leader_email.data = current_user.email or ""
    return _website_page(form)


@bp.post("/reports/website")
def report_website_save():
    form = WebsiteForm()
    if not form.validate():
        return _website_page(form, 422)
    page_ops.save_page(
        current_user,
        page_ops.PageData(
            form.leader_name.data,
            form.leader_email.data,
            form.leader_phone.data or "",
            form.summary.data,
            form.impact.data,
            form.next_review.data,
        ),
    )
    flash("Published. The careers page shows it now.", "success")
    return redirect(url_for("staff.report_website"), 303)
