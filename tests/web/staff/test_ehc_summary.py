"""The EHC annual-review careers summary (requirements item 39; 001 ¶44): for a pupil with an EHC
plan from Year 9, opened by the SENCO, the designated teacher or the careers leader, whatever the
pupil's tutor group; the advice and actions of guidance interviews only for those the pupil was
told may always see them (item 22); a staff read noted like the others (issue 7 item 8)."""

from datetime import date

import pytest
from passport.domain.kinds import EntryKind
from passport.extensions import db
from passport.models import ActionOwner
from passport.models import RecordView
from passport.models import Role
from passport.operations import guidance
from passport.operations import targets
from passport.operations import verification
from passport.queries.guidance import interviews_of
from sqlalchemy import select

from tests import factories
from tests.page_text import without_random_values

ADVICE = "Private advice words about a supported internship"
ACTION = "Apply for the hospital supported internship"


def url(pupil) -> str:
    return f"/staff/pupils/{pupil.id}/ehc-summary"


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")


@pytest.fixture
def senco(school):
    return factories.make_staff(school, Role.SENCO, first_name="Rachel", last_name="Okonjo")


@pytest.fixture
def adviser(school):
    return factories.make_staff(school, Role.CAREERS_ADVISER, first_name="Jo", last_name="Adviser")


@pytest.fixture
def ria(school, tutor, leader, adviser):
    return make_ria(school, tutor, leader, adviser)


def make_ria(school, tutor, leader, adviser):
    """Ria, Year 11 with an EHC plan (today is 10 March 2026, so her Year 9 began on 1 September
    2023): an employer talk in Year 8, a verified one in Year 9, a workplace visit she recorded
    herself, one the school could not confirm, a target, and an interview with one action."""
    group = factories.make_group(school, "11A", 11, tutor=tutor)
    ria = factories.make_pupil(
        school, first_name="Ria", last_name="Patel", dob=date(2010, 5, 1), year_group=11, group=group,
        ehc_plan=True, sen_support=True,
    )
    factories.make_entry(ria, organisation="Year Eight Bakery", occurred_on=date(2023, 6, 1))
    talk = factories.make_entry(ria, organisation="Arup", occurred_on=date(2024, 1, 15), is_stem=True)
    verification.verify_entry(talk, leader)
    factories.make_entry(
        ria, EntryKind.WORKPLACE_EXPERIENCE, organisation="Leeds General Infirmary",
        occurred_on=date(2025, 2, 3), sector="health_care",
    )
    wrong = factories.make_entry(ria, organisation="Never Happened Ltd", occurred_on=date(2025, 5, 1))
    verification.reject_entry(wrong, leader, "No one at school knows of this.")
    targets.set_target(ria, ria.user, "Ask about the hospital internship", date(2026, 4, 1))
    guidance.record_interview(ria, adviser, guidance.InterviewData(
        held_on=date(2026, 2, 2), adviser_name="Jo Adviser", adviser_level6=True, advice=ADVICE,
        further_offered=True,
        actions=(guidance.ActionData(ACTION, ActionOwner.PUPIL, date(2026, 4, 30)),),
    ))
    return ria


def test_the_senco_prints_the_summary_of_their_pupil(client, auth, senco, ria):
    """Item 39: name, year, date made; progress by benchmark with due dates; experiences of work
    since Year 9 with dates and how each was checked; targets; interviews; the employment
    outcome of Preparing for Adulthood with space to write in at the review."""
    auth.login(senco.username)
    response = client.get(url(ria))
    assert response.status_code == 200
    page = response.text
    assert "Careers summary: Ria Patel" in page
    assert "Year 11 (11A)" in page and "10 March 2026" in page
    # Progress: B6 first workplace is met (the visit), B8 by 16 is met (the interview); the
    # Year 7 employer encounter was missed and is listed as still to meet.
    assert "Met" in page and "B6: Experience a workplace before you turn 16" in page
    assert "Missed:</strong> was due by" in page and "Meet an employer in Year 7" in page
    # Experiences of work since Year 9, oldest first, each with how it was checked.
    assert "Year Eight Bakery" not in page  # Year 8: before the summary's span
    assert "Never Happened Ltd" not in page  # rejected: the school could not confirm it
    assert page.index("Arup") < page.index("Leeds General Infirmary")
    assert "15 January 2024" in page and "3 February 2025" in page
    assert "Verified by Sam" in page  # the leader's name from the factory
    assert "Recorded by Ria, not checked yet" in page
    assert "Health and social care" in page
    assert "Ask about the hospital internship" in page and "1 April 2026" in page
    assert "2 February 2026" in page and "With Jo Adviser (qualified to Level 6 or higher)" in page
    assert "A further interview was offered" in page
    assert "Preparing for adulthood: employment" in page
    assert "Experiences of workplaces since Year 9: 1" in page
    assert page.count('class="write-line"') >= 10
    assert "Date of the review" in page


def test_the_senco_sees_when_and_with_whom_but_not_the_advice_or_actions(client, auth, senco, ria):
    """Item 22; the pupil is told "You, your careers adviser and the careers leader can always
    see it. Your tutor can see it only if you say yes": a SENCO is neither, so the advice and the
    action plan stay out, while the date and adviser (the school's record, B8) are shown."""
    auth.login(senco.username)
    page = client.get(url(ria)).text
    assert "With Jo Adviser" in page
    assert ADVICE not in page and ACTION not in page
    assert "Ask Ria whether the adviser may bring the advice" in page


