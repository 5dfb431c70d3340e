"""What the CV shows: ``cv_for(pupil)`` for the saved CV (the PDF, the JSON Resume, the
leavers' folder) and ``cv_view`` for a draft not yet saved (the live preview). Plain values
only, so a template or a document builder cannot reach back into the database, and a
referee's contact details are not in them at all (requirements item 26)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from ..domain import cv as rules
from ..domain.kinds import KINDS
from ..domain.kinds import SKILL_LABELS
from ..domain.kinds import subtype_label
from ..domain.kinds import Verification
from ..models import Entry
from ..models import Pupil
from ..operations import sharing
from ..operations.cv import cv_of
from ..operations.cv import CvData
from ..operations.cv import Referee
from .pupils import entries_of

VERIFIED_LABEL = "Verified by the school"
REFERENCES_WORDING = "References available on request."


@dataclass(frozen=True)
class CvEntry:
    """One entry the pupil picked for their CV."""

    uuid: str
    kind: str  # its label ("Employer encounter")
    kind_code: str  # domain.kinds.EntryKind's value
    activity: str | None
    organisation: str
    occurred_on: date
    description: str
    skills: tuple[str, ...]
    verified: bool
    proof_url: str | None  # the public verification page of a verified entry


@dataclass(frozen=True)
class Section:
    """A one-item-per-line section (education, jobs, volunteering, interests)."""

    key: str
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class RefereeView:
    """A referee as the CV shows them: never their contact details."""

    name: str
    relationship: str


@dataclass(frozen=True)
class CvView:
    """Everything a CV document shows, as plain values (``templates/pdf/_cv_body.html``)."""

    name: str
    school: str
    year_group: int
    statement: str
    achievements_100: str
    achievements_250: str
    education: tuple[str, ...]
    jobs: tuple[str, ...]
    volunteering: tuple[str, ...]
    interests: tuple[str, ...]
    entries: tuple[CvEntry, ...]
    skills: tuple[tuple[str, int], ...]  # (label, how many chosen entries show it)
    referees: tuple[RefereeView, ...]
    version: int
    created_on: date | None
    updated_on: date | None
    references_wording: str = REFERENCES_WORDING
    verified_label: str = VERIFIED_LABEL

    @property
    def sections(self) -> tuple[Section, ...]:
        """The list sections that have something in them, in the CV's order."""
        every = (
            Section("education", "Education and qualifications", self.education),
            Section("jobs", "Part-time jobs", self.jobs),
            Section("volunteering", "Volunteering", self.volunteering),
            Section("interests", "Interests", self.interests),
        )
        return tuple(s for s in every if s.items)

    @property
    def is_empty(self) -> bool:
        return not (self.statement or self.achievements_100 or self.achievements_250
                    or self.sections or self.entries or self.referees)


def choosable(pupil: Pupil) -> list[Entry]:
    """The entries a pupil may put on their CV: all of theirs except those school rejected,
    newest first (3 queries)."""
    return [e for e in entries_of(pupil) if e.verification is not Verification.REJECTED]


def _proof_url(entry: Entry) -> str | None:
    return sharing.proof_url_for(entry)


def _entry(entry: Entry) -> CvEntry:
    verified = entry.verification is Verification.VERIFIED
    return CvEntry(
        uuid=str(entry.client_uuid),
        kind=KINDS[entry.kind].label,
        kind_code=entry.kind.value,
        activity=subtype_label(entry.kind, entry.subtype),
        organisation=entry.organisation,
        occurred_on=entry.occurred_on,
        description=entry.description or "",
        skills=tuple(SKILL_LABELS[c] for c in entry.skill_codes if c in SKILL_LABELS),
        verified=verified,
        proof_url=_proof_url(entry) if verified else None,
    )


def cv_view(pupil: Pupil, data: CvData, entries: list[Entry] | None = None, *,
            version: int = 0, created_on: date | None = None, updated_on: date | None = None) -> CvView:
    """The CV ``data`` makes for ``pupil``: the chosen entries in ``data.entry_uuids`` that are
    still theirs and not rejected, oldest first, with the skills their tags add up to."""
    by_uuid = {str(e.client_uuid): e for e in (choosable(pupil) if entries is None else entries)}
    picked = [by_uuid[u] for u in dict.fromkeys(data.entry_uuids) if u in by_uuid]
    picked.sort(key=lambda e: (e.occurred_on, e.id))
    user = pupil.user
    return CvView(
        name=user.display_name,
        school=user.school.name,
        year_group=pupil.year_group,
        statement=data.statement.strip(),
        achievements_100=data.achievements_100.strip(),
        achievements_250=data.achievements_250.strip(),
        education=rules.lines_of(data.education),
        jobs=rules.lines_of(data.jobs),
        volunteering=rules.lines_of(data.volunteering),
        interests=rules.lines_of(data.interests),
        entries=tuple(_entry(e) for e in picked),
        skills=rules.skills_summary((e.skill_codes for e in picked), SKILL_LABELS),
        referees=tuple(
            RefereeView(r.name.strip(), r.relationship.strip()) for r in data.referees if r.name.strip()
        ),
        version=version,
        created_on=created_on,
        updated_on=updated_on,
    )


def data_of(pupil: Pupil) -> tuple[CvData, int, date | None, date | None]:
    """The saved CV as the form's data, its version and its dates (an empty CV before the
    first save: version 0, no dates)."""
    cv = cv_of(pupil)
    if cv is None:
        return CvData(), 0, None, None
    data = CvData(
        statement=cv.statement, achievements_100=cv.achievements_100, achievements_250=cv.achievements_250,
        education=cv.education, jobs=cv.jobs, volunteering=cv.volunteering, interests=cv.interests,
        referees=tuple(Referee(r.get("name", ""), r.get("relationship", ""), r.get("contact", ""))
                       for r in cv.referees or ()),
        entry_uuids=tuple(str(uuid.UUID(u)) for u in cv.entry_uuids or ()),
    )
    return data, cv.version, cv.created_at.date(), cv.updated_at.date()


def cv_for(pupil: Pupil) -> CvView:
    """The pupil's saved CV as plain values, with no referee's contact details."""
    data, version, created, updated = data_of(pupil)
    return cv_view(pupil, data, version=version, created_on=created, updated_on=updated)
