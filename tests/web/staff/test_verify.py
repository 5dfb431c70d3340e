"""Staff verify or reject a pupil's self-reported entry; the pupil sees the decision and the
reason; only the careers leader and the pupil's tutor, in the pupil's school, may decide."""

import re
from dataclasses import dataclass

import pytest
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Entry
from passport.models import Pupil
from passport.models import Role
from passport.models import TutorGroup
from sqlalchemy import select

from tests import factories
from tests.page_text import without_random_values

HX = {"HX-Request": "true"}


@dataclass
class Case:
    """A tutor's group, a pupil in it with every sensitive flag set, and one of their entries."""

    group: TutorGroup
    pupil: Pupil
    entry: Entry

    @property
    def page(self) -> str:
        return f"/staff/groups/{self.group.id}/pupils/{self.pupil.id}"

    def url(self, decision: str, entry: Entry | None = None) -> str:
        return f"{self.page}/entries/{(entry or self.entry).id}/{decision}"

    @property
    def reason_field(self) -> str:
        return f"e{self.entry.id}-reject-reason"


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR, first_name="Tess", last_name="Tutor")


@pytest.fixture
def case(school, tutor) -> Case:
    group = factories.make_group(school, "9A", 9, tutor=tutor)
    pupil = factories.make_pupil(
        school, first_name="Amy", last_name="Jones", group=group,
        sen_support=True, ehc_plan=True, free_school_meals=True, pupil_premium=True, looked_after=True,
    )
    entry = factories.make_entry(pupil, organisation="Acme Builders", description="Talk about bricklaying")
    return Case(group, pupil, entry)


def text(response) -> str:
    return response.get_data(as_text=True)


def fresh(entry) -> Entry:
    db.session.expire_all()
    return db.session.get(Entry, entry.id)


def test_the_group_page_links_each_pupil_to_their_entries(client, auth, tutor, case):
    auth.login(tutor.username)
    assert f'href="{case.page}"' in text(client.get(f"/staff/groups/{case.group.id}"))


def test_the_pupil_page_shows_what_deciding_needs_and_no_sensitive_flags(client, auth, tutor, case):
    auth.login(tutor.username)
    response = client.get(case.page)
    assert response.status_code == 200
    page = text(response)
    for shown in ("Amy Jones", "Acme Builders", "Careers talk", "1 October 2025", "Talk about bricklaying",
                  "not checked yet", ">Verify<", ">Reject<"):
        assert shown in page, shown
    assert case.pupil.upn not in page
    main = without_random_values(page[page.index("<main"):page.index("</main>")])
    for flag in (r"\bSEN", r"\bEHC", r"\bFSM\b", r"\bLAC\b", r"\bPP\b", "free school meals", "pupil premium",
                 "looked after", "special educational"):
        assert not re.search(flag, main, re.IGNORECASE if " " in flag else 0), flag


def test_verifying_confirms_the_entry_and_the_pupil_sees_who(client, auth, tutor, case):
    auth.login(tutor.username)
    response = client.post(case.url("verify"), data={f"e{case.entry.id}-verify-note": "Well done"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{case.page}#entry-{case.entry.id}"
    saved = fresh(case.entry)
    assert saved.verification is Verification.VERIFIED and saved.verified_by_id == tutor.id
    assert saved.verification_method == "staff" and saved.verification_note == "Well done"
    page = text(client.get(case.page))
    assert "Verified" in page and "by Tess Tutor" in page and ">Verify<" not in page

    auth.logout()
    auth.login(case.pupil.user.username)
    mine = text(client.get(f"/passport/entries/{case.entry.client_uuid}"))
    assert "Confirmed by Tess Tutor" in mine and "Well done" in mine


def test_rejecting_needs_a_reason_which_the_pupil_then_sees(client, auth, tutor, case):
    auth.login(tutor.username)
    blank = client.post(case.url("reject"), data={case.reason_field: "   "})
    assert blank.status_code == 422
    assert "Say why, so the pupil can put it right." in text(blank)
    assert fresh(case.entry).verification is Verification.SELF_REPORTED

    long = client.post(case.url("reject"), data={case.reason_field: "x" * 301})
    assert long.status_code == 422 and "under 300 characters" in text(long)
    assert "x" * 301 in text(long)  # what was typed is kept

    reason = "Bring the letter from Acme to registration"
    assert client.post(case.url("reject"), data={case.reason_field: reason}).status_code == 303
    saved = fresh(case.entry)
    assert saved.verification is Verification.REJECTED and saved.verification_note == reason
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "entry_rejected"))
    assert audit.actor_id == tutor.id

    auth.logout()
    auth.login(case.pupil.user.username)
    mine = text(client.get(f"/passport/entries/{case.entry.client_uuid}"))
    assert "Not confirmed by Tess Tutor" in mine and f"Reason: {reason}" in mine


