"""Entitlement statements (passport.domain.entitlement): each item ticked from the record.

Sources: requirements item 29 (statements per year group, with the child's met/pending status;
002 B1 "By the end of Year 7, I will have..."), item 30 (the parent view), 004 §15 (provider
access: "In Year 8 or between 1 September and 28 February during Year 9"), item 44 (neutral
route links), and the benchmark criteria the items are tied to (001 tables B2–B8).
"""

from datetime import date

import pytest
from passport.domain import benchmarks
from passport.domain import entitlement as ent
from passport.domain.kinds import EntryKind
from passport.domain.kinds import Verification

DOB = date(2012, 5, 1)  # Year 9 in 2025–26, 14 on 1 May 2026
TODAY = date(2026, 3, 10)  # Year 9
PUPIL = benchmarks.PupilFacts(date_of_birth=DOB, year_group=9)


def act(ref, kind, on, verification=Verification.SELF_REPORTED):
    return ent.RecordedActivity(ref, kind, on, f"{kind} {ref}", verification)


def facts(a: ent.RecordedActivity) -> benchmarks.EntryFacts:
    return benchmarks.EntryFacts(a.kind, a.occurred_on, verification=a.verification, ref=a.ref)


def run(activities, today=TODAY, items=ent.DEFAULTS, year_group=9, pupil=PUPIL):
    progress = benchmarks.progress(
        pupil, [facts(a) for a in activities], benchmarks.BenchmarkSettings(), today
    )
    return {
        r.item.key or r.item.wording: r for r in ent.evaluate(items, progress, activities, year_group, today)
    }


def test_every_year_7_to_13_has_a_statement_in_plain_words_req29():
    """002 B1: "for each year, what they will have experienced and completed"."""
    years = {item.year_group for item in ent.DEFAULTS}
    assert years == set(range(7, 14))
    for item in ent.DEFAULTS:
        assert item.wording.startswith(("By the end of Year", "Before you turn", "In Year", "If you")), (
            item.key
        )
        assert len(item.wording) <= ent.WORDING_MAX


def test_every_default_is_tied_to_a_criterion_the_rules_know_req29():
    known = {
        c.key
        for c in benchmarks.progress(
            benchmarks.PupilFacts(DOB, 9, considering_university=True),
            (),
            benchmarks.BenchmarkSettings(),
            TODAY,
        ).criteria
    }
    for item in ent.DEFAULTS:
        if isinstance(item.rule, ent.Criterion):
            assert item.rule.key in known, item.key
        else:
            assert item.rule.kind in ent.ACTIVITY_KINDS


def test_a_met_criterion_is_done_with_the_activity_that_met_it_001_b5():
    """001 ¶52: an employer encounter every year; the Year 8 one met by last year's talk."""
    talk = act(7, EntryKind.EMPLOYER_ENCOUNTER, date(2025, 2, 1), Verification.VERIFIED)
    results = run([talk])
    assert results["y8_employer"].status == ent.ItemStatus.DONE
    assert results["y8_employer"].done_with == (talk,)
    assert results["y7_employer"].status == ent.ItemStatus.MISSED  # nothing in 2023–24
    assert results["y9_employer"].status == ent.ItemStatus.TO_COME


def test_a_rejected_or_future_activity_never_ticks_an_item_req16():
    rejected = act(1, EntryKind.EMPLOYER_ENCOUNTER, date(2025, 10, 1), Verification.REJECTED)
    future = act(2, EntryKind.EMPLOYER_ENCOUNTER, date(2026, 5, 1))
    assert run([rejected, future])["y9_employer"].status == ent.ItemStatus.TO_COME


