"""Events: what kind of entry attending one makes, and whether a provider-access session
counts towards the school's duty."""

from __future__ import annotations

from enum import StrEnum

from .kinds import EntryKind
from .kinds import ProviderType


class EventKind(StrEnum):
    """Kinds of careers events (requirements items 1, 12, 13; issue 4)."""

    CAREERS_FAIR = "careers_fair"
    EMPLOYER_TALK = "employer_talk"
    WORKPLACE_VISIT = "workplace_visit"
    PROVIDER_VISIT = "provider_visit"
    PROVIDER_ACCESS = "provider_access"
    MOCK_INTERVIEWS = "mock_interviews"
    OTHER = "other"


EVENT_LABELS = {
    EventKind.CAREERS_FAIR: "Careers fair",
    EventKind.EMPLOYER_TALK: "Employer talk",
    EventKind.WORKPLACE_VISIT: "Workplace visit",
    EventKind.PROVIDER_VISIT: "College or university visit or taster",
    EventKind.PROVIDER_ACCESS: "Provider-access session (technical education and apprenticeships)",
    EventKind.MOCK_INTERVIEWS: "Mock interviews",
    EventKind.OTHER: "Something else",
}

# The entry an attendance makes, for the kinds that fix it.
_FIXED = {
    EventKind.CAREERS_FAIR: (EntryKind.EMPLOYER_ENCOUNTER, "fair"),
    EventKind.EMPLOYER_TALK: (EntryKind.EMPLOYER_ENCOUNTER, "talk"),
    EventKind.WORKPLACE_VISIT: (EntryKind.WORKPLACE_EXPERIENCE, "workplace_visit"),
    EventKind.MOCK_INTERVIEWS: (EntryKind.EMPLOYER_ENCOUNTER, "mock_interview"),
}


def entry_for(
    kind: EventKind,
    *,
    provider_type: ProviderType | None = None,
    other_kind: EntryKind | None = None,
    other_subtype: str | None = None,
) -> tuple[EntryKind, str | None]:
    """The (entry kind, subtype) a pupil's attendance records. Provider visits and
    provider-access sessions are provider encounters of the provider's type; OTHER takes the
    entry kind and subtype the careers leader chose. Raises ValueError when one is missing."""
    if kind in _FIXED:
        return _FIXED[kind]
    if kind in (EventKind.PROVIDER_VISIT, EventKind.PROVIDER_ACCESS):
        if provider_type is None:
            raise ValueError("a provider event needs a provider type")
        return EntryKind.PROVIDER_ENCOUNTER, provider_type.value
    if other_kind is None:
        raise ValueError("choose what kind of entry the event records")
    return other_kind, other_subtype


def counts_for_provider_duty(kind: EventKind, *, whole_year_invited: bool, in_school_hours: bool) -> bool:
    """A provider-access session counts towards the duty only when the whole year group was
    invited, in school hours: "restricting invitations to selected groups of pupils, or
    holding events outside of normal school hours" is not acceptable [001 ¶63; 004 §15;
    requirements items 12-13]. Other kinds of event are not provider-access sessions."""
    return kind is EventKind.PROVIDER_ACCESS and whole_year_invited and in_school_hours
