"""The pupil's leavers' folder: what goes in, their certificates and references, and the PDF
(issue 9, item 2; requirements item 27). Online only: uploads and choices are not replayed
from the offline outbox (a file is too big for it), so each form says so when offline."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import g
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from ..documents.download import attachment
from ..documents.download import pupil_filename
from ..documents.folder import render_folder_pdf
from ..formfields import DocumentUploadForm
from ..htmx import redirect_or_hx
from ..models import DocumentKind
from ..operations import folder as ops
from ..queries import folder as q
from ..queries.guidance import interviews_of
from . import bp


def _page(form: DocumentUploadForm | None = None, status: int = 200):
    return render_template(
        "pupil/folder.html",
        reflections=q.reflections_to_choose(g.pupil),
        interviews=interviews_of(g.pupil),
        documents=q.documents_of(g.pupil),
        form=form or DocumentUploadForm(formdata=None),
    ), status


@bp.get("/folder")
def folder():
    return _page()


@bp.post("/folder/contents")
def folder_contents():
    """Exactly the ticked reflections and interviews go in (the form lists them all)."""
    ops.choose_contents(
        g.pupil,
        {int(v) for v in request.form.getlist("reflection") if v.isascii() and v.isdigit()},
        {int(v) for v in request.form.getlist("interview") if v.isascii() and v.isdigit()},
    )
    flash("Your choices for your leavers' folder are saved.", "success")
    return redirect_or_hx(url_for("pupil.folder"))


@bp.post("/folder/documents")
def folder_upload():
    form = DocumentUploadForm()
    if form.validate():
        try:
            ops.add_document(current_user, g.pupil, DocumentKind(form.kind.data), form.title.data,
                             form.file.data.read())
        except ops.FolderRefused as problem:
            form.file.errors = [str(problem)]
        else:
            flash(f"“{form.title.data}” is in your leavers' folder.", "success")
            return redirect_or_hx(url_for("pupil.folder"))
    return _page(form, 422)


@bp.post("/folder/documents/<int:document_id>/delete")
def folder_document_delete(document_id: int):
    document = q.document_of_or_none(g.pupil, document_id)
    if document is None:
        abort(404)
    ops.remove_document(current_user, document)
    flash(f"“{document.title}” is no longer in your leavers' folder.", "success")
    return redirect_or_hx(url_for("pupil.folder"))


@bp.get("/folder.pdf")
def folder_pdf():
    pdf = render_folder_pdf(g.pupil)
    return attachment(pdf, pupil_filename("leavers-folder", current_user.first_name, current_user.last_name))