def test_sharing_with_the_tutor_is_not_sharing_with_the_senco(client, auth, senco, ria):
    """Item 22: the pupil's yes was for their tutor, by name of the role; it does not reach
    other staff."""
    [interview] = interviews_of(ria)
    guidance.set_tutor_consent(interview, ria.user, True)
    auth.login(senco.username)
    page = client.get(url(ria)).text
    assert ADVICE not in page and ACTION not in page


def test_the_careers_leader_sees_the_advice_and_each_actions_status(client, auth, leader, ria):
    """Items 20, 22, 39: the careers leader reads every interview, so their print carries the
    advice and the agreed actions with owner, date and status."""
    auth.login(leader.username)
    page = client.get(url(ria)).text
    assert ADVICE in page and ACTION in page
    assert "The pupil, by <time" in page and "30 April 2026" in page and "To do" in page
    assert "Ask Ria whether" not in page


def test_the_summary_is_noted_as_a_staff_read_of_the_record(client, auth, senco, ria):
    """Issue 7 item 8: who, whose and which page."""
    auth.login(senco.username)
    client.get(url(ria))
    [view] = db.session.scalars(select(RecordView)).all()
    assert (view.viewer_id, view.pupil_id, view.page) == (senco.id, ria.id, "staff.ehc_summary")


@pytest.mark.parametrize(
    ("flags", "year_group", "reason"),
    [
        pytest.param({"sen_support": True}, 10, "has no EHC plan recorded", id="req39-no-plan"),
        pytest.param({"ehc_plan": True}, 8, "from Year 9", id="req39-001¶44-below-year-9"),
    ],
)
def test_a_pupil_without_a_plan_or_below_year_9_has_no_summary(client, auth, school, senco, flags,
                                                              year_group, reason):
    """Item 39; 001 ¶44: "from year 9" and only "where pupils have EHC plans". The SENCO's own
    pupil, so the page says why (404: there is no such summary); nothing is noted as read."""
    pupil = factories.make_pupil(school, first_name="Noah", year_group=year_group, **flags)
    auth.login(senco.username)
    response = client.get(url(pupil))
    assert response.status_code == 404
    assert reason in response.text and "Careers summary:" not in response.text
    assert db.session.scalar(select(RecordView.id)) is None


@pytest.mark.parametrize("role", [Role.TUTOR, Role.CAREERS_ADVISER, Role.SENIOR_LEADER], ids=str)
def test_staff_who_do_not_see_the_ehc_plan_flag_are_refused(client, auth, school, ria, role):
    """Item 38: the EHC plan flag is for the careers leader, SENCO and designated teacher, and
    the summary is built on it; the pupil's own tutor and the adviser are refused (403)."""
    user = ria.tutor_group.tutor if role == Role.TUTOR else factories.make_staff(school, role)
    auth.login(user.username)
    response = client.get(url(ria))
    assert response.status_code == 403
    assert "Ria" not in without_random_values(response.text)


def test_another_schools_senco_and_a_designated_teacher_not_hers_get_404(client, auth, school, ria):
    """Pupil scope (``access.pupil_scope``): another school's SENCO, and the designated teacher
    of this school for a pupil who is not looked after, cannot tell she exists."""
    other = factories.make_school("Riverside High", "riv")
    outsider = factories.make_staff(other, Role.SENCO)
    designated = factories.make_staff(school, Role.DESIGNATED_TEACHER)
    for user in (outsider, designated):
        auth.login(user.username)
        response = client.get(url(ria))
        assert response.status_code == 404, user.role
        assert "Ria" not in without_random_values(response.text)
        auth.logout()


def test_the_designated_teacher_opens_a_looked_after_pupil_with_a_plan(client, auth, school):
    designated = factories.make_staff(school, Role.DESIGNATED_TEACHER)
    pupil = factories.make_pupil(school, first_name="Kai", year_group=9, ehc_plan=True, looked_after=True)
    auth.login(designated.username)
    assert client.get(url(pupil)).status_code == 200


def test_the_sencos_list_links_the_summary_even_for_a_pupil_with_no_group(client, auth, school, senco, ria):
    """Issue 8 item 6: a SENCO's pupil may have no tutor group; the list says so and still
    links the summary (its URL needs none); a Year 8 pupil with a plan has none yet."""
    loner = factories.make_pupil(school, first_name="Lou", last_name="Alone", year_group=10, ehc_plan=True)
    factories.make_pupil(school, first_name="Yan", last_name="Young", year_group=8, ehc_plan=True)
    auth.login(senco.username)
    page = client.get("/staff/").text
    assert f'href="{url(ria)}"' in page and f'href="{url(loner)}"' in page
    assert "From Year 9" in page
    assert "A pupil with no group has no pupil page yet" in page
    assert f"/staff/groups/{ria.tutor_group_id}/pupils/{ria.id}" in page


def test_the_pupil_page_links_the_summary_for_those_who_may_open_it(client, auth, senco, tutor, ria):
    page_url = f"/staff/groups/{ria.tutor_group_id}/pupils/{ria.id}"
    auth.login(senco.username)
    assert url(ria) in client.get(page_url).text
    auth.logout()
    auth.login(tutor.username)
    assert url(ria) not in client.get(page_url).text

