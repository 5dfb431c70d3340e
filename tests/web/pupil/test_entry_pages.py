"""The pupil's entry pages, each tested as a full page and as an htmx fragment."""

import re
import uuid

import pytest
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import Entry
from passport.models import Role
from passport.operations import verification
from sqlalchemy import func
from sqlalchemy import select

from tests import factories

FORM = {
    "subtype": "talk",
    "occurred_on": "2026-01-15",
    "organisation": "Rolls-Royce",
    "sector": "engineering_manufacturing",
    "is_stem": "y",
    "description": "An engineer talked about apprenticeships.",
    "skills": ["listening", "aiming_high"],
}
NEW = "/passport/entries/new?kind=employer_encounter"


def entries() -> list[Entry]:
    return list(db.session.scalars(select(Entry).order_by(Entry.id)))


@pytest.fixture
def signed_in(client, auth, pupil):
    auth.login(pupil.user.username)
    return client


@pytest.fixture
def hx_signed_in(signed_in):
    signed_in.environ_base["HTTP_HX_REQUEST"] = "true"
    return signed_in


def test_home_says_what_is_done_next_and_missed(signed_in):
    page = signed_in.get("/passport/").get_data(as_text=True)
    assert "Hi Amy" in page
    assert "What to do next" in page
    assert "Meet an employer in Year 9" in page
    # Born 2012-05-01, in Year 9 on 2026-03-10: Years 7 and 8 have passed with no encounter.
    assert "Missed or late" in page
    assert "Meet an employer in Year 7" in page


def test_choose_kind_lists_every_kind_and_unknown_kind_is_404(signed_in):
    page = signed_in.get("/passport/entries/new").get_data(as_text=True)
    assert "Meeting an employer" in page and "Part-time job" in page
    response = signed_in.get("/passport/entries/new?kind=astronaut")
    assert response.status_code == 404
    assert "We do not know that kind of entry" in response.get_data(as_text=True)


def test_add_entry_full_page_redirects_to_the_entry(signed_in):
    key = str(uuid.uuid4())
    response = signed_in.post(NEW, data={**FORM, "client_uuid": key})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/passport/entries/{key}")
    [entry] = entries()
    assert entry.organisation == "Rolls-Royce"
    assert entry.is_stem is True
    assert entry.skill_codes == ["aiming_high", "listening"]
    assert "Rolls-Royce" in signed_in.get(response.headers["Location"]).get_data(as_text=True)


def test_add_entry_htmx_returns_saved_fragment_with_new_progress(signed_in, hx_signed_in):
    before = signed_in.get("/passport/").get_data(as_text=True)
    assert 'data-testid="met-count">0<' in before
    response = hx_signed_in.post(NEW, data={**FORM, "client_uuid": str(uuid.uuid4())})
    body = response.get_data(as_text=True)
    assert response.status_code == 201
    assert "<html" not in body
    assert "Saved to your passport" in body
    # "Meet an employer in Year 9" and "Learn how science and maths lead to jobs" (STEM, ¶46)
    # and the STEM employer encounter before Year 11 (¶53) are now met.
    assert 'data-testid="met-count">3<' in body
    assert "entrySaved" in response.headers["HX-Trigger"]
    assert "HX-Request" in response.headers["Vary"]


def test_double_submit_makes_one_entry(signed_in):
    data = {**FORM, "client_uuid": str(uuid.uuid4())}
    signed_in.post(NEW, data=data)
    signed_in.post(NEW, data=data)
    assert len(entries()) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"organisation": ""}, "Enter the employer or organisation.", id="empty-organisation"),
        pytest.param({"organisation": "x" * 121}, "under 120 characters", id="over-long-organisation"),
        pytest.param({"description": "x" * 2001}, "under 2000 characters", id="over-long-description"),
        pytest.param({"occurred_on": "2026-03-11"}, "cannot be in the future", id="future-date"),
        pytest.param({"occurred_on": "2022-04-30"}, "after your 10th birthday", id="before-age-10"),
        pytest.param({"occurred_on": "31/02/2026"}, "Enter a real date, like 12/03/2026.",
                     id="malformed-date"),
        pytest.param({"subtype": ""}, "Choose what kind of activity", id="missing-subtype"),
        pytest.param({"subtype": "rocket"}, "Choose one of the options", id="unknown-subtype"),
        pytest.param({"skills": ["juggling"]}, "Choose skills from the list", id="unknown-skill"),
        pytest.param({"sector": "piracy"}, "Choose one of the areas", id="unknown-sector"),
        pytest.param({"client_uuid": "not-a-uuid"}, "form is damaged", id="malformed-uuid"),
    ],
)
@pytest.mark.parametrize("as_htmx", [False, True], ids=["page", "fragment"])
def test_bad_input_is_explained_kept_and_not_saved(signed_in, changes, message, as_htmx):
    data = {**FORM, "client_uuid": str(uuid.uuid4()), **changes}
    headers = {"HX-Request": "true"} if as_htmx else {}
    response = signed_in.post(NEW, data=data, headers=headers)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert "There is a problem" in body
    assert ("<html" in body) is not as_htmx
    # What the pupil typed is still in the form.
    if changes.get("organisation", FORM["organisation"]):
        assert 'value="' + changes.get("organisation", FORM["organisation"])[:50] in body
    assert "An engineer talked about apprenticeships." in body or "x" * 50 in body
    assert entries() == []


