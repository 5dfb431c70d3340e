"""Tests for the Gatsby Benchmark criteria (passport.domain.benchmarks), a row per rule.

Row ids name the source: 001¶56 is paragraph 56 of the DfE statutory guidance (2018),
"001-table" its Gatsby table, reqN item N of §9 of shared/domain/requirements.md.
"""

from dataclasses import fields
from datetime import date

import pytest
from passport.domain.benchmarks import BenchmarkSettings
from passport.domain.benchmarks import CriterionStatus
from passport.domain.benchmarks import EntryFacts
from passport.domain.benchmarks import interview_facts
from passport.domain.benchmarks import Progress
from passport.domain.benchmarks import progress
from passport.domain.benchmarks import PupilFacts
from passport.domain.benchmarks import settings_source
from passport.domain.benchmarks import Status
from passport.domain.dates import academic_year
from passport.domain.kinds import EntryKind
from passport.domain.kinds import ProviderType
from passport.domain.kinds import Verification

# The standard pupil: born 10 May 2010, so Year 7 in 2021–22 and Year 11 in 2025–26.
# Birthdays: 14 on 2024-05-10 (Year 9), 16 on 2026-05-10 (Year 11), 18 on 2028-05-10.
DOB = date(2010, 5, 10)
NOW = date(2025, 10, 1)  # Year 11, aged 15
AT_16 = date(2026, 6, 1)  # Year 11, just 16
AT_18 = date(2028, 6, 1)  # Year 13, just 18

EMP = EntryKind.EMPLOYER_ENCOUNTER
WORK = EntryKind.WORKPLACE_EXPERIENCE
PROV = EntryKind.PROVIDER_ENCOUNTER
TALK = EntryKind.GUIDANCE_INTERVIEW
LESSON = EntryKind.CURRICULUM_LEARNING
LMI = EntryKind.LABOUR_MARKET_INFO
JOB = EntryKind.PART_TIME_JOB
VOL = EntryKind.VOLUNTEERING

DEFAULT = BenchmarkSettings()
VERIFIED_ONLY = BenchmarkSettings(verified_only=True)
# 004: a Year 7–11 school with no by-18 criteria (caveats 0.5, 0.6).
Y7_TO_11 = BenchmarkSettings(
    employer_last_year=11,
    second_workplace_by_age=None,
    university_visits_by_age=None,
    further_interview_by_age=None,
)


def e(kind, on, **kw):
    """An entry of ``kind`` on date ``on``."""
    return EntryFacts(kind=kind, occurred_on=on, **kw)


def talk(on, level6=True):
    """A guidance interview an adviser recorded (so VERIFIED), Level 6 unless said."""
    return interview_facts(on, level6)


def prov(on, ptype):
    """A provider encounter with a provider of ``ptype``."""
    return EntryFacts(kind=PROV, occurred_on=on, subtype=ptype.value)


def pupil(today, dob=DOB, **kw):
    """The pupil born on ``dob``, in their usual English year group on ``today``."""
    # Children born 1 Sep to 31 Aug share a year and start Year 7 twelve years on.
    return PupilFacts(dob, academic_year(today) - academic_year(dob) - 5, **kw)


def run(today=NOW, entries=(), settings=DEFAULT, **kw):
    """The standard pupil's progress on ``today``; ``kw`` goes to ``pupil``."""
    return progress(pupil(today, **kw), entries, settings, today)


def test_pupil_helper_puts_the_standard_pupil_in_year_11_now():
    # Guards every row below: a wrong year group would shift all B5 windows.
    assert pupil(NOW).year_group == 11
    assert pupil(date(2021, 9, 1)).year_group == 7
    assert pupil(NOW, dob=date(2009, 9, 1)).year_group == 11
    assert pupil(NOW, dob=date(2010, 8, 31)).year_group == 11


def row(id, key, expected, *entries, today=NOW, evidence=None, settings=DEFAULT, **kw):
    """One case: criterion ``key`` has status ``expected`` given ``entries`` on ``today``."""
    return pytest.param(key, expected, entries, today, evidence, settings, kw, id=id)


