"""The CV's PDF (passport/documents/cv.py render_cv_pdf) read back with pypdf and rendered with
pdftoppm: a normal CV is one or two A4 pages, tagged, dated by the CV's own save, and its
verified entries link their proof pages (issue 9 items 1 and 5; requirements items 26, 27).
Page images are kept in /tmp/i9-cv/ to look at."""

from __future__ import annotations

import subprocess
import uuid
from datetime import date
from datetime import timedelta
from io import BytesIO
from pathlib import Path

from passport.documents.cv import render_cv_pdf
from passport.domain.kinds import EntryKind
from passport.models import Role
from passport.operations import cv as ops
from passport.operations.verification import verify_entry
from PIL import Image
from pypdf import PdfReader

from tests import factories

SNAPSHOTS = Path("/tmp/i9-cv")


def normal_cv(pupil, school, entries: int = 6) -> None:
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    kinds = [EntryKind.WORKPLACE_EXPERIENCE, EntryKind.EMPLOYER_ENCOUNTER, EntryKind.PART_TIME_JOB]
    chosen = []
    for i in range(entries):
        entry = factories.make_entry(pupil, kinds[i % 3], organisation=f"Organisation {i}",
                                     occurred_on=date(2025, 9, 1) + timedelta(days=30 * i),
                                     description="What I did there and what I found out. " * 2,
                                     skills=("teamwork", "listening")[: 1 + i % 2])
        if i % 3 == 0:
            verify_entry(entry, leader)
        chosen.append(str(entry.client_uuid))
    data = ops.CvData(
        statement="I am a hard-working pupil who enjoys maths and making things. " * 3,
        achievements_100="On my placement I tested parts and presented what I found.",
        achievements_250="During my week at the placement I worked in the engineering office. " * 10,
        education="GCSE Maths (predicted 7)\nGCSE English Language (predicted 6)",
        jobs="Paper round", interests="Football\nCoding",
        referees=(ops.Referee("Sam Patel", "my tutor", "sam@example.org"),),
        entry_uuids=tuple(chosen),
    )
    ops.save_cv(pupil, pupil.user, data, 0, uuid.uuid4())


def test_a_normal_cv_is_one_or_two_tagged_a4_pages_that_render(app, pupil, school, tmp_path):
    app.config["FIXED_NOW"] = "2026-03-09T16:30:00"  # when the pupil saved it
    with app.test_request_context():
        normal_cv(pupil, school)
        pdf = render_cv_pdf(pupil)
    reader = PdfReader(BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    assert [round(float(v)) for v in reader.pages[0].mediabox.upper_right] == [595, 842]
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata["/ModDate"].startswith("D:20260309")  # the save's date, not the clock's
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Verified by the school" in text and "Page 1 of" in text
    assert "sam@example.org" not in text
    links = [a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", [])
             if a.get_object().get("/A", {}).get("/URI")]
    assert len(links) == 2 and all("/verify/" in link for link in links)  # entries 0 and 3
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    (tmp_path / "cv.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(tmp_path / "cv.pdf"), str(SNAPSHOTS / "test-cv")],
                   check=True)
    first = sorted(SNAPSHOTS.glob("test-cv-*.png"))[0]
    with Image.open(first) as image:
        assert image.size == (497, 702)  # A4 at 60 dpi
        lo, hi = image.convert("L").getextrema()
        assert lo < 100 and hi == 255  # there is ink on a white page


def test_the_same_cv_gives_the_same_bytes_and_a_new_save_changes_them(app, pupil, school):
    """Requirements item 27: deterministic output."""
    with app.test_request_context():
        normal_cv(pupil, school, entries=2)
        first = render_cv_pdf(pupil)
        assert render_cv_pdf(pupil) == first
        current = ops.cv_of(pupil)
        ops.save_cv(pupil, pupil.user, ops.CvData(statement="Changed"), current.version, uuid.uuid4())
        assert render_cv_pdf(pupil) != first