def test_hours_are_ignored_for_kinds_without_hours(signed_in):
    signed_in.post(NEW, data={**FORM, "hours": "3", "client_uuid": str(uuid.uuid4())})
    assert entries()[0].hours is None


def test_edit_entry_full_page_and_fragment(signed_in, pupil):
    entry = factories.make_entry(pupil)
    url = f"/passport/entries/{entry.client_uuid}/edit"
    page = signed_in.get(url).get_data(as_text=True)
    assert 'value="Acme Ltd"' in page
    response = signed_in.post(url, data={**FORM, "version": "1", "organisation": "Acme plc"})
    assert response.status_code == 303
    response = signed_in.post(
        url, data={**FORM, "version": "2", "organisation": "Acme Group"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].endswith(f"/passport/entries/{entry.client_uuid}")
    db.session.expire_all()
    assert db.session.get(Entry, entry.id).organisation == "Acme Group"


def test_a_rejected_entry_says_why_on_its_edit_page_and_a_change_sends_it_back(signed_in, school, pupil):
    tutor = factories.make_staff(school, Role.TUTOR)
    entry = factories.make_entry(pupil)
    verification.reject_entry(entry, tutor, "Which day was it?")
    url = f"/passport/entries/{entry.client_uuid}/edit"
    page = signed_in.get(url).get_data(as_text=True)
    assert "Reason: Which day was it? When you save a change, it goes back to your tutor" in page
    assert signed_in.post(url, data={**FORM, "version": "1"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Entry, entry.id).verification is Verification.SELF_REPORTED
    assert "Not confirmed" not in signed_in.get(url).get_data(as_text=True)


def test_edit_with_stale_version_shows_both_versions(signed_in, pupil):
    entry = factories.make_entry(pupil, description="Saved on the laptop")
    url = f"/passport/entries/{entry.client_uuid}/edit"
    signed_in.post(url, data={**FORM, "version": "1", "description": "Saved on the laptop, edited"})
    response = signed_in.post(url, data={**FORM, "version": "1", "description": "Typed on my phone"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed somewhere else" in body
    assert "Saved on the laptop, edited" in body
    assert "Typed on my phone" in body
    # Saving again from the conflict page (which carries the new version) keeps the pupil's text.
    signed_in.post(url, data={**FORM, "version": "2", "description": "Typed on my phone"})
    db.session.expire_all()
    assert db.session.get(Entry, entry.id).description == "Typed on my phone"


def test_posting_to_a_deleted_entry_keeps_what_was_typed(signed_in, pupil):
    entry = factories.make_entry(pupil)
    key = entry.client_uuid
    signed_in.post(f"/passport/entries/{key}/delete")
    for as_htmx in (False, True):
        response = signed_in.post(
            f"/passport/entries/{key}/reflection",
            data={"version": "0", "work_like": "Loud and busy kitchens"},
            headers={"HX-Request": "true"} if as_htmx else {},
        )
        assert response.status_code == 410
        assert "Loud and busy kitchens" in response.get_data(as_text=True)


def test_delete_asks_first_then_deletes(signed_in, pupil):
    entry = factories.make_entry(pupil)
    url = f"/passport/entries/{entry.client_uuid}/delete"
    assert "You cannot undo this" in signed_in.get(url).get_data(as_text=True)
    assert entries() != []
    response = signed_in.post(url)
    assert response.status_code == 303
    assert entries() == []


def test_reflection_prompts_fit_the_kind_requirements_item_15(signed_in, pupil):
    employer = factories.make_entry(pupil)
    college = factories.make_entry(pupil, kind=factories.EntryKind.PROVIDER_ENCOUNTER)
    employer_page = signed_in.get(f"/passport/entries/{employer.client_uuid}/reflection").get_data(
        as_text=True
    )
    college_page = signed_in.get(f"/passport/entries/{college.client_uuid}/reflection").get_data(as_text=True)
    assert "What does it take to succeed there?" in employer_page
    assert "What is learning like there?" in college_page
    assert "What is learning like there?" not in employer_page


def test_reflection_full_page_and_fragment(signed_in, pupil):
    entry = factories.make_entry(pupil)
    url = f"/passport/entries/{entry.client_uuid}/reflection"
    answers = {"work_like": "Busy", "succeed": "Patience", "next": "Ask about apprenticeships"}
    response = signed_in.post(url, data={"version": "0", **answers})
    assert response.status_code == 303
    response = signed_in.post(
        url, data={"version": "1", **answers, "next": "Apply"}, headers={"HX-Request": "true"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and "Your reflection is saved" in body and "Apply" in body
    too_long = signed_in.post(url, data={"version": "2", "work_like": "w" * 2001})
    assert too_long.status_code == 422
    assert "w" * 100 in too_long.get_data(as_text=True)


def test_timeline_groups_entries_by_school_year(signed_in, pupil):
    factories.make_entry(pupil, occurred_on=factories.date(2023, 10, 1), organisation="Year7Co")
    factories.make_entry(pupil, occurred_on=factories.date(2025, 8, 31), organisation="Year8Co")
    factories.make_entry(pupil, occurred_on=factories.date(2025, 9, 1), organisation="Year9Co")
    page = signed_in.get("/passport/timeline").get_data(as_text=True)
    assert page.index("Year 9") < page.index("Year9Co") < page.index("Year 8") < page.index("Year8Co")
    assert page.index("Year 7") < page.index("Year7Co")
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 3


def test_double_submitted_edit_is_saved_once_not_reported_as_a_conflict(signed_in, pupil):
    entry = factories.make_entry(pupil)
    url = f"/passport/entries/{entry.client_uuid}/edit"
    page = signed_in.get(url).get_data(as_text=True)
    op = page.split('name="op" type="hidden" value="')[1].split('"')[0]
    data = {**FORM, "version": "1", "op": op, "organisation": "Acme plc"}
    assert signed_in.post(url, data=data).status_code == 303
    assert signed_in.post(url, data=data).status_code == 303
    db.session.expire_all()
    assert db.session.get(Entry, entry.id).version == 2


def _use_framework(school, code: str) -> None:
    school.settings.skills_framework = code
    db.session.commit()


def test_a_school_on_the_cdi_framework_tags_with_its_six_areas(signed_in, school):
    """Requirements item 28 [002 B1]: "use CDI Framework and Skills Builder": the school's own
    framework is the list offered."""
    _use_framework(school, "cdi")
    page = signed_in.get(NEW).get_data(as_text=True)
    assert "Explore possibilities" in page and "See the big picture" in page
    assert "Staying positive" not in page
    data = {**FORM, "skills": ["explore_possibilities"], "client_uuid": str(uuid.uuid4())}
    response = signed_in.post(NEW, data=data)
    assert response.status_code == 303
    assert entries()[0].skill_codes == ["explore_possibilities"]


def test_changing_framework_never_drops_a_tag_already_given(signed_in, school, pupil):
    """Item 28: an entry tagged under Skills Builder, edited after the school moved to the CDI
    Framework, keeps its ticked skills (shown, and kept when the pupil saves); a form filled in
    offline before the change is still accepted."""
    entry = factories.make_entry(pupil, skills=("teamwork",))
    _use_framework(school, "cdi")
    url = f"/passport/entries/{entry.client_uuid}/edit"
    page = signed_in.get(url).get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="teamwork"|<input[^>]*value="teamwork"[^>]*checked', page)
    assert "Grow throughout life" in page
    response = signed_in.post(url, data={**FORM, "version": "1", "skills": ["teamwork", "manage_career"]})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Entry, entry.id).skill_codes == ["manage_career", "teamwork"]
    offline = signed_in.post(NEW, data={**FORM, "skills": ["listening"], "client_uuid": str(uuid.uuid4())})
    assert offline.status_code == 303
    refused = signed_in.post(NEW, data={**FORM, "skills": ["juggling"], "client_uuid": str(uuid.uuid4())})
    assert refused.status_code == 422
