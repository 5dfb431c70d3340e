"""Writing the leavers' folder's parts: the principal's letter, certificates and references, and
what the pupil chooses to put in (issue 9, item 2; requirements item 27). Each function checks
what no one may do, makes one change, audits it and commits once.

An upload is never stored as it came: its type is sniffed from its bytes (``domain.folder.sniff``),
its size capped, an image decoded and re-encoded (which drops EXIF, such as a phone photo's GPS
position, and anything hidden after the picture), and a PDF opened and counted so that the folder
can place its pages. Anything else is refused with a message the form shows.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image
from PIL import ImageOps
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from sqlalchemy import func
from sqlalchemy import select

from ..access import FOLDER_KEEPERS
from ..access import pupil_scope
from ..domain import folder as rules
from ..extensions import db
from ..models import DocumentKind
from ..models import Entry
from ..models import FolderDocument
from ..models import FolderLetter
from ..models import GuidanceInterview
from ..models import Pupil
from ..models import Reflection
from ..models import Role
from ..models import User
from ..models.folder import DOCUMENT_TITLE_MAX
from ..models.folder import LETTER_MAX
from ..models.folder import SIGNER_MAX
from . import audit


class FolderRefused(ValueError):
    """The change cannot be made; the message says why, in words for the form."""


# --- the principal's letter (the careers leader) --------------------------------------------


def save_letter(actor: User, template: str, signed_by: str, signer_role: str) -> FolderLetter:
    if actor.role is not Role.CAREERS_LEADER:
        raise FolderRefused("Only the careers leader edits the principal's letter.")
    template, signed_by, signer_role = template.strip(), signed_by.strip(), signer_role.strip()
    if not template or len(template) > LETTER_MAX:
        raise FolderRefused(f"Write the letter: up to {LETTER_MAX} characters.")
    if not signed_by or len(signed_by) > SIGNER_MAX or len(signer_role) > SIGNER_MAX:
        raise FolderRefused(f"Say who signs the letter: a name of up to {SIGNER_MAX} characters.")
    try:
        rules.check_letter(template)
    except rules.LetterProblem as problem:
        raise FolderRefused(str(problem)) from None
    letter = db.session.get(FolderLetter, actor.school_id)
    if letter is None:
        letter = FolderLetter(school_id=actor.school_id)
        db.session.add(letter)
    letter.template, letter.signed_by, letter.signer_role = template, signed_by, signer_role
    letter.updated_by_id = actor.id
    audit.log(actor, actor.school_id, "folder_letter_saved", letter, signed_by=signed_by)
    db.session.commit()
    return letter


# --- certificates and references -------------------------------------------------------------

# Who may put a certificate or reference in a pupil's folder: the pupil, and staff who read
# their record and keep it (tutors and the careers leader: access.FOLDER_KEEPERS).
_KEEPERS = FOLDER_KEEPERS


@dataclass(frozen=True)
class Prepared:
    """An upload made safe to keep: what it is, its pages and the bytes the app made of it."""

    media_type: str
    pages: int
    content: bytes


def prepare_upload(data: bytes) -> Prepared:
    """Check and clean an upload, or raise FolderRefused saying what is wrong with it."""
    if not data:
        raise FolderRefused("That file is empty. Choose " + rules.ACCEPTED + ".")
    if len(data) > rules.MAX_UPLOAD_BYTES:
        raise FolderRefused(
            f"That file is {len(data) / 1_048_576:.1f} MB; the most is "
            f"{rules.MAX_UPLOAD_BYTES // 1_048_576} MB. A photo of a certificate is usually much smaller."
        )
    sniffed = rules.sniff(data[:16])
    if sniffed is None:
        raise FolderRefused(
            "That file is not " + rules.ACCEPTED + ". Save it as a PDF or take a photo of it."
        )
    if sniffed.media_type == "application/pdf":
        return Prepared("application/pdf", _pdf_pages(data), data)
    return Prepared(*_reencode(data))


def _pdf_pages(data: bytes) -> int:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise FolderRefused("That PDF has a password. Save a copy without one and upload that.")
            pages = len(reader.pages)
            for page in reader.pages:
                page.mediabox  # noqa: B018  (every page must have a size the folder can scale)
    except FolderRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise FolderRefused("That PDF could not be opened: it may be damaged. Try saving it again.") from None
    if not 1 <= pages <= rules.MAX_PDF_PAGES:
        raise FolderRefused(
            f"That PDF has {pages} pages; a certificate or reference may have up to {rules.MAX_PDF_PAGES}."
        )
    return pages


def _reencode(data: bytes) -> tuple[str, int, bytes]:
    """Decode the image and write a new one: PNG stays PNG (certificates are often drawings),
    anything else becomes JPEG. Only the pixels survive."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > rules.MAX_IMAGE_PIXELS:
                raise FolderRefused("That image is too large to use. Take the photo again at a normal size.")
            fmt = image.format
            image = ImageOps.exif_transpose(image)  # a phone photo stored on its side
            image.thumbnail((rules.MAX_IMAGE_SIDE, rules.MAX_IMAGE_SIDE))
            out = io.BytesIO()
            if fmt == "PNG":
                image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
                image.save(out, "PNG", optimize=True)
                return "image/png", 1, out.getvalue()
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            return "image/jpeg", 1, out.getvalue()
    except FolderRefused:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise FolderRefused(
            "That image could not be opened: it may be damaged. Try taking the photo again."
        ) from None


