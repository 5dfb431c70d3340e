"""The pupil's CV builder (requirements item 26; 002 B3, B6): write it, see it as it will
print (an htmx live preview that saves nothing), save it (online, or later from the phone's
outbox), and download it as a PDF or a JSON Resume (item 21)."""

from __future__ import annotations

import json

from flask import flash
from flask import g
from flask import make_response
from flask import request
from flask import url_for
from flask_login import current_user

from ..documents import cv as documents
from ..documents.download import attachment
from ..domain.kinds import Verification
from ..htmx import is_htmx
from ..htmx import redirect_or_hx
from ..htmx import render_block
from ..htmx import render_page_or_block
from ..operations import cv as ops
from ..operations.entries import AlreadyApplied
from ..queries import cv as q
from . import bp
from .cv_forms import cv_form

SAVED = "Your CV is saved."
PAGE = "pupil/cv.html"


def _page(form, entries, status: int = 200, **extra):
    allowed = {str(e.client_uuid) for e in entries}
    preview = q.cv_view(g.pupil, form.to_data(allowed), entries)
    verified = {str(e.client_uuid) for e in entries if e.verification is Verification.VERIFIED}
    return render_page_or_block(PAGE, "builder", status=status, form=form, cv=preview,
                                verified=verified, **extra)


@bp.route("/cv", methods=["GET", "POST"])
def cv():
    """The CV builder; a save answers the builder again (htmx) or 303 to it; 422 with what was
    typed kept; 409 with the saved CV beside it when it was saved elsewhere meanwhile."""
    entries = q.choosable(g.pupil)
    if request.method == "GET":
        data, version, _, _ = q.data_of(g.pupil)
        return _page(cv_form(entries, data, version), entries)
    form = cv_form(entries)
    if not form.validate():
        return _page(form, entries, 422)
    allowed = {str(e.client_uuid) for e in entries}
    try:
        ops.save_cv(g.pupil, current_user, form.to_data(allowed), form.expected_version(), form.operation())
    except AlreadyApplied:
        pass  # this very save arrived before (a double tap, a replay)
    except ops.StaleVersion as stale:
        form.version.data = str(stale.current.version)
        return _page(form, entries, 409, conflict=q.cv_for(g.pupil))
    if is_htmx():
        data, version, _, _ = q.data_of(g.pupil)
        return _page(cv_form(entries, data, version), entries, message=SAVED)
    flash(SAVED, "success")
    return redirect_or_hx(url_for("pupil.cv"))


@bp.post("/cv/preview")
def cv_preview():
    """The CV as it would print with what is typed now (the same fragment as the PDF); saves
    nothing. Always 200: text over a limit is shown as typed, and the form's counts and the
    save say what is wrong; only the pupil's own entries can appear."""
    entries = q.choosable(g.pupil)
    form = cv_form(entries)
    form.validate()
    allowed = {str(e.client_uuid) for e in entries}
    body = render_block(PAGE, "preview", cv=q.cv_view(g.pupil, form.to_data(allowed), entries), form=form)
    response = make_response(body, 200)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/cv.pdf")
def cv_pdf():
    """The saved CV as an A4 PDF download (no referee's contact details)."""
    return attachment(documents.render_cv_pdf(g.pupil), "cv.pdf")


@bp.get("/cv.json")
def cv_json():
    """The saved CV as a JSON Resume (jsonresume.org), for other CV tools (item 21)."""
    document = documents.json_resume(q.cv_for(g.pupil))
    body = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
    return attachment(body, "cv.json", "application/json; charset=utf-8")