def test_htmx_swaps_the_entry_card(client, auth, tutor, case):
    auth.login(tutor.username)
    bad = client.post(case.url("reject"), data={}, headers=HX)
    assert bad.status_code == 422
    fragment = text(bad).strip()
    assert fragment.startswith('<article class="entry-card') and f'id="entry-{case.entry.id}"' in fragment
    assert "<html" not in fragment and "Say why" in fragment

    good = client.post(case.url("verify"), data={}, headers=HX)
    assert good.status_code == 200
    assert "entryVerified" in good.headers["HX-Trigger"]
    assert "Verified" in text(good) and ">Verify<" not in text(good) and "<html" not in text(good)

    again = client.post(case.url("reject"), data={case.reason_field: "Oops"}, headers=HX)
    assert again.status_code == 409 and "already verified" in text(again)
    assert fresh(case.entry).verification is Verification.VERIFIED


def test_a_rejected_entry_can_still_be_verified(client, auth, tutor, case):
    auth.login(tutor.username)
    client.post(case.url("reject"), data={case.reason_field: "Which day?"})
    page = text(client.get(case.page))
    assert "Which day?" in page and ">Verify<" in page and "Change the reason" in page
    assert client.post(case.url("verify")).status_code == 303
    assert fresh(case.entry).verification is Verification.VERIFIED


def test_the_careers_leader_may_decide_for_any_group_of_the_school(client, auth, school, case):
    auth.login(factories.make_staff(school, Role.CAREERS_LEADER).username)
    assert client.get(case.page).status_code == 200
    assert client.post(case.url("verify")).status_code == 303
    assert fresh(case.entry).verification is Verification.VERIFIED


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param("leader-of-another-school", 404, id="another-schools-careers-leader"),
        pytest.param("tutor-of-another-group", 404, id="tutor-of-another-group"),
        pytest.param("the-pupil", 403, id="the-pupil-themself"),
        pytest.param("another-pupil", 403, id="another-pupil"),
    ],
)
def test_no_one_else_sees_or_decides(client, auth, school, case, who, status):
    def tutor_of_another_group():
        tutor = factories.make_staff(school, Role.TUTOR)
        factories.make_group(school, "9B", 9, tutor=tutor)
        return tutor

    user = {
        "leader-of-another-school": lambda: factories.make_staff(
            factories.make_school("Elm", "elm"), Role.CAREERS_LEADER
        ),
        "tutor-of-another-group": tutor_of_another_group,
        "the-pupil": lambda: case.pupil.user,
        "another-pupil": lambda: factories.make_pupil(school).user,
    }[who]()
    auth.login(user.username)
    view = client.get(case.page)
    assert view.status_code == status and "Acme Builders" not in text(view)
    for decision, data in (("verify", {}), ("reject", {case.reason_field: "No"})):
        assert client.post(case.url(decision), data=data).status_code == status
    saved = fresh(case.entry)
    assert saved.verification is Verification.SELF_REPORTED and saved.verified_by_id is None


def test_ids_that_do_not_belong_together_are_404(client, auth, school, tutor, case):
    other_group = factories.make_group(school, "9C", 9, tutor=tutor)
    classmate = factories.make_pupil(school, group=case.group)
    theirs = factories.make_entry(classmate, organisation="Other Ltd")
    auth.login(tutor.username)
    # The pupil is not in the group named in the URL.
    assert client.get(f"/staff/groups/{other_group.id}/pupils/{case.pupil.id}").status_code == 404
    # The entry is another pupil's.
    assert client.post(case.url("verify", theirs)).status_code == 404
    assert client.get(f"/staff/groups/{case.group.id}/pupils/999999").status_code == 404
    assert fresh(theirs).verification is Verification.SELF_REPORTED