S = Status
ROWS = [
    # B2: labour-market information by 14.
    row("001¶22-lmi-day-before-14th-birthday-counts", "b2_lmi", S.MET,
        e(LMI, date(2024, 5, 9)), evidence=1),
    row("001¶22-lmi-on-14th-birthday-is-too-late", "b2_lmi", S.OVERDUE,
        e(LMI, date(2024, 5, 10)), evidence=0),
    row("001¶22-lmi-before-14-still-open-is-due", "b2_lmi", S.DUE,
        today=date(2024, 1, 15)),
    row("001¶22-careers-lesson-is-not-lmi", "b2_lmi", S.OVERDUE,
        e(LESSON, date(2023, 1, 1), is_stem=True)),
    # B4: STEM learning or STEM professionals by 14.
    row("001¶46-stem-lesson-before-14-counts", "b4_stem", S.MET,
        e(LESSON, date(2023, 3, 1), is_stem=True)),
    row("001¶46-non-stem-lesson-does-not-count", "b4_stem", S.OVERDUE,
        e(LESSON, date(2023, 3, 1))),
    row("001¶46-meeting-stem-professionals-counts", "b4_stem", S.MET,
        e(EMP, date(2023, 3, 1), is_stem=True)),
    row("001¶46-stem-lesson-on-14th-birthday-too-late", "b4_stem", S.OVERDUE,
        e(LESSON, date(2024, 5, 10), is_stem=True)),
    row("001¶46-stem-workplace-visit-is-b6-not-b4", "b4_stem", S.OVERDUE,
        e(WORK, date(2023, 3, 1), is_stem=True)),
    # B5: an employer encounter in each school year.
    row("001¶52-1-sep-counts-for-year-9", "b5_year_9", S.MET,
        e(EMP, date(2023, 9, 1))),
    row("001¶52-31-aug-is-still-year-8-not-year-9", "b5_year_9", S.OVERDUE,
        e(EMP, date(2023, 8, 31)), evidence=0),
    row("001¶52-31-aug-counts-for-year-8", "b5_year_8", S.MET,
        e(EMP, date(2023, 8, 31))),
    row("001¶52-first-day-of-year-7", "b5_year_7", S.MET, e(EMP, date(2021, 9, 1))),
    row("001¶52-two-in-a-year-both-counted", "b5_year_10", S.MET,
        e(EMP, date(2024, 11, 1)), e(EMP, date(2025, 8, 31)), evidence=2),
    row("001¶52-this-year-unmet-is-due", "b5_year_11", S.DUE),
    row("001¶52-encounter-today-counts", "b5_year_11", S.MET, e(EMP, NOW)),
    row("001¶52-future-dated-entry-not-yet-counted", "b5_year_11", S.DUE,
        e(EMP, date(2025, 12, 1)), evidence=0),
    row("001¶52-next-year-is-upcoming", "b5_year_12", S.UPCOMING),
    row("001¶52-last-day-of-year-is-still-due", "b5_year_11", S.DUE,
        today=date(2026, 8, 31)),
    row("001¶52-next-year-opens-on-1-sep-not-31-aug", "b5_year_12", S.UPCOMING,
        today=date(2026, 8, 31)),
    row("001¶52-unmet-year-overdue-on-1-sep", "b5_year_11", S.OVERDUE,
        today=date(2026, 9, 1)),
    row("001¶52-new-year-due-on-1-sep", "b5_year_12", S.DUE, today=date(2026, 9, 1)),
    row("001¶52-part-time-job-is-not-an-encounter", "b5_year_10", S.OVERDUE,
        e(JOB, date(2025, 1, 1))),
    row("001¶52-workplace-visit-is-not-an-encounter", "b5_year_10", S.OVERDUE,
        e(WORK, date(2025, 1, 1))),
    # B5's yearly encounters stay employer encounters: what counts for b5_stem (001 ¶53) does
    # not count for them.
    row("001¶52-stem-workplace-is-not-a-yearly-encounter", "b5_year_10", S.OVERDUE,
        e(WORK, date(2025, 1, 1), is_stem=True), evidence=0),
    row("001¶52-stem-provider-event-is-not-a-yearly-encounter", "b5_year_10", S.OVERDUE,
        e(PROV, date(2025, 1, 1), subtype=ProviderType.UNIVERSITY.value, is_stem=True), evidence=0),
    # B5 STEM: one STEM encounter before Year 11.
    row("001¶53-stem-employer-in-year-10-counts", "b5_stem", S.MET,
        e(EMP, date(2025, 6, 1), is_stem=True)),
    row("001¶53-31-aug-end-of-year-10-counts", "b5_stem", S.MET,
        e(EMP, date(2025, 8, 31), is_stem=True)),
    row("001¶53-stem-employer-in-year-11-too-late", "b5_stem", S.OVERDUE,
        e(EMP, date(2025, 9, 1), is_stem=True)),
    row("001¶53-non-stem-employer-does-not-count", "b5_stem", S.OVERDUE,
        e(EMP, date(2025, 6, 1))),
    row("001¶53-stem-lesson-is-not-an-encounter", "b5_stem", S.OVERDUE,
        e(LESSON, date(2025, 6, 1), is_stem=True)),
    # 001 ¶53 "with a STEM employer or workplace, or one of their careers events is focused
    # around STEM": STEM workplaces and STEM careers events of other kinds count too.
    row("001¶53-stem-workplace-experience-counts", "b5_stem", S.MET,
        e(WORK, date(2025, 2, 1), subtype="workplace_visit", is_stem=True), evidence=1),
    row("001¶53-non-stem-workplace-experience-does-not-count", "b5_stem", S.OVERDUE,
        e(WORK, date(2025, 2, 1), subtype="workplace_visit"), evidence=0),
    row("001¶53-stem-provider-event-counts", "b5_stem", S.MET,
        e(PROV, date(2024, 11, 5), subtype=ProviderType.UNIVERSITY.value, is_stem=True), evidence=1),
    row("001¶53-non-stem-provider-event-does-not-count", "b5_stem", S.OVERDUE,
        e(PROV, date(2024, 11, 5), subtype=ProviderType.UNIVERSITY.value), evidence=0),
    row("001¶53-stem-workplace-in-year-11-too-late", "b5_stem", S.OVERDUE,
        e(WORK, date(2025, 9, 1), is_stem=True), evidence=0),
    row("001¶53-stem-lmi-is-not-a-careers-event", "b5_stem", S.OVERDUE,
        e(LMI, date(2025, 6, 1), is_stem=True), evidence=0),
    row("001¶53-stem-part-time-job-is-not-an-encounter", "b5_stem", S.OVERDUE,
        e(JOB, date(2025, 6, 1), is_stem=True), e(VOL, date(2025, 6, 1), is_stem=True), evidence=0),
    row("001¶53-stem-guidance-interview-is-not-a-careers-event", "b5_stem", S.OVERDUE,
        e(TALK, date(2025, 6, 1), is_stem=True, adviser_level6=True, verification=Verification.VERIFIED),
        evidence=0),
    row("001¶53-req16-verified-only-skips-a-self-reported-stem-workplace", "b5_stem", S.OVERDUE,
        e(WORK, date(2025, 2, 1), is_stem=True), settings=VERIFIED_ONLY, evidence=0),
    row("001¶53-req16-verified-only-counts-a-verified-stem-workplace", "b5_stem", S.MET,
        e(WORK, date(2025, 2, 1), is_stem=True, verification=Verification.VERIFIED),
        settings=VERIFIED_ONLY, evidence=1),
    row("001¶53-req16-verified-only-counts-a-verified-stem-provider-event", "b5_stem", S.MET,
        e(PROV, date(2025, 2, 1), subtype=ProviderType.FE_COLLEGE.value, is_stem=True,
          verification=Verification.VERIFIED),
        settings=VERIFIED_ONLY, evidence=1),
    row("001¶53-rejected-stem-workplace-never-counts", "b5_stem", S.OVERDUE,
        e(WORK, date(2025, 2, 1), is_stem=True, verification=Verification.REJECTED), evidence=0),
    row("001¶53-open-during-year-10-is-due", "b5_stem", S.DUE, today=date(2024, 10, 1)),
    # B6: workplaces by 16 and 18, never part-time jobs or volunteering.
    row("001¶56-workplace-day-before-16th-birthday-counts", "b6_first", S.MET,
        e(WORK, date(2026, 5, 9)), today=AT_16),
    row("001¶56-workplace-on-16th-birthday-too-late", "b6_first", S.OVERDUE,
        e(WORK, date(2026, 5, 10)), today=AT_16),
    row("001¶56-by-16-open-is-due", "b6_first", S.DUE),
    row("req4-part-time-job-never-counts-for-b6", "b6_first", S.OVERDUE,
        e(JOB, date(2025, 1, 1)), today=AT_16, evidence=0),
    row("req4-volunteering-never-counts-for-b6", "b6_first", S.OVERDUE,
        e(VOL, date(2025, 1, 1)), today=AT_16, evidence=0),
    row("001¶57-career-volunteering-as-workplace-counts", "b6_first", S.MET,
        e(WORK, date(2025, 1, 1), subtype="volunteering_social_action"), today=AT_16),
    row("001¶56-second-workplace-by-18-met", "b6_second", S.MET,
        e(WORK, date(2025, 1, 1)), e(WORK, date(2027, 7, 1)), today=AT_18, evidence=2),
    row("001¶56-one-workplace-only-overdue-at-18", "b6_second", S.OVERDUE,
        e(WORK, date(2025, 1, 1)), today=AT_18, evidence=1),
    row("req4-part-time-job-is-not-the-further-experience", "b6_second", S.OVERDUE,
        e(WORK, date(2025, 1, 1)), e(JOB, date(2027, 1, 1)), e(VOL, date(2027, 2, 1)),
        today=AT_18, evidence=1),
    row("001¶56-second-workplace-on-18th-birthday-too-late", "b6_second", S.OVERDUE,
        e(WORK, date(2025, 1, 1)), e(WORK, date(2028, 5, 10)), today=AT_18),
    row("001¶56-two-before-16-read-as-two-in-all", "b6_second", S.MET,
        e(WORK, date(2025, 1, 1)), e(WORK, date(2025, 2, 1)), today=AT_18),
    # B7: providers of every type by 16; two university visits by 18 if considering.
    row("001-table-b7-all-four-types-by-16", "b7_range", S.MET,
        *(prov(date(2025, 3, 1), p) for p in DEFAULT.required_provider_types),
        today=AT_16, evidence=4),
    row("001-table-b7-three-types-not-enough", "b7_range", S.OVERDUE,
        *(prov(date(2025, 3, 1), p) for p in DEFAULT.required_provider_types[:3]),
        today=AT_16, evidence=3),
    row("req9-not-considering-university-not-applicable", "b7_university",
        S.NOT_APPLICABLE, prov(date(2027, 1, 1), ProviderType.UNIVERSITY),
        prov(date(2027, 2, 1), ProviderType.UNIVERSITY), today=AT_18, evidence=0),
    row("001-table-b7-two-university-visits-by-18", "b7_university", S.MET,
        prov(date(2027, 1, 1), ProviderType.UNIVERSITY),
        prov(date(2028, 5, 9), ProviderType.UNIVERSITY),
        today=AT_18, considering_university=True, evidence=2),
    row("001-table-b7-one-university-visit-still-due", "b7_university", S.DUE,
        prov(date(2025, 3, 1), ProviderType.UNIVERSITY), considering_university=True),
    row("001-table-b7-visit-on-18th-birthday-too-late", "b7_university", S.OVERDUE,
        prov(date(2027, 1, 1), ProviderType.UNIVERSITY),
        prov(date(2028, 5, 10), ProviderType.UNIVERSITY),
        today=AT_18, considering_university=True, evidence=1),
    row("001-table-b7-college-visits-are-not-university", "b7_university", S.OVERDUE,
        prov(date(2027, 1, 1), ProviderType.FE_COLLEGE),
        prov(date(2027, 2, 1), ProviderType.SIXTH_FORM),
        today=AT_18, considering_university=True, evidence=0),
    # B8: an interview by 16; the opportunity of a further one by 18.
    row("001¶70-interview-day-before-16-counts", "b8_first", S.MET,
        talk(date(2026, 5, 9)), today=AT_16),
    row("001¶70-interview-on-16th-birthday-too-late", "b8_first", S.OVERDUE,
        talk(date(2026, 5, 10)), today=AT_16),
    row("001¶70-offer-of-further-interview-meets-it", "b8_further", S.MET,
        talk(date(2026, 1, 1)), today=date(2027, 6, 1),
        further_interview_offered_on=date(2027, 3, 1), evidence=1),
    row("001¶70-offer-day-before-18-counts", "b8_further", S.MET,
        today=AT_18, further_interview_offered_on=date(2028, 5, 9)),
    row("001¶70-offer-on-18th-birthday-too-late", "b8_further", S.OVERDUE,
        talk(date(2026, 1, 1)), today=AT_18,
        further_interview_offered_on=date(2028, 5, 10)),
    row("001¶70-offer-dated-after-today-not-yet", "b8_further", S.DUE,
        today=date(2027, 1, 1), further_interview_offered_on=date(2027, 6, 1)),
    row("001¶70-second-interview-held-meets-further", "b8_further", S.MET,
        talk(date(2026, 1, 1)), talk(date(2027, 1, 1)), today=AT_18, evidence=2),
    row("001¶70-one-interview-no-offer-overdue-at-18", "b8_further", S.OVERDUE,
        talk(date(2026, 1, 1)), today=AT_18, evidence=1),
    # B8 from records: a Level 6 adviser [002 B8] and the school's record (docs/domain-rules.md).
    row("002B8-interview-with-adviser-below-level-6-does-not-count", "b8_first", S.OVERDUE,
        talk(date(2026, 1, 1), level6=False), today=AT_16, evidence=0),
    row("req10-self-reported-interview-does-not-count", "b8_first", S.OVERDUE,
        e(TALK, date(2026, 1, 1), adviser_level6=True), today=AT_16, evidence=0),
    row("req10-verified-interview-entry-with-level-6-counts", "b8_first", S.MET,
        e(TALK, date(2026, 1, 1), adviser_level6=True, verification=Verification.VERIFIED),
        today=AT_16, evidence=1),
    row("req10-verified-entry-adviser-level-unknown-does-not-count", "b8_first", S.OVERDUE,
        e(TALK, date(2026, 1, 1), verification=Verification.VERIFIED), today=AT_16, evidence=0),
    # Verification (requirements item 16).
    row("req16-self-reported-counts-by-default", "b2_lmi", S.MET,
        e(LMI, date(2023, 1, 1))),
    row("req16-rejected-never-counts", "b6_first", S.OVERDUE,
        e(WORK, date(2025, 1, 1), verification=Verification.REJECTED), today=AT_16,
        evidence=0),
    row("req16-rejected-never-counts-when-verified-only", "b6_first", S.OVERDUE,
        e(WORK, date(2025, 1, 1), verification=Verification.REJECTED), today=AT_16,
        settings=VERIFIED_ONLY),
    row("req16-rejected-is-not-the-second-workplace", "b6_second", S.OVERDUE,
        e(WORK, date(2025, 1, 1), verification=Verification.VERIFIED),
        e(WORK, date(2027, 1, 1), verification=Verification.REJECTED),
        today=AT_18, evidence=1),
    row("req16-verified-only-ignores-self-reported", "b2_lmi", S.OVERDUE,
        e(LMI, date(2023, 1, 1)), settings=VERIFIED_ONLY, evidence=0),
    row("req16-verified-only-counts-verified", "b2_lmi", S.MET,
        e(LMI, date(2023, 1, 1), verification=Verification.VERIFIED),
        settings=VERIFIED_ONLY),
    row("req16-verified-only-b5-year", "b5_year_10", S.OVERDUE,
        e(EMP, date(2025, 1, 1)), settings=VERIFIED_ONLY),
    # Settings change thresholds (requirements item 45).
    row("req45-lmi-by-15-counts-an-entry-at-14", "b2_lmi", S.MET,
        e(LMI, date(2024, 6, 1)), settings=BenchmarkSettings(lmi_by_age=15)),
    row("req45-stem-before-year-10-rejects-year-10", "b5_stem", S.OVERDUE,
        e(EMP, date(2025, 6, 1), is_stem=True),
        settings=BenchmarkSettings(stem_employer_before_year=10)),
    row("req45-stem-before-year-10-accepts-year-9", "b5_stem", S.MET,
        e(EMP, date(2024, 6, 1), is_stem=True),
        settings=BenchmarkSettings(stem_employer_before_year=10)),
    row("req45-one-university-visit-required", "b7_university", S.MET,
        prov(date(2027, 1, 1), ProviderType.UNIVERSITY), today=AT_18,
        settings=BenchmarkSettings(university_visits_required=1),
        considering_university=True),
    row("req45-004-school-y11-still-current", "b5_year_11", S.DUE, settings=Y7_TO_11),
]  # fmt: skip


