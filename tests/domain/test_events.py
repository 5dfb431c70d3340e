"""Which entry an event makes, which provider-access sessions count, and the four content
items a session covers (requirements 12-13)."""

import pytest
from passport.domain.events import content_coverage
from passport.domain.events import CONTENT_ITEMS
from passport.domain.events import content_items_from
from passport.domain.events import ContentItem
from passport.domain.events import counts_for_provider_duty
from passport.domain.events import entry_for
from passport.domain.events import EventKind
from passport.domain.kinds import EntryKind
from passport.domain.kinds import ProviderType


@pytest.mark.parametrize(
    ("kind", "kwargs", "expected"),
    [
        pytest.param(EventKind.CAREERS_FAIR, {}, (EntryKind.EMPLOYER_ENCOUNTER, "fair"), id="001¶52-fair"),
        pytest.param(EventKind.EMPLOYER_TALK, {}, (EntryKind.EMPLOYER_ENCOUNTER, "talk"), id="001¶52-talk"),
        pytest.param(
            EventKind.MOCK_INTERVIEWS,
            {},
            (EntryKind.EMPLOYER_ENCOUNTER, "mock_interview"),
            id="001¶52-mock-interviews",
        ),
        pytest.param(
            EventKind.WORKPLACE_VISIT,
            {},
            (EntryKind.WORKPLACE_EXPERIENCE, "workplace_visit"),
            id="001¶57-workplace-visit",
        ),
        pytest.param(
            EventKind.PROVIDER_VISIT,
            {"provider_type": ProviderType.UNIVERSITY},
            (EntryKind.PROVIDER_ENCOUNTER, "university"),
            id="001-B7-university-visit",
        ),
        pytest.param(
            EventKind.PROVIDER_ACCESS,
            {"provider_type": ProviderType.FE_COLLEGE},
            (EntryKind.PROVIDER_ENCOUNTER, "fe_college"),
            id="001¶61-provider-access",
        ),
        pytest.param(
            EventKind.OTHER,
            {"other_kind": EntryKind.LABOUR_MARKET_INFO},
            (EntryKind.LABOUR_MARKET_INFO, None),
            id="other-kind-chosen",
        ),
    ],
)
def test_the_entry_an_event_makes(kind, kwargs, expected):
    assert entry_for(kind, **kwargs) == expected


@pytest.mark.parametrize("kind", [EventKind.PROVIDER_VISIT, EventKind.PROVIDER_ACCESS, EventKind.OTHER])
def test_missing_choices_are_refused(kind):
    with pytest.raises(ValueError):
        entry_for(kind)


@pytest.mark.parametrize(
    ("whole_year", "school_hours", "counts"),
    [
        pytest.param(True, True, True, id="001¶63-whole-year-in-school-hours-counts"),
        pytest.param(False, True, False, id="001¶63-selected-groups-do-not-count"),
        pytest.param(True, False, False, id="001¶63-outside-school-hours-does-not-count"),
    ],
)
def test_provider_access_sessions_count_only_for_the_whole_year_in_school_hours(
    whole_year, school_hours, counts
):
    assert (
        counts_for_provider_duty(
            EventKind.PROVIDER_ACCESS, whole_year_invited=whole_year, in_school_hours=school_hours
        )
        is counts
    )
    assert (
        counts_for_provider_duty(EventKind.CAREERS_FAIR, whole_year_invited=True, in_school_hours=True)
        is False
    )


# Requirements item 13; 004 §15: "The trust will ensure that providers provide the following
# information to pupils and parents", in that order. The codes are stored: they never change.
@pytest.mark.parametrize(
    ("position", "code", "words"),
    [
        pytest.param(
            0, "provider_and_offer", "technical qualifications and apprenticeships", id="004§15-provider"
        ),
        pytest.param(1, "careers", "careers", id="004§15-potential-careers"),
        pytest.param(2, "learning_and_training", "learning and training", id="004§15-what-learning-is-like"),
        pytest.param(3, "questions", "questions", id="004§15-answers-to-questions"),
    ],
)
def test_the_four_content_items_of_a_provider_access_session(position, code, words):
    assert len(CONTENT_ITEMS) == 4
    item = list(CONTENT_ITEMS)[position]
    assert item.value == code
    assert words in CONTENT_ITEMS[item]


def test_content_items_come_once_each_in_the_order_of_004_15():
    """Requirements item 13; 004 §15."""
    assert content_items_from(["questions", "careers", ContentItem.CAREERS]) == (
        ContentItem.CAREERS, ContentItem.QUESTIONS
    )
    assert content_items_from([]) == ()
    with pytest.raises(ValueError, match="'homework' is not one of the four content items"):
        content_items_from(["careers", "homework"])


@pytest.mark.parametrize(
    ("codes", "covered", "missing"),
    [
        pytest.param([], 0, list(ContentItem), id="none"),
        pytest.param(
            ["provider_and_offer", "careers", "questions"], 3, [ContentItem.LEARNING_AND_TRAINING],
            id="three-of-four",
        ),
        pytest.param([c.value for c in ContentItem], 4, [], id="all-four"),
    ],
)
def test_content_coverage_says_what_was_covered_and_what_was_missed(codes, covered, missing):
    """Requirements item 13; 004 §15."""
    coverage = content_coverage(codes)
    assert (len(coverage.covered), list(coverage.missing), coverage.total) == (covered, missing, 4)
    assert coverage.is_complete is (not missing)
    assert set(coverage.covered) | set(coverage.missing) == set(ContentItem)
