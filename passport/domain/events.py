"""Events: what kind of entry attending one makes, whether a provider-access session
counts towards the school's duty, and which of the four content items it covered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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


class ContentItem(StrEnum):
    """The four things providers give pupils and parents at a provider-access session
    [004 §15; requirements item 13]. The codes are stored on events: never rename one."""

    PROVIDER_AND_OFFER = "provider_and_offer"
    CAREERS = "careers"
    LEARNING_AND_TRAINING = "learning_and_training"
    QUESTIONS = "questions"


# In the order of 004 §15 ("The trust will ensure that providers provide the following
# information to pupils and parents"), which is the order they are shown and stored in. 001
# ¶61 gives their purpose: informing pupils about "the varied career options open to them and
# courses and qualifications they offer and what each option entails".
CONTENT_ITEMS = {
    ContentItem.PROVIDER_AND_OFFER: (
        "About the provider and the technical qualifications and apprenticeships it offers"
    ),
    ContentItem.CAREERS: "The careers those qualifications or apprenticeships might lead to",
    ContentItem.LEARNING_AND_TRAINING: "What learning and training with the provider is like",
    ContentItem.QUESTIONS: "Answers to the questions pupils and parents have",
}


def content_items_from(codes: Iterable[str]) -> tuple[ContentItem, ...]:
    """The content items ``codes`` name (codes or ContentItem members, in any order, repeats
    allowed), once each and in the order of 004 §15. Raises ValueError naming an unknown code."""
    chosen = set()
    for code in codes:
        try:
            chosen.add(ContentItem(code))
        except ValueError:
            raise ValueError(f"{code!r} is not one of the four content items") from None
    return tuple(item for item in CONTENT_ITEMS if item in chosen)


@dataclass(frozen=True)
class ContentCoverage:
    """Which of the four content items a provider-access session covered, and which it did
    not, each in the order of 004 §15."""

    covered: tuple[ContentItem, ...]
    missing: tuple[ContentItem, ...]

    @property
    def total(self) -> int:
        return len(CONTENT_ITEMS)

    @property
    def is_complete(self) -> bool:
        return not self.missing


def content_coverage(codes: Iterable[str]) -> ContentCoverage:
    """The coverage of a session that covered ``codes``. The checklist is a record for the
    careers leader: it never changes whether the session counts towards the duty, which only
    the invitation and school hours decide (counts_for_provider_duty; item 13). Raises
    ValueError for an unknown code."""
    covered = content_items_from(codes)
    return ContentCoverage(covered=covered, missing=tuple(i for i in CONTENT_ITEMS if i not in covered))
