"""Staff guidance pages: advisers record interviews; a tutor reads only what the pupil shares
and follows each interview up; other schools, other groups and pupils are kept out
(requirements items 10, 20, 22, 23, 39; 001 ¶70; 002 B8)."""

from datetime import date

import pytest
from passport.extensions import db
from passport.models import ActionOwner
from passport.models import AuditEvent
from passport.models import GuidanceInterview
from passport.models import Role
from passport.operations import guidance as ops
from sqlalchemy import select

from tests import factories

FORM = {
    "held_on": "2026-03-02", "adviser_name": "Jo Adviser", "adviser_level6": "yes",
    "advice": "Look at engineering apprenticeships.",
    "action_1_text": "Visit the college open evening", "action_1_owner": "pupil",
    "action_1_due": "2026-04-01",
}


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR)


@pytest.fixture
def adviser(school):
    return factories.make_staff(school, Role.CAREERS_ADVISER)


@pytest.fixture
def learner(school, tutor):
    group = factories.make_group(school, "11A", 11, tutor=tutor)
    return factories.make_pupil(
        school, first_name="Ria", dob=date(2010, 5, 1), year_group=11, group=group, ehc_plan=True,
    )


def base(pupil) -> str:
    return f"/staff/groups/{pupil.tutor_group_id}/pupils/{pupil.id}/guidance"


def recorded(pupil, adviser, advice="Consider A levels.") -> GuidanceInterview:
    return ops.record_interview(pupil, adviser, ops.InterviewData(
        held_on=date(2026, 3, 2), adviser_name="Jo Adviser", adviser_level6=True, advice=advice,
        actions=(ops.ActionData("Write a CV", ActionOwner.PUPIL),),
    ))


def test_adviser_records_an_interview_and_sees_it_listed(client, auth, learner, adviser):
    auth.login(adviser.username)
    page = client.get(f"{base(learner)}/new")
    assert page.status_code == 200
    assert "EHC plan" in page.text  # item 39: context for the adviser
    response = client.post(f"{base(learner)}/new", data=FORM)
    assert response.status_code == 303, response.text
    listed = client.get(base(learner)).text
    assert "Look at engineering apprenticeships." in listed
    assert "Visit the college open evening" in listed


def test_bad_input_is_422_with_the_message_and_the_typed_text_kept(client, auth, learner, adviser):
    auth.login(adviser.username)
    data = {**FORM, "advice": "", "action_1_owner": "", "adviser_name": "Typed Name"}
    response = client.post(f"{base(learner)}/new", data=data)
    assert response.status_code == 422
    assert "Enter the advice given." in response.text
    assert "Choose who will do it." in response.text
    assert "Typed Name" in response.text and "Visit the college open evening" in response.text
    assert db.session.scalar(select(GuidanceInterview.id)) is None


def test_tutor_sees_the_summary_only_while_the_pupil_shares_it(client, auth, learner, adviser, tutor):
    interview = recorded(learner, adviser, advice="Secret advice words")
    auth.login(tutor.username)
    assert "Secret advice words" not in client.get(base(learner)).text
    ops.set_tutor_consent(interview, learner.user, True)
    assert "Secret advice words" in client.get(base(learner)).text
    ops.set_tutor_consent(interview, learner.user, False)
    assert "Secret advice words" not in client.get(base(learner)).text


def test_tutor_cannot_record(client, auth, learner, tutor):
    auth.login(tutor.username)
    assert client.get(f"{base(learner)}/new").status_code == 403


def test_follow_up_appears_for_the_tutor_and_can_be_marked_done(client, auth, learner, adviser, tutor):
    interview = recorded(learner, adviser)
    auth.login(tutor.username)
    home = client.get("/staff/")
    assert "Guidance interviews to follow up" in home.text and "Ria" in home.text
    response = client.post(f"{base(learner)}/{interview.id}/follow-up")
    assert response.status_code == 303
    assert "Guidance interviews to follow up" not in client.get("/staff/").text
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "guidance_followed_up"))


def test_another_schools_adviser_gets_404(client, auth, learner):
    other = factories.make_staff(factories.make_school("Elm High"), Role.CAREERS_ADVISER)
    auth.login(other.username)
    assert client.get(base(learner)).status_code == 404
    assert client.post(f"{base(learner)}/new", data=FORM).status_code == 404


def test_a_tutor_of_another_group_gets_404(client, auth, school, learner, adviser):
    interview = recorded(learner, adviser)
    ops.set_tutor_consent(interview, learner.user, True)
    other = factories.make_staff(school, Role.TUTOR)
    factories.make_group(school, "11B", 11, tutor=other)
    auth.login(other.username)
    assert client.get(base(learner)).status_code == 404
    assert client.post(f"{base(learner)}/{interview.id}/follow-up").status_code == 404


def test_a_pupil_gets_403_on_staff_guidance_pages(client, auth, learner, adviser):
    interview = recorded(learner, adviser)
    auth.login(learner.user.username)
    assert client.get(base(learner)).status_code == 403
    assert client.get(f"{base(learner)}/new").status_code == 403
    assert client.post(f"{base(learner)}/{interview.id}/follow-up").status_code == 403


def test_adviser_sets_any_action_done_a_tutor_may_not(client, auth, learner, adviser, tutor):
    interview = recorded(learner, adviser)
    action = interview.actions[0]
    url = f"{base(learner)}/actions/{action.id}"
    auth.login(tutor.username)
    assert client.post(url, data={"status": "done"}).status_code == 403
    auth.logout()
    auth.login(adviser.username)
    assert client.post(url, data={"status": "done"}).status_code == 303
    db.session.refresh(action)
    assert action.status == "done"
    assert client.post(f"{base(learner)}/actions/99999", data={"status": "done"}).status_code == 404