@pytest.mark.parametrize(("key", "expected", "entries", "today", "evidence", "settings", "pupil_kw"), ROWS)
def test_criterion_status(key, expected, entries, today, evidence, settings, pupil_kw):
    got = run(today, entries, settings, **pupil_kw).get(key)
    assert got.status == expected
    if evidence is not None:
        assert got.evidence == evidence


T = ProviderType


@pytest.mark.parametrize(
    ("entries", "settings", "missing", "evidence"),
    [
        pytest.param((), DEFAULT, tuple(DEFAULT.required_provider_types), 0,
                     id="001-table-b7-none-yet-all-missing-in-order"),
        pytest.param((prov(date(2025, 3, 1), T.SIXTH_FORM),
                      prov(date(2025, 4, 1), T.SIXTH_FORM),
                      prov(date(2025, 5, 1), T.UNIVERSITY)), DEFAULT,
                     (T.FE_COLLEGE, T.APPRENTICESHIP_PROVIDER), 3,
                     id="001-table-b7-repeat-visits-counted-types-missing"),
        pytest.param((prov(date(2025, 3, 1), T.UTC),), DEFAULT,
                     tuple(DEFAULT.required_provider_types), 0,
                     id="req8-utc-is-not-an-fe-college"),
        pytest.param(tuple(prov(date(2025, 3, 1), p) for p in (
                         T.SIXTH_FORM, T.FE_COLLEGE, T.UNIVERSITY)) +
                     (prov(date(2026, 5, 10), T.APPRENTICESHIP_PROVIDER),), DEFAULT,
                     (T.APPRENTICESHIP_PROVIDER,), 3,
                     id="001-table-b7-provider-on-16th-birthday-too-late"),
        pytest.param(tuple(prov(date(2025, 3, 1), p)
                           for p in DEFAULT.required_provider_types),
                     BenchmarkSettings(required_provider_types=(T.UNIVERSITY, T.UTC)),
                     (T.UTC,), 1, id="req45-school-requires-a-utc"),
        pytest.param((prov(date(2025, 3, 1), T.UNIVERSITY),
                      e(WORK, date(2025, 3, 1), subtype="fe_college")),
                     BenchmarkSettings(required_provider_types=(T.UNIVERSITY,
                                                                T.FE_COLLEGE)),
                     (T.FE_COLLEGE,), 1,
                     id="req8-only-provider-encounters-count"),
    ],
)  # fmt: skip
def test_b7_range_missing(entries, settings, missing, evidence):
    got = run(AT_16, entries, settings).get("b7_range")
    assert got.missing == missing
    assert got.evidence == evidence
    assert got.status == (Status.OVERDUE if missing else Status.MET)


