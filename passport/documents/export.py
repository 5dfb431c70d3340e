"""The pupil's whole record as one JSON document (UK GDPR access and portability, requirements
item 21), in the format ``passport/data/passport-export.schema.json`` publishes, and the checks
an import makes of such a file. Plain functions: the view loads the record
(``queries/export.record_of``) and the signed statements, this builds and checks the JSON."""

from __future__ import annotations

import json
from datetime import date
from datetime import datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

from ..domain.kinds import KINDS
from ..domain.kinds import subtype_label
from .cv import json_resume

FORMAT = "career-passport-export"
VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "passport-export.schema.json"
# The app's MAX_CONTENT_LENGTH: a record of 500 entries with long reflections is about 1 MB.
MAX_BYTES = 2 * 1024 * 1024


@cache
def schema() -> dict:
    """The published JSON Schema of the export."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _stamp(at: datetime | None) -> str | None:
    return at.replace(microsecond=0).isoformat() + "Z" if at else None


def _day(on: date | None) -> str | None:
    return on.isoformat() if on else None


def _entry(entry, origin, proof: dict | None) -> dict:
    reflection = entry.reflection
    return {
        "id": str(entry.client_uuid),
        "kind": entry.kind.value,
        "kind_label": KINDS[entry.kind].label,
        "subtype": entry.subtype,
        "activity": subtype_label(entry.kind, entry.subtype),
        "occurred_on": entry.occurred_on.isoformat(),
        "organisation": entry.organisation,
        "sector": entry.sector,
        "is_stem": entry.is_stem,
        "description": entry.description,
        "hours": str(entry.hours) if entry.hours is not None else None,
        "met_staff": entry.met_staff,
        "met_students": entry.met_students,
        "verification": entry.verification.value,
        "verification_method": entry.verification_method,
        "verified_at": _stamp(entry.verified_at),
        "verification_note": entry.verification_note,
        "recorded_at": _stamp(entry.created_at),
        "skills": entry.skill_codes,
        "reflection": None
        if reflection is None
        else {
            "answers": dict(sorted(reflection.answers.items())),
            "shared_with_tutor": reflection.shared_with_tutor,
            "in_folder": reflection.in_folder,
            "comments": [
                {
                    "by": comment.author.display_name,
                    "by_pupil": comment.author_id == entry.pupil_id,
                    "at": _stamp(comment.created_at),
                    "text": comment.body,
                }
                for comment in reflection.comments
            ],
        },
        "brought_from": None
        if origin is None
        else {
            "school": {"name": origin.from_school_name, "code": origin.from_school_code},
            "original_id": str(origin.original_uuid),
            "confirmation_checked": origin.signature_checked,
        },
        "proof": proof,
    }


def _interview(interview) -> dict:
    return {
        "held_on": interview.held_on.isoformat(),
        "adviser_name": interview.adviser_name,
        "adviser_level6": interview.adviser_level6,
        "advice": interview.advice,
        "further_interview_offered": interview.further_offered,
        "considering_university": interview.considering_university,
        "shared_with_tutor": interview.shared_with_tutor,
        "in_folder": interview.in_folder,
        "actions": [
            {"text": a.text, "owner": a.owner.value, "due_on": _day(a.due_on), "status": a.status.value}
            for a in interview.actions
        ],
    }


def _target(target) -> dict:
    return {
        "text": target.text,
        "review_on": target.review_on.isoformat(),
        "status": target.status.value,
        "set_on": target.created_at.date().isoformat(),
        "set_by_pupil": target.set_by_id == target.pupil_id,
    }


def _document(document, pupil_user_id: int) -> dict:
    return {
        "kind": document.kind.value,
        "title": document.title,
        "media_type": document.media_type,
        "pages": document.pages,
        "size": document.size,
        "sha256": document.sha256,
        "added_on": document.uploaded_at.date().isoformat(),
        "added_by_pupil": document.uploaded_by_id == pupil_user_id,
    }


def build(
    record, *, proofs: dict[int, dict], seal: str, exported_on: date, schema_url: str, keys_url: str
) -> dict:
    """The export of ``record`` (a ``queries.export.PupilRecord``). ``proofs`` maps the id of
    each verified entry to its proof: the signed statement, the key id that signed it, the
    issuing school's code, its verification link and its Open Badges 3.0 credential (VC-JWT).
    ``seal`` is the school's signature that those entries are this pupil's."""
    pupil, user = record.pupil, record.pupil.user
    return {
        "$schema": schema_url,
        "format": FORMAT,
        "version": VERSION,
        "exported_on": exported_on.isoformat(),
        "keys": keys_url,
        "school": {"name": record.school.name, "code": record.school.code},
        "pupil": {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "username": user.username,
            "upn": pupil.upn,
            "date_of_birth": pupil.date_of_birth.isoformat(),
            "year_group": pupil.year_group,
            "tutor_group": pupil.tutor_group.name if pupil.tutor_group else None,
            "share_name": pupil.share_name,
            "considering_university": pupil.considering_university,
        },
        "entries": [
            _entry(entry, record.origins.get(entry.id), proofs.get(entry.id)) for entry in record.entries
        ],
        "guidance": [_interview(interview) for interview in record.interviews],
        "targets": [_target(target) for target in record.targets],
        "cv": json_resume(record.cv) if record.cv else None,
        "folder_documents": [_document(d, user.id) for d in record.documents],
        "seal": seal,
    }


def dumps(export: dict) -> bytes:
    """The export as UTF-8 JSON, keys in a fixed order, readable by a person."""
    return json.dumps(export, ensure_ascii=False, indent=2).encode("utf-8")


class ExportProblem(ValueError):
    """A file that is not a Career Passport export we can read; ``str()`` says why, plainly."""


def _where(error) -> str:
    path = "/".join(str(p) for p in error.absolute_path)
    return f" (at {path})" if path else ""


def parse(data: bytes) -> dict:
    """Read and check an uploaded export; raise ExportProblem with a message for the careers
    leader if it is too big, not JSON, or not in the published format."""
    if len(data) > MAX_BYTES:
        raise ExportProblem(
            f"That file is bigger than {MAX_BYTES // (1024 * 1024)} MB: it is not a passport export."
        )
    if not data.strip():
        raise ExportProblem("That file is empty. Choose the .json file the pupil downloaded.")
    try:
        export = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ExportProblem("That file is not a passport export: it is not JSON text.") from None
    if not isinstance(export, dict) or export.get("format") != FORMAT:
        raise ExportProblem("That file is JSON but not a Career Passport export.")
    if export.get("version") != VERSION:
        raise ExportProblem(
            f"That export is version {export.get('version')!r}; this app reads version {VERSION}."
        )
    errors = sorted(Draft202012Validator(schema()).iter_errors(export), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        more = f" and {len(errors) - 1} more problem(s)" if len(errors) > 1 else ""
        raise ExportProblem(
            f"That export is not in the published format: {first.message}{_where(first)}{more}."
        )
    _check_dates(export)
    return export


def _is_date_field(key: str) -> bool:
    return key.endswith(("_on", "_at")) or key == "date_of_birth"


def _check_dates(value, path: str = "") -> None:
    """Every date and time in the file is one the calendar has (the schema checks only their
    shape: ``2025-02-30`` and ``25:61`` fit it)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_dates(item, f"{path}/{index}")
        return
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        where = f"{path}/{key}".lstrip("/")
        if isinstance(item, str) and _is_date_field(key):
            try:
                if "T" in item:
                    datetime.fromisoformat(item.removesuffix("Z"))
                else:
                    date.fromisoformat(item)
            except ValueError:
                raise ExportProblem(
                    f"That export has a date that is not in the calendar: {item!r} (at {where})."
                ) from None
        elif isinstance(item, (dict, list)):
            _check_dates(item, where)
