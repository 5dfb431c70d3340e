"""The leavers' folder PDF, read back (issue 9, items 2 and 5; requirements item 27; 002 B3):
its text and pages with pypdf, its pages rendered with pdftoppm and every QR code decoded with
zxing-cpp to a link that verifies (and a tampered one that does not); the same record gives the
same bytes; user text cannot inject HTML or CSS; empty, huge and long records give a document."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from passport.documents.folder import render_folder_pdf
from passport.extensions import db
from passport.models import DocumentKind
from passport.models import FolderDocument
from passport.models import Role
from passport.operations import entries as entry_ops
from passport.operations import folder as ops
from passport.operations import verification
from PIL import Image
from pypdf import PdfReader

from tests import factories

SNAPSHOTS = Path("/tmp/folder-snapshots")


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pages_as_images(pdf: bytes, tmp_path: Path, dpi: int = 200) -> list[Image.Image]:
    source = tmp_path / "folder.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(tmp_path / "page")], check=True)
    return [Image.open(p) for p in sorted(tmp_path.glob("page-*.png"))]


def snapshot(pdf: bytes, name: str) -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    (SNAPSHOTS / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(SNAPSHOTS / f"{name}.pdf"), str(SNAPSHOTS / name)], check=True
    )


def png_bytes(size=(400, 300), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def one_page_pdf(text: str) -> bytes:
    from passport.documents.pdf import render_pdf

    html = f'<html lang="en"><head><title>t</title></head><body><h1>{text}</h1></body></html>'
    return render_pdf(html, static_root=Path("static"))


@pytest.fixture
def staff(school):
    return factories.make_staff(school, Role.CAREERS_LEADER)


@pytest.fixture
def record(pupil, staff):
    """Amy's record: two verified activities (one with a reflection she put in the folder), one
    self-reported, one rejected (left out)."""
    talk = factories.make_entry(
        pupil, organisation="Arup", skills=("speaking",), occurred_on=date(2025, 10, 1)
    )
    visit = factories.make_entry(
        pupil, organisation="Metro Buses", occurred_on=date(2026, 1, 12), skills=("speaking", "teamwork")
    )
    own = factories.make_entry(pupil, organisation="Corner Café", occurred_on=date(2026, 2, 2))
    gone = factories.make_entry(pupil, organisation="Never Happened Ltd", occurred_on=date(2026, 2, 3))
    verification.verify_entry(talk, staff)
    verification.verify_entry(visit, staff)
    verification.reject_entry(gone, staff, "No such event.")
    entry_ops.save_reflection(
        talk, pupil.user, {"work_like": "Engineers draw bridges.", "next": "Ask about work experience."}, 0
    )
    entry_ops.save_reflection(own, pupil.user, {"work_like": "A private thought about the café."}, 0)
    db.session.commit()
    ops.choose_contents(pupil, {talk.id}, set())
    return {"talk": talk, "visit": visit, "own": own, "gone": gone}


def test_folder_has_every_part_in_order_item_27(ctx, pupil, record):
    """Requirements item 27 (002 B3, Park Campus PRU): skills record, experiences and
    reflections, the principal's letter, certificates and references."""
    with ctx.test_request_context():
        pdf = render_folder_pdf(pupil)
    text = text_of(pdf)
    snapshot(pdf, "folder-amy")
    order = [
        "Leavers' folder",
        "Contents",
        "A letter from the principal",
        "Skills I have developed",
        "Experiences of work and encounters",
        "benchmark by benchmark",
        "Careers guidance",
        "Certificates and references",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "Dear Amy," in text and "As you leave Oakfield Academy" in text
    assert "Arup" in text and "Metro Buses" in text and "Corner Café" in text
    assert "Never Happened Ltd" not in text  # rejected: not the pupil's record
    assert "Engineers draw bridges." in text  # the reflection she chose
    assert "A private thought" not in text  # the one she did not
    assert re.search(r"Speaking\s+2", text)  # skills summarised from the tags
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages[1].extract_text().count("....") >= 5  # contents with page numbers
    assert re.search(r"Page 2 of \d+", reader.pages[1].extract_text())


def test_every_verified_item_has_a_qr_that_verifies_and_a_tampered_one_does_not(
    ctx, client, pupil, record, tmp_path
):
    with ctx.test_request_context():
        pdf = render_folder_pdf(pupil)
    found = []
    for image in pages_as_images(pdf, tmp_path):
        found += [b.text for b in zxingcpp.read_barcodes(image)]
    assert len(found) == 2  # the two verified activities, and no other
    for url in found:
        path = url.split("://", 1)[1].split("/", 1)[1]
        page = client.get("/" + path).get_data(as_text=True)
        assert "Checks out" in page
    body, signature, kid = found[0].rsplit("/verify/", 1)[1].split(".")
    tampered = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    page = client.get(f"/verify/{tampered}.{signature}.{kid}").get_data(as_text=True)
    assert "Checks out" not in page and "does not check out" in page


def test_same_record_same_bytes_and_a_change_changes_them_item_27(ctx, pupil, record):
    with ctx.test_request_context():
        first = render_folder_pdf(pupil)
        second = render_folder_pdf(pupil)
        factories.make_entry(pupil, organisation="Later Ltd", occurred_on=date(2026, 3, 1))
        third = render_folder_pdf(pupil)
    assert first == second
    assert third != first
    info = PdfReader(io.BytesIO(first)).metadata
    assert info.title == "Leavers' folder: Amy Jones"


def test_user_text_cannot_inject_html_or_css(ctx, pupil, staff):
    nasty = '<b>bold</b></style><style>h1{display:none}</style><img src="http://evil.example/x.png">'
    entry = factories.make_entry(pupil, organisation=nasty[:120], description=nasty)
    entry_ops.save_reflection(entry, pupil.user, {"work_like": nasty}, 0)
    ops.choose_contents(pupil, {entry.id}, set())
    with ctx.test_request_context():
        pdf = render_folder_pdf(pupil)  # BlockedFetch if the <img> had become an element
    text = text_of(pdf)
    assert "<b>bold</b></style><style>h1{display:none}</style>" in text
    assert "Leavers' folder" in text  # the h1 still shows


def test_empty_record_gives_a_sensible_folder(ctx, pupil):
    with ctx.test_request_context():
        pdf = render_folder_pdf(pupil)
    text = text_of(pdf)
    assert "No activities are recorded yet." in text
    assert "No certificates or references are in this folder yet." in text
    assert "chose not to include guidance interviews" in text


def test_hundreds_of_entries_and_very_long_reflections(ctx, pupil):
    long_answer = "I learned a lot. " * 600  # ~10,000 characters, no breaks to help
    first = None
    for n in range(220):
        entry = factories.make_entry(
            pupil, organisation=f"Employer {n:03d}", occurred_on=date(2024, 9, 1 + n % 28)
        )
        first = first or entry
    entry_ops.save_reflection(
        first, pupil.user, {"work_like": long_answer + "Averyveryverylongwordwithoutspaces" * 40}, 0
    )
    ops.choose_contents(pupil, {first.id}, set())
    with ctx.test_request_context():
        pdf = render_folder_pdf(pupil)
    reader = PdfReader(io.BytesIO(pdf))
    text = text_of(pdf)
    assert "Employer 000" in text and "Employer 219" in text
    assert 20 < len(reader.pages) < 120
    snapshot(pdf, "folder-hundreds")


def test_uploaded_pdf_pages_are_laid_into_the_folder_and_numbered(ctx, pupil, staff, tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for words in ("Bronze award page one", "Bronze award page two"):
        writer.append(PdfReader(io.BytesIO(one_page_pdf(words))))
    out = io.BytesIO()
    writer.write(out)
    ops.add_document(staff, pupil, DocumentKind.CERTIFICATE, "Duke of Edinburgh Bronze", out.getvalue())
    ops.add_document(pupil.user, pupil, DocumentKind.REFERENCE, "Reference from Arup", png_bytes())
    with ctx.test_request_context():
        pdf = render_folder_pdf(pupil)
        again = render_folder_pdf(pupil)
    assert pdf == again  # attachments keep the output deterministic
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    texts = [page.extract_text() for page in reader.pages]
    one = next(i for i, t in enumerate(texts) if "Bronze award page one" in t)
    assert "Bronze award page two" in texts[one + 1]
    assert "Certificate: Duke of Edinburgh Bronze (page 1 of 2)" in texts[one]
    assert f"Page {one + 1} of {total}" in texts[one]  # the folder's own footer, numbering right
    assert any("Reference: Reference from Arup" in t for t in texts)
    images = pages_as_images(pdf, tmp_path, dpi=30)
    red = [
        i
        for i, im in enumerate(images)
        if (200, 30, 30) in {c for _, c in im.convert("RGB").getcolors(100000) or []}
    ]
    assert red, "the uploaded image is drawn on a page"
    snapshot(pdf, "folder-attachments")


def test_a_stored_pdf_that_no_longer_opens_fails_the_folder_loudly(ctx, pupil, staff):
    """Damaged storage is not hidden: rendering raises (the batch reports it, see test_batches)."""
    document = ops.add_document(staff, pupil, DocumentKind.CERTIFICATE, "Award", one_page_pdf("Award"))
    document.content = b"%PDF-1.7\n" + b"\x00garbage" * 50
    db.session.commit()
    with ctx.test_request_context(), pytest.raises(Exception):  # noqa: B017,PT011
        render_folder_pdf(pupil)
    assert db.session.get(FolderDocument, document.id) is not None


def test_reflection_choices_are_only_the_pupils_own(ctx, pupil, school, record):
    other = factories.make_pupil(school, first_name="Bea")
    theirs = factories.make_entry(other, organisation="Bea's place")
    entry_ops.save_reflection(theirs, other.user, {"work_like": "Bea's words"}, 0)
    ops.choose_contents(pupil, {theirs.id, record["own"].id}, set())
    db.session.refresh(theirs.reflection)
    assert theirs.reflection.in_folder is False
    assert record["own"].reflection.in_folder is True
    assert record["talk"].reflection.in_folder is False  # not ticked this time: taken out


def test_the_cv_is_in_the_folder_without_the_referees_contact_item_26(ctx, pupil, record):
    """Requirements items 26-27: the folder holds the CV; a referee's contact is the pupil's to
    give and never leaves the CV builder."""
    from passport.operations.cv import CvData
    from passport.operations.cv import Referee
    from passport.operations.cv import save_cv

    with ctx.test_request_context():
        before = text_of(render_folder_pdf(pupil))
        data = CvData(
            statement="I like fixing bikes and helping people.",
            referees=(
                Referee(name="Mr Okafor", relationship="Tutor", contact="okafor@example.org 07700 900123"),
            ),
        )
        save_cv(pupil, pupil.user, data, 0)
        text = text_of(render_folder_pdf(pupil))
    assert "My CV" not in before  # nothing written yet: no empty CV section
    assert "My CV" in text and "I like fixing bikes and helping people." in text
    assert "Mr Okafor" in text
    assert "okafor@example.org" not in text and "07700" not in text
