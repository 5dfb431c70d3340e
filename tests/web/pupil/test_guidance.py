"""My guidance: the pupil sees their interviews, ticks their own actions and chooses whether
their tutor sees each one; never another pupil's (requirements items 20, 22)."""

from datetime import date

import pytest
from passport.domain.kinds import ActionStatus
from passport.extensions import db
from passport.models import ActionOwner
from passport.models import AuditEvent
from passport.models import Role
from passport.operations import guidance as ops
from sqlalchemy import select

from tests import factories


@pytest.fixture
def adviser(school):
    return factories.make_staff(school, Role.CAREERS_ADVISER)


def recorded(pupil, adviser, advice="Consider A levels in science."):
    return ops.record_interview(pupil, adviser, ops.InterviewData(
        held_on=date(2026, 3, 2), adviser_name="Jo Adviser", adviser_level6=True, advice=advice,
        actions=(ops.ActionData("Write a CV", ActionOwner.PUPIL),
                 ops.ActionData("Send links", ActionOwner.ADVISER)),
    ))


def test_pupil_sees_their_interview_and_ticks_their_own_action(client, auth, pupil, adviser):
    interview = recorded(pupil, adviser)
    auth.login(pupil.user.username)
    page = client.get("/passport/guidance")
    assert page.status_code == 200
    assert "Consider A levels in science." in page.text and "Write a CV" in page.text
    mine, theirs = interview.actions
    response = client.post(f"/passport/guidance/actions/{mine.id}", data={"status": "done"})
    assert response.status_code == 303
    db.session.refresh(mine)
    assert mine.status == ActionStatus.DONE
    assert client.post(f"/passport/guidance/actions/{theirs.id}", data={"status": "done"}).status_code == 403


def test_consent_switch_shares_and_unshares_and_each_is_audited(client, auth, pupil, adviser):
    interview = recorded(pupil, adviser)
    auth.login(pupil.user.username)
    url = f"/passport/guidance/{interview.id}/tutor"
    assert client.post(url, data={f"i{interview.id}-share": "yes"}).status_code == 303
    db.session.refresh(interview)
    assert interview.shared_with_tutor is True
    assert client.post(url, data={f"i{interview.id}-share": "no"}).status_code == 303
    db.session.refresh(interview)
    assert interview.shared_with_tutor is False
    actions = [a.action for a in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("guidance_shared_with_tutor") == 1
    assert actions.count("guidance_unshared_with_tutor") == 1


def test_consent_without_a_choice_is_422_with_the_message(client, auth, pupil, adviser):
    interview = recorded(pupil, adviser)
    auth.login(pupil.user.username)
    response = client.post(f"/passport/guidance/{interview.id}/tutor", data={})
    assert response.status_code == 422
    assert "Choose yes or no." in response.text


def test_a_pupil_never_reaches_another_pupils_interview(client, auth, school, pupil, adviser):
    other = factories.make_pupil(school, first_name="Ben")
    interview = recorded(other, adviser, advice="Ben's private advice")
    auth.login(pupil.user.username)
    assert "Ben's private advice" not in client.get("/passport/guidance").text
    action = interview.actions[0]
    assert client.post(f"/passport/guidance/actions/{action.id}", data={"status": "done"}).status_code == 404
    url = f"/passport/guidance/{interview.id}/tutor"
    assert client.post(url, data={f"i{interview.id}-share": "yes"}).status_code == 404


def test_staff_get_403_on_my_guidance(client, auth, adviser):
    auth.login(adviser.username)
    assert client.get("/passport/guidance").status_code == 403


def test_the_pupil_is_told_what_their_tutor_sees_even_without_sharing(client, auth, school, pupil, adviser):
    """Item 22 (consent) beside items 10 and B7: a further interview offered and considering
    university count in the progress the tutor's review shows, shared or not, so the consent
    panel says so instead of promising the whole interview stays private."""
    tutor = factories.make_staff(school, Role.TUTOR)
    pupil.tutor_group = factories.make_group(school, "9T", 9, tutor=tutor)
    db.session.commit()
    ops.record_interview(pupil, adviser, ops.InterviewData(
        held_on=date(2026, 3, 2), adviser_name="Jo Adviser", adviser_level6=True, advice="Private advice.",
        further_offered=True, considering_university=True, actions=(),
    ))
    auth.login(pupil.user.username)
    page = client.get("/passport/guidance").text
    assert "Your tutor can see what was said and what you agreed to do only if you say yes." in page
    assert "whether you were offered another one, and whether you are thinking about university" in page
    auth.login(tutor.username)
    review = client.get(f"/staff/groups/{pupil.tutor_group_id}/pupils/{pupil.id}").text
    assert "Private advice." not in review
    assert "Be offered another talk with a careers adviser" in review  # the criterion the offer meets
