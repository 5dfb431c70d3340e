"""The pupil's CV as a document: an A4 PDF (WeasyPrint, ``render_pdf``) and a JSON Resume
(jsonresume.org, schema 1.2.1 vendored in ``passport/data/json-resume/``). Both are built from
``queries.cv.cv_for``, which holds no referee's contact details, so neither can print them
(requirements items 21 and 26)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask import render_template

from ..domain.kinds import EntryKind
from ..models import Pupil
from ..queries.cv import cv_for
from ..queries.cv import CvView
from .pdf import render_pdf

JSON_RESUME_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "json-resume" / "schema.json"
JSON_RESUME_VERSION = "1.2.1"
# Work-like entries go in "work"; volunteering in "volunteer"; every other chosen entry (an
# encounter, a talk, a visit) in "projects", where JSON Resume keeps activities with a date.
_WORK_KINDS = {EntryKind.PART_TIME_JOB.value, EntryKind.WORKPLACE_EXPERIENCE.value}
_VOLUNTEER_KINDS = {EntryKind.VOLUNTEERING.value}


def cv_html(cv: CvView) -> str:
    """The CV as a whole HTML document for WeasyPrint (``templates/pdf/cv.html``)."""
    return render_template("pdf/cv.html", cv=cv)


def render_cv_pdf(pupil: Pupil) -> bytes:
    """The pupil's saved CV as PDF bytes: the same CV gives the same bytes (its dates are the
    CV's own, never the clock's)."""
    return render_pdf(cv_html(cv_for(pupil)), static_root=Path(current_app.static_folder))


def _entry_item(entry, name_key: str, verified_label: str) -> dict:
    item = {name_key: entry.organisation or entry.kind, "startDate": entry.occurred_on.isoformat()}
    if entry.activity:
        item["position"] = entry.activity
    if entry.description:
        item["summary"] = entry.description
    if entry.verified:
        item["highlights"] = [verified_label]
        if entry.proof_url:
            item["url"] = entry.proof_url
    return item


def json_resume(cv: CvView) -> dict:
    """The CV as a JSON Resume document. A referee appears by name and relationship with
    "References available on request": their contact details are never in it."""
    work = [{"name": line} for line in cv.jobs]
    volunteer = [{"organization": line} for line in cv.volunteering]
    projects = []
    for entry in cv.entries:
        if entry.kind_code in _WORK_KINDS:
            work.append(_entry_item(entry, "name", cv.verified_label))
        elif entry.kind_code in _VOLUNTEER_KINDS:
            volunteer.append(_entry_item(entry, "organization", cv.verified_label))
        else:
            item = {
                "name": f"{entry.kind}: {entry.organisation}" if entry.organisation else entry.kind,
                "type": entry.kind,
                "startDate": entry.occurred_on.isoformat(),
            }
            if entry.activity:
                item["roles"] = [entry.activity]
            if entry.description:
                item["description"] = entry.description
            if entry.skills:
                item["keywords"] = list(entry.skills)
            if entry.verified:
                item["highlights"] = [cv.verified_label]
                if entry.proof_url:
                    item["url"] = entry.proof_url
            projects.append(item)
    basics = {"name": cv.name}
    if cv.statement:
        basics["summary"] = cv.statement
    document = {
        "basics": basics,
        "work": work,
        "volunteer": volunteer,
        "education": [{"institution": cv.school, "courses": list(cv.education)}] if cv.education else [],
        "skills": [{"name": label, "keywords": [f"{n} {'entry' if n == 1 else 'entries'}"]}
                   for label, n in cv.skills],
        "interests": [{"name": line} for line in cv.interests],
        "references": [
            {"name": r.name, "reference": f"{r.relationship}. {cv.references_wording}" if r.relationship
             else cv.references_wording}
            for r in cv.referees
        ],
        "projects": projects,
        "meta": {"version": f"v{cv.version}", "schemaVersion": JSON_RESUME_VERSION},
    }
    if cv.achievements_100 or cv.achievements_250:
        # Not in JSON Resume's vocabulary (its objects allow more keys): 002 B6's two lengths.
        document["achievements"] = {"words100": cv.achievements_100, "words250": cv.achievements_250}
    if cv.updated_on:
        document["meta"]["lastModified"] = cv.updated_on.isoformat()
    return document