def test_b7_range_missing_empty_when_met():
    entries = [prov(date(2025, 3, 1), p) for p in DEFAULT.required_provider_types]
    assert run(AT_16, entries).get("b7_range").missing == ()


@pytest.mark.parametrize(
    ("key", "expected", "dob", "kw"),
    [
        pytest.param("b2_lmi", date(2024, 5, 9), DOB, {}, id="001¶22-before-14"),
        pytest.param("b4_stem", date(2024, 5, 9), DOB, {}, id="001¶46-due-before-14"),
        pytest.param("b5_year_7", date(2022, 8, 31), DOB, {}, id="001¶52-y7-31-aug"),
        pytest.param("b5_year_11", date(2026, 8, 31), DOB, {}, id="001¶52-y11-31-aug"),
        pytest.param("b5_year_13", date(2028, 8, 31), DOB, {}, id="001¶52-y13-31-aug"),
        pytest.param("b5_stem", date(2025, 8, 31), DOB, {}, id="001¶53-end-of-y10"),
        pytest.param("b6_first", date(2026, 5, 9), DOB, {}, id="001¶56-before-16"),
        pytest.param("b6_second", date(2028, 5, 9), DOB, {}, id="001¶56-before-18"),
        pytest.param("b7_range", date(2026, 5, 9), DOB, {}, id="001-b7-before-16"),
        pytest.param("b7_university", date(2028, 5, 9), DOB,
                     {"considering_university": True}, id="001-b7-uni-before-18"),
        pytest.param("b7_university", None, DOB, {}, id="req9-not-applicable-no-due"),
        pytest.param("b8_first", date(2026, 5, 9), DOB, {}, id="001¶70-before-16"),
        pytest.param("b8_further", date(2028, 5, 9), DOB, {}, id="001¶70-before-18"),
        # Age-based deadlines move with the birthday, not the school year: a pupil
        # born on 1 September must be done by the end of Year 10.
        pytest.param("b6_first", date(2025, 8, 31), date(2009, 9, 1), {},
                     id="001¶56-sep-born-due-end-of-year-10"),
        pytest.param("b6_first", date(2026, 8, 30), date(2010, 8, 31), {},
                     id="001¶56-aug-born-due-end-of-year-11"),
        pytest.param("b8_first", date(2024, 2, 28), date(2008, 2, 29), {},
                     id="001¶70-29-feb-born-leap-16th-birthday"),
        pytest.param("b6_second", date(2026, 2, 28), date(2008, 2, 29), {},
                     id="001¶56-29-feb-born-turns-18-on-1-mar"),
    ],
)  # fmt: skip
def test_due_dates(key, expected, dob, kw):
    today = date(2023, 10, 1)
    assert run(today, dob=dob, **kw).get(key).due == expected


