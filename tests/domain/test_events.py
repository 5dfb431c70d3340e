"""Which entry an event makes, and which provider-access sessions count (requirements 12-13)."""

import pytest
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
