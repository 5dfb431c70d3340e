"""Time to render one pupil's CV PDF, against a plain one-page WeasyPrint document rendered in
the same run.

    python bench/cv.py [--repeats 5] [--entries 8]

The issue: "a CV: under 0.5 s ... as a ratio to a plain one-page WeasyPrint document rendered
in the same run". One pupil on a throwaway SQLite file (the real migrations) with a normal CV:
a statement, the 100- and 250-word descriptions, education, a job, interests, two referees
and --entries chosen entries (a quarter of them verified, so their proof links are signed).
``render_cv_pdf`` is timed end to end (the query, the template, WeasyPrint), warm: the first
render (fonts loaded, templates compiled) is reported apart as "cold". The plain document is
one heading and a paragraph with the shared stylesheet (static/pdf/document.css).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from datetime import date
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import _setup  # first: puts the repository root on sys.path

# isort: split
from passport import create_app
from passport.extensions import db

TARGET_S = 0.5
PLAIN = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plain</title>'
    '<meta name="dcterms.created" content="2026-03-01"><meta name="dcterms.modified" content="2026-03-01">'
    '<link rel="stylesheet" href="static:pdf/document.css"></head>'
    "<body><h1>A plain page</h1><p>One paragraph of text on one A4 page.</p></body></html>"
)


def seed(app, entries: int) -> int:
    """A pupil with a saved CV; returns the pupil's id."""
    from passport.domain.kinds import EntryKind
    from passport.models import Role
    from passport.operations import cv as cv_ops
    from passport.operations.verification import verify_entry
    from tests import factories

    kinds = [EntryKind.WORKPLACE_EXPERIENCE, EntryKind.EMPLOYER_ENCOUNTER, EntryKind.PART_TIME_JOB,
             EntryKind.VOLUNTEERING, EntryKind.PROVIDER_ENCOUNTER]
    with app.app_context(), app.test_request_context():
        school = factories.make_school("Bench CV Academy", "benchcv")
        leader = factories.make_staff(school, Role.CAREERS_LEADER)
        pupil = factories.make_pupil(school, first_name="Amy", last_name="Jones", password=None)
        chosen = []
        for i in range(entries):
            entry = factories.make_entry(
                pupil, kinds[i % len(kinds)], organisation=f"Organisation {i}",
                occurred_on=date(2025, 9, 1) + timedelta(days=7 * i),
                description="What I did there and what I found out about the work. " * 2,
                skills=("teamwork", "listening", "problem_solving")[: 1 + i % 3],
            )
            if i % 4 == 0:
                verify_entry(entry, leader)
            chosen.append(str(entry.client_uuid))
        data = cv_ops.CvData(
            statement="I am a hard-working pupil who enjoys maths and making things. " * 3,
            achievements_100="On my placement I tested parts and presented what I found. " * 3,
            achievements_250="During my week at the placement I worked in the engineering office. " * 12,
            education="GCSE Maths (predicted 7)\nGCSE English Language (predicted 6)\nGCSE Science (6-6)",
            jobs="Paper round, 2024 to 2025", volunteering="Scouts young leader",
            interests="Football\nCoding\nDrawing",
            referees=(cv_ops.Referee("Sam Patel", "my tutor", "sam@example.org"),
                      cv_ops.Referee("Jo Bloggs", "my manager", "07700 900000")),
            entry_uuids=tuple(chosen),
        )
        cv_ops.save_cv(pupil, pupil.user, data, 0, uuid.uuid4())
        return pupil.id


def run(repeats: int = 5, entries: int = 8) -> dict:
    from passport.documents.cv import render_cv_pdf
    from passport.documents.pdf import render_pdf
    from passport.models import Pupil
    from pypdf import PdfReader

    with _setup.temp_dir() as tmp:
        app = create_app(_setup.bench_config(_setup.sqlite_url(tmp), FIXED_TODAY="2026-03-10"))
        _setup.upgrade_schema(app)
        pupil_id = seed(app, entries)
        static = Path(app.static_folder)
        with app.app_context(), app.test_request_context():
            pupil = db.session.get(Pupil, pupil_id)
            t0 = time.perf_counter()
            pdf = render_cv_pdf(pupil)
            cold = time.perf_counter() - t0
            plain_s, cv_s = [], []
            for _ in range(repeats):  # interleaved, so a busy moment of the machine hits both alike
                t0 = time.perf_counter()
                render_pdf(PLAIN, static_root=static)
                plain_s.append(time.perf_counter() - t0)
                db.session.expire_all()  # read the record again each time, as a request would
                t0 = time.perf_counter()
                pdf = render_cv_pdf(pupil)
                cv_s.append(time.perf_counter() - t0)
            pages = len(PdfReader(BytesIO(pdf)).pages)
            db.session.remove()
            db.engine.dispose()
    plain, cv = statistics.median(plain_s), statistics.median(cv_s)
    return {"entries": entries, "repeats": repeats, "cold_s": cold, "plain_s": plain, "cv_s": cv,
            "ratio": cv / plain, "pages": pages, "bytes": len(pdf)}


def report(result: dict) -> None:
    verdict = "PASS" if result["cv_s"] < TARGET_S else "FAIL"
    print(f"CV PDF (WeasyPrint), one pupil with {result['entries']} chosen entries; "
          f"median of {result['repeats']} warm renders")
    print(f"  {'document':<34}{'time':>9}{'ratio':>9}  target")
    print(f"  {'plain one-page document':<34}{result['plain_s']:>8.3f}s{1:>9.2f}")
    print(f"  {'CV (render_cv_pdf)':<34}{result['cv_s']:>8.3f}s{result['ratio']:>9.2f}  "
          f"< {TARGET_S} s {verdict}")
    print(f"  the CV: {result['pages']} A4 page(s), {result['bytes']:,} bytes; "
          f"first (cold) render {result['cold_s']:.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--entries", type=int, default=8, help="entries chosen for the CV")
    args = parser.parse_args(argv)
    result = run(args.repeats, args.entries)
    report(result)
    return 0 if result["cv_s"] < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