def test_29_feb_born_pupil_meets_by_16_on_28_feb_not_29_feb():
    # Born 29 Feb 2008, turns 16 on 29 Feb 2024 (a leap year).
    dob, today = date(2008, 2, 29), date(2024, 6, 1)
    on_28 = run(today, [e(WORK, date(2024, 2, 28))], dob=dob).get("b6_first")
    on_29 = run(today, [e(WORK, date(2024, 2, 29))], dob=dob).get("b6_first")
    assert (on_28.status, on_29.status) == (Status.MET, Status.OVERDUE)


DEFAULT_KEYS = (
    "b2_lmi", "b4_stem",
    "b5_year_7", "b5_year_8", "b5_year_9", "b5_year_10", "b5_year_11", "b5_year_12",
    "b5_year_13", "b5_stem",
    "b6_first", "b6_second", "b7_range", "b7_university", "b8_first", "b8_further",
)  # fmt: skip
AFTER_YEAR_11 = {"b5_year_12", "b5_year_13", "b6_second", "b7_university", "b8_further"}


@pytest.mark.parametrize(
    ("settings", "keys"),
    [
        pytest.param(DEFAULT, DEFAULT_KEYS, id="001-defaults-all-in-benchmark-order"),
        pytest.param(
            Y7_TO_11,
            tuple(k for k in DEFAULT_KEYS if k not in AFTER_YEAR_11),
            id="004§3-§11-y7-to-11-school-drops-by-18-criteria",
        ),
        pytest.param(
            BenchmarkSettings(employer_first_year=8),
            tuple(k for k in DEFAULT_KEYS if k != "b5_year_7"),
            id="001¶1-year-8-to-13-range",
        ),
        pytest.param(
            BenchmarkSettings(lmi_by_age=None, stem_learning_by_age=None),
            DEFAULT_KEYS[2:],
            id="req45-by-14-criteria-switched-off",
        ),
        pytest.param(
            BenchmarkSettings(required_provider_types=()),
            tuple(k for k in DEFAULT_KEYS if k != "b7_range"),
            id="req45-no-provider-types-no-range-criterion",
        ),
    ],
)
def test_criteria_present(settings, keys):
    assert tuple(c.key for c in run(settings=settings).criteria) == keys


