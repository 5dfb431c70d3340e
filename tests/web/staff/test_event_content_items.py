"""The provider-access checklist of four content items on the careers leader's event pages
(requirements item 13; 004 §15): the form, its validation, the event page, and who may."""

import re

import pytest
from passport.domain.events import ContentItem
from passport.domain.events import EventKind
from passport.domain.kinds import ProviderType
from passport.extensions import db
from passport.models import Event
from passport.models import Role
from sqlalchemy import func
from sqlalchemy import select

from tests import factories

SESSION = {
    "kind": "provider_access",
    "title": "Year 9 apprenticeships assembly",
    "day": "2026-06-15",
    "starts": "09:00",
    "ends": "10:00",
    "place": "Main hall",
    "year_groups": ["9"],
    "provider_type": "fe_college",
    "whole_year_invited": "y",
    "in_school_hours": "y",
}
LEARNING = "What learning and training with the provider is like"


@pytest.fixture
def signed_in(client, auth, leader):
    auth.login(leader.username)
    return client


def text(response) -> str:
    return response.get_data(as_text=True)


def checked(page: str) -> set[str]:
    """The content-item codes whose checkboxes are ticked on the page."""
    return {
        match.group(1)
        for match in re.finditer(r'<input[^>]*name="content_items"[^>]*value="([^"]+)"[^>]*>', page)
        if "checked" in match.group(0)
    }


def make_session(school, leader, items=()):
    return factories.make_event(
        school, actor=leader, kind=EventKind.PROVIDER_ACCESS, title="Apprenticeships assembly",
        provider_type=ProviderType.FE_COLLEGE, whole_year_invited=True, content_items=tuple(items),
    )


def test_the_form_asks_for_the_checklist_only_with_the_provider_access_questions(signed_in):
    """Requirements item 13; 004 §15. The stylesheet hides ``for-provider-access`` for other kinds,
    without JavaScript; the checklist is a fieldset with a legend and four checkboxes."""
    page = text(signed_in.get("/staff/events/new"))
    section = page[page.index('class="for-provider-access"'):page.index('class="field for-other"')]
    assert "<legend class=\"label\">What does the provider cover?</legend>" in section
    assert re.findall(r'name="content_items" type="checkbox" value="(\w+)"', section) == [
        item.value for item in ContentItem
    ]
    assert "does not change whether the session counts towards the duty" in section


def test_the_checklist_is_saved_and_the_event_page_names_what_was_missed(signed_in):
    """Requirements item 13; 004 §15."""
    items = ["questions", "provider_and_offer", "careers"]
    response = signed_in.post("/staff/events/new", data={**SESSION, "content_items": items})
    assert response.status_code == 303
    event = db.session.scalar(select(Event))
    assert event.content_item_list == ["provider_and_offer", "careers", "questions"]
    page = text(signed_in.get(response.headers["Location"]))
    assert "3 of 4 content items covered" in page
    missing = re.search(r'<ul class="content-missing">(.*?)</ul>', page, re.S).group(1)
    assert LEARNING in missing and "careers" not in missing


def test_the_checklist_does_not_decide_whether_a_session_counts(signed_in):
    """Requirements item 13: only the invitation and school hours do [001 ¶63; 004 §15]."""
    response = signed_in.post("/staff/events/new", data=SESSION)
    page = text(signed_in.get(response.headers["Location"]))
    assert "0 of 4 content items covered" in page
    assert "Counts towards the provider-access duty" in page
    assert "does not count" not in page.lower()


def test_all_four_covered(signed_in, school, leader):
    """Requirements item 13; 004 §15."""
    event = make_session(school, leader, ContentItem)
    page = text(signed_in.get(f"/staff/events/{event.id}"))
    assert "4 of 4 content items covered" in page and "Not covered" not in page


@pytest.mark.parametrize("hx", [False, True], ids=["full-page", "htmx-fragment"])
def test_an_unknown_content_item_comes_back_with_422_a_message_and_what_was_typed(signed_in, hx):
    """Requirements item 13; 004 §15: only the four items can be ticked."""
    typed = {**SESSION, "place": "The old gym", "content_items": ["careers", "homework"]}
    headers = {"HX-Request": "true"} if hx else {}
    response = signed_in.post("/staff/events/new", data=typed, headers=headers)
    assert response.status_code == 422
    page = text(response)
    assert "Choose what the provider covers from the four in the list." in page
    assert ('<html' in page) is not hx
    assert 'value="The old gym"' in page
    assert checked(page) == {"careers"}
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_other_kinds_of_event_have_no_checklist(signed_in, school, leader):
    """Requirements item 13: the checklist is for provider-access sessions."""
    response = signed_in.post(
        "/staff/events/new",
        data={**SESSION, "kind": "provider_visit", "content_items": ["careers", "homework"]},
    )
    assert response.status_code == 303
    event = db.session.scalar(select(Event))
    assert event.content_items == ""
    assert "content items" not in text(signed_in.get(f"/staff/events/{event.id}"))


def test_changing_a_session_shows_its_ticks_and_saves_new_ones(signed_in, school, leader):
    """Requirements item 13; 004 §15."""
    event = make_session(school, leader, [ContentItem.CAREERS])
    form = text(signed_in.get(f"/staff/events/{event.id}/edit"))
    assert checked(form) == {"careers"}
    ticked = ["careers", "learning_and_training"]
    response = signed_in.post(f"/staff/events/{event.id}/edit", data={**SESSION, "content_items": ticked})
    assert response.status_code == 303
    db.session.expire_all()
    assert event.content_item_list == ["careers", "learning_and_training"]


def test_another_schools_careers_leader_gets_404_and_changes_nothing(client, auth, school, leader):
    """Requirements item 13 on a multi-school install: another school's event ids tell nothing."""
    event = make_session(school, leader, [ContentItem.CAREERS])
    auth.login(factories.make_staff(factories.make_school("Elm", "elm"), Role.CAREERS_LEADER).username)
    assert client.get(f"/staff/events/{event.id}").status_code == 404
    assert client.get(f"/staff/events/{event.id}/edit").status_code == 404
    every_item = {**SESSION, "content_items": [item.value for item in ContentItem]}
    changed = client.post(f"/staff/events/{event.id}/edit", data=every_item)
    assert changed.status_code == 404
    db.session.expire_all()
    assert event.content_item_list == ["careers"]