@pytest.mark.parametrize(
    ("on", "today", "expected"),
    [
        (date(2025, 2, 27), date(2025, 3, 1), ent.ItemStatus.TO_COME),  # one of two, in Year 8
        (date(2026, 2, 28), date(2026, 3, 1), ent.ItemStatus.DONE),  # second on 28 Feb of Year 9
        (date(2026, 3, 1), date(2026, 3, 2), ent.ItemStatus.MISSED),  # second after 28 Feb of Year 9
    ],
    ids=["004s15-first-of-two", "004s15-on-28-february", "004s15-after-28-february"],
)
def test_provider_access_two_sessions_by_28_february_of_year_9_004_s15(on, today, expected):
    first = act(1, EntryKind.PROVIDER_ENCOUNTER, date(2025, 2, 27))
    second = act(2, EntryKind.PROVIDER_ENCOUNTER, on)
    activities = [first] if on == first.occurred_on else [first, second]
    year_group = 8 if today < date(2025, 9, 1) else 9
    pupil = benchmarks.PupilFacts(DOB, year_group)
    assert run(activities, today=today, year_group=year_group, pupil=pupil)["y8_providers"].status == expected


def test_an_item_whose_criterion_does_not_apply_is_left_out_001_b7():
    """001 table B7: university visits only for a pupil considering university."""
    y13 = benchmarks.PupilFacts(date(2008, 5, 1), 13)
    results = run([], today=TODAY, year_group=13, pupil=y13)
    assert "y13_university" not in results
    assert "y13_workplace" in results


def test_the_leaders_words_change_but_the_tie_does_not_req29():
    own = ent.Item(
        9, "By the end of Year 9 you will have been to our careers fair.", ent.Criterion("b5_year_9")
    )
    items = ent.statement_items(
        [
            ent.Override("y9_employer", "Meet an employer at our fair.", False),
            ent.Override("y9_lmi", None, True),
        ],
        [own],
    )
    by_words = {i.wording: i for i in items}
    changed = by_words["Meet an employer at our fair."]
    assert changed.key == "y9_employer" and changed.rule == ent.Criterion("b5_year_9")
    assert not any(i.key == "y9_lmi" for i in items)  # hidden
    nine = [i for i in items if i.year_group == 9]
    assert nine[-1] == own  # the school's own come after the defaults of the year
    talk = act(1, EntryKind.EMPLOYER_ENCOUNTER, date(2025, 10, 1))
    results = run([talk], items=items)
    assert results["y9_employer"].status == ent.ItemStatus.DONE
    assert results[own.wording].status == ent.ItemStatus.DONE


def test_an_activity_item_counts_entries_of_its_kind_in_its_year_only():
    rule = ent.Item(9, "Two lessons", ent.Activity(EntryKind.CURRICULUM_LEARNING, 2, 9, 9))
    last_year = act(1, EntryKind.CURRICULUM_LEARNING, date(2025, 6, 1))
    this_year = act(2, EntryKind.CURRICULUM_LEARNING, date(2025, 11, 1))
    other_kind = act(3, EntryKind.VOLUNTEERING, date(2025, 11, 2))
    assert (
        run([last_year, this_year, other_kind], items=[rule])["Two lessons"].status == ent.ItemStatus.TO_COME
    )
    again = act(4, EntryKind.CURRICULUM_LEARNING, date(2026, 1, 5))
    done = run([last_year, this_year, again], items=[rule])["Two lessons"]
    assert done.status == ent.ItemStatus.DONE and done.done_with == (this_year, again)


def test_route_links_are_neutral_and_never_a_schools_own_course_req44():
    """Item 44; 001 ¶2; 004 §12: NCS, apprenticeships and UCAS, none ranked by the school."""
    urls = [url for _t, url, _a in ent.ROUTE_LINKS]
    assert any("nationalcareers.service.gov.uk" in u for u in urls)
    assert any("gov.uk/apply-apprenticeship" in u for u in urls)
    assert any("ucas.com" in u for u in urls)
    assert all(u.startswith("https://") for u in urls)


@pytest.mark.parametrize(
    ("today", "expected"),
    [(date(2028, 4, 30), "parent"), (date(2028, 5, 1), "pupil")],
    ids=["001p37-under-16-parent", "001p37-16-pupil"],
)
def test_who_chooses_local_authority_sharing_turns_on_the_16th_birthday(today, expected):
    """Requirements item 36; 001 ¶37."""
    from passport.domain.la_sharing import chooser

    assert chooser(DOB, today) == expected
