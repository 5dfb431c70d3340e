"""Guidance interviews: who may record them, what the pupil's record and B8 then say, consent
for the tutor, and the tutor's follow-up (requirements items 10, 20, 22, 23; 001 ¶70; 002 B8)."""

from datetime import date

import pytest
from passport.domain.benchmarks import Status
from passport.extensions import db
from passport.models import ActionOwner
from passport.models import ActionStatus
from passport.models import AuditEvent
from passport.models import Role
from passport.operations import guidance as ops
from passport.queries import guidance as gq
from passport.queries.pupils import progress_for
from sqlalchemy import select

from tests import factories


def data(**kw) -> ops.InterviewData:
    values = dict(
        held_on=date(2026, 3, 2), adviser_name="Jo Adviser", adviser_level6=True,
        advice="Look at A levels in science and an engineering apprenticeship.",
        actions=(
            ops.ActionData("Visit the college open evening", ActionOwner.PUPIL, date(2026, 4, 1)),
            ops.ActionData("Send apprenticeship links", ActionOwner.ADVISER),
        ),
    )
    values.update(kw)
    return ops.InterviewData(**values)


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR)


@pytest.fixture
def adviser(school):
    return factories.make_staff(school, Role.CAREERS_ADVISER, first_name="Jo", last_name="Adviser")


@pytest.fixture
def learner(school, tutor):
    """A Year 11 pupil, aged 15 on the test day (16 on 1 May 2026), in the tutor's group."""
    group = factories.make_group(school, "11A", 11, tutor=tutor)
    return factories.make_pupil(school, first_name="Ria", dob=date(2010, 5, 1), year_group=11, group=group)


def actions_logged(school_id):
    return [a.action for a in db.session.scalars(
        select(AuditEvent).where(AuditEvent.school_id == school_id).order_by(AuditEvent.id)
    )]


def test_adviser_records_an_interview_with_actions_and_it_is_audited(learner, adviser):
    interview = ops.record_interview(learner, adviser, data())
    assert [a.text for a in interview.actions] == [
        "Visit the college open evening", "Send apprenticeship links",
    ]
    assert interview.adviser_id == adviser.id
    assert interview.shared_with_tutor is False  # item 22: off until the pupil says so
    assert "guidance_interview_recorded" in actions_logged(learner.school_id)


def test_careers_leader_may_record_too(learner, school):
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    assert ops.record_interview(learner, leader, data()).adviser_id is None


@pytest.mark.parametrize("role", [Role.TUTOR, Role.SENCO, Role.SENIOR_LEADER])
def test_other_staff_may_not_record(learner, school, role):
    with pytest.raises(ops.GuidanceRefused):
        ops.record_interview(learner, factories.make_staff(school, role), data())


def test_an_adviser_of_another_school_may_not_record(learner):
    other = factories.make_staff(factories.make_school("Elm High"), Role.CAREERS_ADVISER)
    with pytest.raises(ops.GuidanceRefused):
        ops.record_interview(learner, other, data())


def test_b8_first_met_by_a_level6_interview_recorded_before_16(learner, adviser):
    # 001 table B8, ¶70; requirements item 10: one interview by 16, with a Level 6 adviser.
    assert progress_for(learner, date(2026, 3, 10)).get("b8_first").status == Status.DUE
    ops.record_interview(learner, adviser, data())
    assert progress_for(learner, date(2026, 3, 10)).get("b8_first").status == Status.MET


def test_b8_first_not_met_by_an_adviser_below_level6(learner, adviser):
    # 002 B8: "trained to an appropriate level" is Level 6 or higher.
    ops.record_interview(learner, adviser, data(adviser_level6=False))
    assert progress_for(learner, date(2026, 3, 10)).get("b8_first").status == Status.DUE


def test_a_recorded_offer_meets_b8_further_and_university_follows_the_latest(learner, adviser):
    # 001 ¶70 "the opportunity for a further interview by the age of 18"; requirements items 9, 10.
    ops.record_interview(learner, adviser, data(further_offered=True, considering_university=True))
    assert learner.further_interview_offered_on == date(2026, 3, 2)
    assert learner.considering_university is True
    progress = progress_for(learner, date(2026, 3, 10))
    assert progress.get("b8_further").status == Status.MET
    assert progress.get("b7_university").status == Status.DUE
    ops.record_interview(learner, adviser, data(held_on=date(2026, 3, 9)))
    assert learner.considering_university is False
    ops.record_interview(learner, adviser, data(held_on=date(2026, 1, 9), considering_university=True))
    assert learner.considering_university is False  # an older interview does not overrule
    assert learner.further_interview_offered_on == date(2026, 3, 2)


def test_pupil_ticks_their_own_action_but_not_the_advisers(learner, adviser):
    interview = ops.record_interview(learner, adviser, data())
    mine, theirs = interview.actions
    ops.tick_action(mine, learner.user, ActionStatus.DONE)
    assert mine.status == ActionStatus.DONE
    with pytest.raises(ops.GuidanceRefused):
        ops.tick_action(theirs, learner.user, ActionStatus.DONE)
    ops.tick_action(theirs, adviser, ActionStatus.DONE)
    assert theirs.status == ActionStatus.DONE
    assert actions_logged(learner.school_id).count("guidance_action_set") == 2


def test_another_pupil_cannot_tick_or_share(learner, adviser, school):
    interview = ops.record_interview(learner, adviser, data())
    other = factories.make_pupil(school)
    with pytest.raises(ops.GuidanceRefused):
        ops.tick_action(interview.actions[0], other.user, ActionStatus.DONE)
    with pytest.raises(ops.GuidanceRefused):
        ops.set_tutor_consent(interview, other.user, True)


def test_consent_on_and_off_changes_what_the_tutor_reads_and_each_is_audited(learner, adviser):
    interview = ops.record_interview(learner, adviser, data())
    assert gq.interviews_of(learner, shared_only=True) == []
    ops.set_tutor_consent(interview, learner.user, True)
    assert gq.interviews_of(learner, shared_only=True) == [interview]
    ops.set_tutor_consent(interview, learner.user, False)
    assert gq.interviews_of(learner, shared_only=True) == []
    logged = actions_logged(learner.school_id)
    assert logged.count("guidance_shared_with_tutor") == 1
    assert logged.count("guidance_unshared_with_tutor") == 1


def test_adviser_cannot_share_for_the_pupil(learner, adviser):
    interview = ops.record_interview(learner, adviser, data())
    with pytest.raises(ops.GuidanceRefused):
        ops.set_tutor_consent(interview, adviser, True)


def test_follow_up_is_the_tutors_task_until_they_mark_it_done(learner, adviser, tutor, school):
    # 001 ¶70: interviews "followed up by the form tutors"; requirements item 23.
    interview = ops.record_interview(learner, adviser, data())
    assert gq.follow_ups_for(tutor) == [interview]
    other_tutor = factories.make_staff(school, Role.TUTOR)
    assert gq.follow_ups_for(other_tutor) == []
    with pytest.raises(ops.GuidanceRefused):
        ops.mark_follow_up_done(interview, other_tutor)
    ops.mark_follow_up_done(interview, tutor)
    assert gq.follow_ups_for(tutor) == []
    assert interview.followed_up_by_id == tutor.id
    with pytest.raises(ops.GuidanceRefused):
        ops.mark_follow_up_done(interview, tutor)
    assert "guidance_followed_up" in actions_logged(learner.school_id)