def add_document(actor: User, pupil: Pupil, kind: DocumentKind, title: str, data: bytes) -> FolderDocument:
    """Put a certificate or reference in ``pupil``'s folder, uploaded by ``actor`` (the pupil,
    or a tutor or careers leader who may read their record)."""
    _check_keeper(actor, pupil)
    title = " ".join(title.split())
    if not title or len(title) > DOCUMENT_TITLE_MAX:
        raise FolderRefused(
            f'Give it a name, like "Duke of Edinburgh Bronze": up to {DOCUMENT_TITLE_MAX} characters.'
        )
    held = db.session.scalar(select(func.count()).where(FolderDocument.pupil_id == pupil.id))
    if held >= rules.MAX_DOCUMENTS:
        raise FolderRefused(
            f"The folder holds up to {rules.MAX_DOCUMENTS} certificates and references. Remove one first."
        )
    prepared = prepare_upload(data)
    document = FolderDocument(
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        kind=kind,
        title=title,
        media_type=prepared.media_type,
        pages=prepared.pages,
        size=len(prepared.content),
        sha256=hashlib.sha256(prepared.content).hexdigest(),
        content=prepared.content,
        uploaded_by_id=actor.id,
    )
    db.session.add(document)
    db.session.flush()
    audit.log(actor, pupil.school_id, "folder_document_added", document, pupil_id=pupil.id, kind=kind.value)
    db.session.commit()
    return document


def remove_document(actor: User, document: FolderDocument) -> None:
    pupil = db.session.get(Pupil, document.pupil_id)
    _check_keeper(actor, pupil)
    audit.log(
        actor,
        document.school_id,
        "folder_document_removed",
        document,
        pupil_id=pupil.id,
        title=document.title,
    )
    db.session.delete(document)
    db.session.commit()


def _check_keeper(actor: User, pupil: Pupil) -> None:
    if actor.id == pupil.id:
        return
    readable = db.session.scalar(select(Pupil.id).where(Pupil.id == pupil.id, pupil_scope(actor)))
    if actor.role not in _KEEPERS or actor.school_id != pupil.school_id or readable is None:
        raise FolderRefused("Only the pupil, their tutor or the careers leader can change this folder.")


# --- what the pupil puts in --------------------------------------------------------------------


def choose_contents(pupil: Pupil, reflection_ids: set[int], interview_ids: set[int]) -> int:
    """The pupil's choice of reflections and guidance interviews for their folder: exactly
    these are in, all their others out (ids that are not theirs are ignored). Returns how many
    changed."""
    changed = 0
    reflections = db.session.scalars(
        select(Reflection)
        .join(Entry, Entry.id == Reflection.entry_id)
        .where(Entry.pupil_id == pupil.id, Entry.school_id == pupil.school_id)
    )
    for reflection in reflections:
        wanted = reflection.entry_id in reflection_ids
        if reflection.in_folder != wanted:
            reflection.in_folder, changed = wanted, changed + 1
    interviews = db.session.scalars(
        select(GuidanceInterview).where(
            GuidanceInterview.pupil_id == pupil.id, GuidanceInterview.school_id == pupil.school_id
        )
    )
    for interview in interviews:
        wanted = interview.id in interview_ids
        if interview.in_folder != wanted:
            interview.in_folder, changed = wanted, changed + 1
    if changed:
        audit.log(
            pupil.user,
            pupil.school_id,
            "folder_contents_chosen",
            pupil,
            reflections=len(reflection_ids),
            interviews=len(interview_ids),
        )
    db.session.commit()
    return changed
