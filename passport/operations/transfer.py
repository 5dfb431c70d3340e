"""Bringing a pupil's record across from another school (requirements item 21: stage
transition): the careers leader uploads the pupil's JSON export, and its entries are added to
the pupil's record here, marked as brought from that school, each verified one keeping the
issuing school's original signed statement so it can still be checked under that school's key.

One transaction: a file is imported whole or not at all. Importing the same file again adds
nothing (each entry's ``client_uuid`` is derived from this school and the original id)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from .. import remote_keys
from ..documents import signing
from ..documents.links import public_base
from ..domain.kinds import EntryKind
from ..domain.kinds import KINDS
from ..domain.kinds import Verification
from ..extensions import db
from ..models import Entry
from ..models import EntryOrigin
from ..models import EntrySkill
from ..models import Pupil
from ..models import Reflection
from ..models import School
from ..models import SchoolKey
from ..models import User
from . import audit
from . import sharing
from .sharing import TRANSFERRED

_NAMESPACE = uuid.UUID("5b0c1f0e-2f5e-4c52-9d87-5d6a1c6f9a10")


class TransferRefused(ValueError):
    """The export cannot be brought into this school; ``str()`` says why, for the page."""


@dataclass
class TransferReport:
    """What an import did: counts, and the entries whose confirmation did not check out."""

    pupil: Pupil
    from_school: str
    added: int = 0
    already_here: int = 0
    verified: int = 0
    unchecked: list[str] = field(default_factory=list)


def imported_uuid(school: School, original: str) -> uuid.UUID:
    """The ``client_uuid`` an entry brought into ``school`` gets: the same file, the same ids."""
    return uuid.uuid5(_NAMESPACE, f"{school.code}:{original}")


def _believed(statement: str, remote: dict[str, dict] | None) -> tuple[str, dict] | None:
    """``(canonical statement, payload)`` when ``statement`` checks out under a key this install
    publishes, or else one in ``remote`` (the keys a trusted install publishes), not revoked."""
    try:
        parsed = signing.parse(statement)
        key = db.session.get(SchoolKey, parsed.kid)
        if key is not None:
            issuer = db.session.get(School, key.school_id)
            public, code, revoked = key.public_key, issuer.code, key.revoked_at is not None
        elif remote and parsed.kid in remote:
            published = remote[parsed.kid]
            public, code = published["public_key"], published["school"]["code"]
            revoked = bool(published.get("revoked"))
        else:
            return None
        payload = signing.verify(parsed, public, school_code=code, revoked=revoked)
    except (signing.StatementError, KeyError, TypeError, AttributeError):
        return None
    return f"{parsed.body}.{signing.b64url(parsed.signature)}.{parsed.kid}", payload


def check_seal(export: dict, remote: dict[str, dict] | None = None) -> frozenset[str]:
    """The ids of the entries the exporting school signed as this pupil's (``seal``), or none
    when the seal is missing, does not check out, or names another school or pupil."""
    believed = _believed(export.get("seal") or "", remote)
    if believed is None:
        return frozenset()
    payload, source, pupil = believed[1], export["school"], export["pupil"]
    if (
        payload.get("type") != sharing.SEAL
        or payload.get("school") != {"code": source["code"], "name": source["name"]}
        or payload.get("pupil") != sharing.pupil_fingerprint(pupil["upn"], pupil["date_of_birth"])
        or not isinstance(payload.get("entries"), list)
    ):
        return frozenset()
    return frozenset(str(entry) for entry in payload["entries"])


def check_statement(
    statement: str, item: dict, remote: dict[str, dict] | None = None
) -> tuple[str, dict] | None:
    """``(canonical statement, payload)`` if ``statement`` checks out (``_believed``) and says
    what the export's entry says: its id (the original school's, for an entry that was itself
    brought from there), organisation, date and kind; None otherwise."""
    believed = _believed(statement, remote)
    if believed is None:
        return None
    payload = believed[1]
    origin = item.get("brought_from") or {}
    expected_id = origin.get("original_id") or item["id"]
    says = (payload.get("entry"), payload.get("organisation"), payload.get("date"), payload.get("kind"))
    kind = KINDS.get(EntryKind(item["kind"]))
    if says != (expected_id, item["organisation"], item["occurred_on"], kind.label if kind else None):
        return None
    return believed


def _issuing_install(export: dict) -> tuple[str | None, dict[str, dict]]:
    """Where the export was made, when that is a trusted other install, and the keys it
    publishes (None and {} for this install, or an install nobody trusted)."""
    install = remote_keys.install_of(export["keys"])
    if install is None or install == public_base():
        return None, {}
    return install, remote_keys.fetch_keys(install)


def _proof_link(install: str | None, statement: str) -> str | None:
    """The issuing install's own proof link of ``statement``, when it is another install; else
    None (this install's /verify checks the statement itself)."""
    return f"{install}/verify/{statement}" if install else None


def _signed_elsewhere(statement: str | None) -> bool:
    """Whether ``statement`` (a believed one) was signed by a key of another install."""
    return statement is not None and db.session.get(SchoolKey, statement.rsplit(".", 1)[1]) is None


def _pupil_for(school: School, export: dict) -> Pupil:
    details = export["pupil"]
    pupil = db.session.scalar(select(Pupil).where(Pupil.school_id == school.id, Pupil.upn == details["upn"]))
    if pupil is None or pupil.date_of_birth.isoformat() != details["date_of_birth"]:
        raise TransferRefused(
            f"No pupil here has the UPN and date of birth in this file ({details['first_name']} "
            f"{details['last_name']}). Add the pupil to your school first (Import pupils), then try again."
        )
    return pupil


def _stamp(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.removesuffix("Z")) if text else None


def _new_entry(pupil: Pupil, actor: User, item: dict, new_uuid: uuid.UUID, payload: dict | None, source: str):
    kind = EntryKind(item["kind"])
    entry = Entry(
        client_uuid=new_uuid,
        school_id=pupil.school_id,
        pupil_id=pupil.id,
        kind=kind,
        subtype=item["subtype"] if item["subtype"] in {c for c, _ in KINDS[kind].subtypes} else None,
        occurred_on=date.fromisoformat(item["occurred_on"]),
        organisation=item["organisation"],
        sector=item["sector"],
        is_stem=item["is_stem"],
        description=item["description"],
        hours=Decimal(item["hours"]) if item["hours"] else None,
        met_staff=item["met_staff"],
        met_students=item["met_students"],
        created_by_id=actor.id,
        client_created_at=_stamp(item["recorded_at"]),
        skills=[EntrySkill(skill=code) for code in item["skills"]],
    )
    if payload is not None:
        entry.verification = Verification.VERIFIED
        entry.verification_method = TRANSFERRED
        entry.verified_at = _stamp(payload["verified_at"])
        # The school the signature names, not what the file says it is.
        entry.verification_note = f"Confirmed by {payload['school']['name']}"[:300]
    elif item["verification"] == Verification.REJECTED.value:
        # The old school found it did not happen: it stays so here, with why.
        entry.verification = Verification.REJECTED
        entry.verification_note = f"Not confirmed by {source}"[:300]
    reflection = item["reflection"]
    if reflection and reflection["answers"]:
        # Not shared with anyone here until the pupil chooses (as for any new reflection).
        entry.reflection = Reflection(answers=dict(reflection["answers"]), shared_with_tutor=False)
    return entry


def import_record(school: School, actor: User, export: dict) -> TransferReport:
    """Add the entries of ``export`` (already checked by ``documents.export.parse``) to the
    record of the pupil here with the same UPN and date of birth. Raises TransferRefused, with
    nothing written, when the file is this school's own, names no pupil here, or its entries'
    ids are already used by another pupil's record."""
    source = export["school"]
    if source["code"] == school.code:
        raise TransferRefused("This record is from your own school: there is nothing to bring across.")
    for item in export["entries"]:
        try:
            EntryKind(item["kind"])
        except ValueError:
            raise TransferRefused(
                f"The file has an entry of a kind this app does not know ({item['kind']})."
            ) from None
    pupil = _pupil_for(school, export)
    report = TransferReport(pupil=pupil, from_school=source["name"])
    install, remote = _issuing_install(export)
    sealed = check_seal(export, remote)
    try:
        for item in export["entries"]:
            new_uuid = imported_uuid(school, item["id"])
            existing = db.session.scalar(select(Entry).where(Entry.client_uuid == new_uuid))
            if existing is not None:
                if existing.pupil_id != pupil.id:
                    raise TransferRefused(
                        "This file's entries were already brought across for another pupil."
                    )
                report.already_here += 1
                continue
            proof = item["proof"] if item["verification"] == "verified" else None
            # Believed only for an entry the exporting school sealed as this pupil's.
            if proof and item["id"] in sealed:
                believed = check_statement(proof["statement"], item, remote)
            else:
                believed = None
            statement, payload = believed or (None, None)
            if proof and payload is None:
                report.unchecked.append(
                    f"{item['organisation'] or item['kind_label']}, {item['occurred_on']}"
                )
            entry = _new_entry(pupil, actor, item, new_uuid, payload, source["name"])
            db.session.add(entry)
            db.session.flush()
            db.session.add(
                EntryOrigin(
                    entry_id=entry.id,
                    school_id=school.id,
                    from_school_name=source["name"],
                    from_school_code=source["code"],
                    original_uuid=uuid.UUID(item["id"]),
                    statement=statement,
                    verify_url=_proof_link(install, statement) if _signed_elsewhere(statement) else None,
                    signature_checked=payload is not None,
                    imported_by_id=actor.id,
                )
            )
            report.added += 1
            report.verified += payload is not None
        audit.log(
            actor,
            school.id,
            "record_imported",
            pupil,
            from_school=source["code"],
            added=report.added,
            already_here=report.already_here,
            verified=report.verified,
            unchecked=len(report.unchecked),
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report