def test_switched_off_criterion_is_absent_from_get():
    with pytest.raises(KeyError):
        run(settings=Y7_TO_11).get("b6_second")


@pytest.mark.parametrize(
    ("key", "settings", "title"),
    [
        pytest.param("b5_year_9", DEFAULT, "Meet an employer in Year 9", id="b5-title"),
        pytest.param("b6_first", DEFAULT, "Experience a workplace before you turn 16", id="b6"),
        pytest.param(
            "b2_lmi",
            BenchmarkSettings(lmi_by_age=15),
            "Find out about jobs and pay before you turn 15",
            id="req45-title-follows-setting",
        ),
        pytest.param(
            "b7_range",
            DEFAULT,
            "Find out what learning is like at sixth forms, colleges, universities "
            "and apprenticeship providers before you turn 16",
            id="b7-title-lists-types",
        ),
        pytest.param(
            "b7_range",
            BenchmarkSettings(required_provider_types=(ProviderType.UTC,)),
            "Find out what learning is like at university technical colleges before you turn 16",
            id="b7-title-one-type",
        ),
        pytest.param(
            "b7_university",
            BenchmarkSettings(university_visits_required=1),
            "Visit 1 university before you turn 18",
            id="b7-title-singular",
        ),
        pytest.param(
            "b5_stem",
            BenchmarkSettings(stem_employer_before_year=10),
            "Meet an employer, see a workplace or go to a careers event about science or maths "
            "before Year 10",
            id="b5-stem-title-follows-setting",
        ),
    ],
)
def test_titles(key, settings, title):
    assert run(settings=settings).get(key).title == title


