"""The leavers' folder as a PDF (issue 9, item 2; requirements item 27; 002 B3).

The folder is one HTML document (``templates/pdf/folder.html``) rendered by ``pdf.render_document``:
cover, contents, the principal's letter, skills, the CV, experiences by school year with the
reflections the pupil chose, a summary by benchmark, the guidance they chose to include, then
certificates and references. Each verified activity carries the QR code of its public proof.

Uploaded images go in as ``data:`` URIs. An uploaded PDF cannot go through HTML, so the template
saves one page for each of its pages (``attachment-<id>-<n>``, with its caption and the page
footer) and ``_lay_attachments`` scales each uploaded page onto the page saved for it: page
numbers and the contents stay right, and the uploaded pages' links and forms are dropped
(a certificate is read, not clicked).
"""

from __future__ import annotations

import base64
import io
import warnings
from pathlib import Path

from flask import current_app
from flask import render_template
from pypdf import PdfReader
from pypdf import PdfWriter
from pypdf import Transformation
from pypdf.generic import NameObject

from ..models import FolderDocument
from ..models import Pupil
from ..operations import sharing
from ..queries.folder import Folder
from ..queries.folder import folder_for
from . import qr
from .pdf import render_document

MM = 72 / 25.4
# The area of an A4 page inside static/pdf/document.css's margins, less the caption's line.
_BOX = {"left": 16 * MM, "bottom": 20 * MM, "width": (210 - 32) * MM, "height": (297 - 18 - 20 - 12) * MM}


def proof_qr(entry) -> tuple[str, str] | None:
    """``(url, image)``: the public proof link of a verified entry and its QR code as a data URI,
    or None."""
    url = sharing.proof_url_for(entry)
    if url is None:
        return None
    return url, qr.qr_png_data_uri(url)


def data_uri(document: FolderDocument) -> str:
    return f"data:{document.media_type};base64,{base64.b64encode(document.content).decode('ascii')}"


def folder_html(folder: Folder) -> str:
    proofs = {item.entry.id: proof_qr(item.entry) for item in folder.items if item.verified}
    return render_template("pdf/folder.html", f=folder, proofs=proofs, data_uri=data_uri)


def render_folder_pdf(pupil: Pupil) -> bytes:
    """The pupil's leavers' folder: the same record gives the same bytes."""
    folder = folder_for(pupil)
    pdf, anchors = render_document(folder_html(folder), static_root=Path(current_app.static_folder))
    pdfs = [d for d in folder.documents if d.media_type == "application/pdf"]
    return _lay_attachments(pdf, anchors, pdfs) if pdfs else pdf


def _lay_attachments(pdf: bytes, anchors: dict[str, int], documents: list[FolderDocument]) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for document in documents:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            source = PdfWriter(clone_from=PdfReader(io.BytesIO(document.content), strict=False))
            for number, page in enumerate(source.pages, start=1):
                target = writer.pages[anchors[f"attachment-{document.id}-{number}"]]
                page.transfer_rotation_to_content()
                box = page.mediabox
                width, height = float(box.width), float(box.height)
                scale = min(_BOX["width"] / width, _BOX["height"] / height)
                dx = _BOX["left"] + (_BOX["width"] - width * scale) / 2 - float(box.left) * scale
                dy = _BOX["bottom"] + (_BOX["height"] - height * scale) - float(box.bottom) * scale
                target.merge_transformed_page(page, Transformation().scale(scale).translate(dx, dy))
                if "/Annots" in target:
                    del target[NameObject("/Annots")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
