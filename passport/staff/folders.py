"""Leavers' folders on the staff side (issue 9, items 2 and 3; requirements item 27): a pupil's
certificates and references and their folder, for their tutor and the careers leader; the
principal's letter and the year-group batches, for the careers leader."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import render_template
from flask import url_for
from flask_login import current_user

from ..documents.download import attachment
from ..documents.download import pupil_filename
from ..documents.folder import render_folder_pdf
from ..domain import folder as rules
from ..formfields import DocumentUploadForm
from ..htmx import redirect_or_hx
from ..htmx import render_page_or_block
from ..models import BatchKind
from ..models import DocumentKind
from ..operations import batches as batch_ops
from ..operations import folder as ops
from ..operations.record_views import note_record_view
from ..queries import batches as batch_q
from ..queries import folder as q
from ..queries.ehc import pupil_or_none
from . import bp
from .folder_forms import BatchForm
from .folder_forms import LetterForm


def _pupil_or_404(pupil_id: int):
    pupil = pupil_or_none(current_user, pupil_id)
    if pupil is None:
        abort(404)
    return pupil


def _pupil_page(pupil, form=None, status: int = 200):
    return render_template(
        "staff/pupil_folder.html",
        pupil=pupil,
        documents=q.documents_of(pupil),
        form=form or DocumentUploadForm(formdata=None),
    ), status


@bp.get("/pupils/<int:pupil_id>/folder")
def pupil_folder(pupil_id: int):
    return _pupil_page(_pupil_or_404(pupil_id))


@bp.post("/pupils/<int:pupil_id>/folder/documents")
def pupil_folder_upload(pupil_id: int):
    pupil = _pupil_or_404(pupil_id)
    form = DocumentUploadForm()
    if form.validate():
        try:
            ops.add_document(
                current_user, pupil, DocumentKind(form.kind.data), form.title.data, form.file.data.read()
            )
        except ops.FolderRefused as problem:
            form.file.errors = [str(problem)]
        else:
            flash(f"“{form.title.data}” is in {pupil.user.first_name}'s leavers' folder.", "success")
            return redirect_or_hx(url_for("staff.pupil_folder", pupil_id=pupil.id))
    return _pupil_page(pupil, form, 422)


@bp.post("/pupils/<int:pupil_id>/folder/documents/<int:document_id>/delete")
def pupil_folder_document_delete(pupil_id: int, document_id: int):
    pupil = _pupil_or_404(pupil_id)
    document = q.document_of_or_none(pupil, document_id)
    if document is None:
        abort(404)
    try:
        ops.remove_document(current_user, document)
    except ops.FolderRefused:
        abort(403)
    flash(f"“{document.title}” is no longer in {pupil.user.first_name}'s leavers' folder.", "success")
    return redirect_or_hx(url_for("staff.pupil_folder", pupil_id=pupil.id))


@bp.get("/pupils/<int:pupil_id>/folder.pdf")
def pupil_folder_pdf(pupil_id: int):
    pupil = _pupil_or_404(pupil_id)
    note_record_view(current_user, pupil, "staff.pupil_folder_pdf")
    pdf = render_folder_pdf(pupil)
    return attachment(pdf, pupil_filename("leavers-folder", pupil.user.first_name, pupil.user.last_name))


# --- the careers leader: the letter and the year-group batches ---------------------------------


def _folders_page(letter_form=None, batch_form=None, status: int = 200):
    letter = q.letter_of(current_user.school_id)
    if letter_form is None:
        letter_form = LetterForm(
            formdata=None,
            template=letter.template if letter else rules.DEFAULT_LETTER,
            signed_by=letter.signed_by if letter else "",
            signer_role=letter.signer_role if letter else rules.DEFAULT_SIGNER_ROLE,
        )
    batches = batch_q.batches_of(current_user, BatchKind.FOLDERS)
    return render_template(
        "staff/folders.html",
        letter_form=letter_form,
        batch_form=batch_form or BatchForm(formdata=None),
        fields=rules.LETTER_FIELDS,
        batches=[(b, batch_q.progress_of(b)) for b in batches],
        letter_max=LetterForm.letter_max,
    ), status


@bp.get("/folders")
def folders():
    return _folders_page()


@bp.post("/folders/letter")
def folder_letter():
    form = LetterForm()
    if form.validate():
        try:
            ops.save_letter(current_user, form.template.data, form.signed_by.data, form.signer_role.data)
        except ops.FolderRefused as problem:
            form.template.errors = [str(problem)]
        else:
            flash("The principal's letter is saved. Folders made from now on use it.", "success")
            return redirect_or_hx(url_for("staff.folders"))
    return _folders_page(letter_form=form, status=422)


@bp.post("/folders/batches")
def folder_batch_start():
    form = BatchForm()
    if form.validate():
        try:
            batch = batch_ops.start_batch(current_user, form.year_group.data)
        except batch_ops.BatchRefused as problem:
            form.year_group.errors = [str(problem)]
        else:
            return redirect_or_hx(url_for("staff.folder_batch", batch_id=batch.id))
    return _folders_page(batch_form=form, status=422)


def _batch_or_404(batch_id: int):
    batch = batch_q.batch_of_or_none(current_user, batch_id)
    if batch is None:
        abort(404)
    return batch


@bp.get("/folders/batches/<int:batch_id>")
def folder_batch(batch_id: int):
    """How far the batch has got. htmx asks for the progress block every 2 s while it runs;
    the finished block has no trigger, so the asking stops."""
    batch = _batch_or_404(batch_id)
    progress = batch_q.progress_of(batch)
    failed = batch_q.failed_items(batch) if progress.failed else []
    return render_page_or_block(
        "staff/folder_batch.html", "progress", batch=batch, progress=progress, failed=failed
    )


@bp.post("/folders/batches/<int:batch_id>/retry")
def folder_batch_retry(batch_id: int):
    batch = _batch_or_404(batch_id)
    count = batch_ops.retry_failed(current_user, batch)
    noun = batch.kind.noun
    flash(f"{count} {noun}{'s are' if count != 1 else ' is'} being made again.", "success")
    return redirect_or_hx(url_for("staff.folder_batch", batch_id=batch.id))


@bp.get("/folders/batches/<int:batch_id>/folders.zip")
def folder_batch_zip(batch_id: int):
    """Each pupil's document as its own PDF (the folders; the statements as tagged PDFs a screen
    reader reads, which the merged print copy is not)."""
    batch = _batch_or_404(batch_id)
    what = "leavers-folders" if batch.kind is BatchKind.FOLDERS else "entitlement-statements"
    name = f"year-{batch.year_group}-{what}-{batch.id}.zip"
    return attachment(batch_q.zip_of(batch), name, "application/zip")


@bp.get("/folders/batches/<int:batch_id>/statements.pdf")
def folder_batch_pdf(batch_id: int):
    """A year group's entitlement statements as one PDF to print, a page per pupil."""
    batch = _batch_or_404(batch_id)
    if batch.kind is not BatchKind.STATEMENTS:
        abort(404)
    return attachment(
        batch_q.merged_pdf_of(batch), f"year-{batch.year_group}-entitlement-statements-{batch.id}.pdf"
    )