def test_every_criterion_cites_its_source_and_benchmark():
    for c in run(considering_university=True).criteria:
        assert c.source.startswith("001"), c.key
        assert c.key.startswith(f"b{c.benchmark}_"), c.key


def test_every_setting_has_a_source():
    names = [f.name for f in fields(BenchmarkSettings)]
    for name in names:
        assert settings_source(name).strip(), name
    with pytest.raises(KeyError):
        settings_source("no_such_setting")


def test_entries_may_be_a_one_shot_iterator():
    entries = iter([e(LMI, date(2023, 1, 1)), e(EMP, date(2023, 1, 1))])
    got = progress(pupil(NOW), entries, DEFAULT, NOW)
    assert got.get("b2_lmi").status == Status.MET
    assert got.get("b5_year_8").status == Status.MET


def test_progress_views_on_a_real_record():
    # Year 11 on 1 Oct 2025: LMI at 13, employer encounters in Years 7 and 9 only.
    entries = [
        e(LMI, date(2024, 1, 1)),
        e(EMP, date(2021, 10, 1)),
        e(EMP, date(2024, 1, 1)),
    ]
    got = run(NOW, entries)
    assert [c.key for c in got.done] == ["b2_lmi", "b5_year_7", "b5_year_9"]
    # Sorted by deadline, ties in benchmark order: b5_year_11 comes before b6_first
    # in the criteria but is due later.
    assert [c.key for c in got.due] == [
        "b6_first", "b7_range", "b8_first", "b5_year_11", "b6_second", "b8_further",
    ]  # fmt: skip
    # b4_stem precedes b5_year_8 in the criteria but its deadline is later.
    assert [c.key for c in got.overdue] == [
        "b5_year_8", "b4_stem", "b5_year_10", "b5_stem",
    ]  # fmt: skip
    assert [c.key for c in got.upcoming] == ["b5_year_12", "b5_year_13"]
    assert got.get("b7_university").status == Status.NOT_APPLICABLE
    assert got.met_count == 3
    assert len(got.criteria) == 16
    assert got.counted_total == 15


def _c(key, status, due):
    return CriterionStatus(key, 5, key, status, due, "001 ¶52", 0)


def test_progress_sorts_due_and_overdue_by_deadline_and_keeps_done_in_order():
    p = Progress(
        (
            _c("a", Status.DUE, date(2026, 3, 1)),
            _c("b", Status.MET, date(2026, 1, 1)),
            _c("c", Status.OVERDUE, date(2025, 6, 1)),
            _c("d", Status.DUE, date(2026, 1, 1)),
            _c("e", Status.MET, date(2024, 1, 1)),
            _c("f", Status.OVERDUE, date(2024, 6, 1)),
            _c("g", Status.NOT_APPLICABLE, None),
            _c("h", Status.UPCOMING, date(2028, 8, 31)),
            _c("i", Status.UPCOMING, date(2027, 8, 31)),
        )
    )
    assert [c.key for c in p.due] == ["d", "a"]
    assert [c.key for c in p.overdue] == ["f", "c"]
    assert [c.key for c in p.upcoming] == ["i", "h"]
    assert [c.key for c in p.done] == ["b", "e"]
    assert (p.met_count, p.counted_total) == (2, 8)
    assert p.get("g").due is None
    with pytest.raises(KeyError):
        p.get("z")
