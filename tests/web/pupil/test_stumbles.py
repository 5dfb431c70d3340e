"""What new pupils stumbled on (issue 7 item 9), through the real app and database: the
deleted-entry page in the pupil's words, locked fields, rejected entries first on home, every
reflection to write reachable, and too much text refused with a message (never cut)."""

from __future__ import annotations

import html
import re
import uuid

import pytest
from passport.extensions import db
from passport.models import Entry
from passport.models import Role
from passport.operations import verification
from sqlalchemy import func
from sqlalchemy import select

from tests import factories

FORM = {"subtype": "talk", "occurred_on": "2026-01-15", "organisation": "Rolls-Royce"}
NEW = "/passport/entries/new?kind=employer_encounter"


def tag_of(page: str, field_id: str) -> str:
    """The opening tag of the control with this id."""
    match = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{field_id}"[^>]*>', page)
    assert match, field_id
    return match.group(0)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def signed_in(client, auth, pupil):
    auth.login(pupil.user.username)
    return client


@pytest.mark.parametrize("hx", [False, True])
def test_an_edit_after_the_entry_was_deleted_shows_the_pupils_words_only(signed_in, pupil, hx):
    entry = factories.make_entry(pupil, organisation="Arup")
    url = f"/passport/entries/{entry.client_uuid}/edit"
    db.session.delete(entry)
    db.session.commit()
    op = str(uuid.uuid4())
    data = {**FORM, "op": op, "version": "1", "description": "We built a bridge.", "is_stem": "y"}
    response = signed_in.post(url, data=data, headers={"HX-Request": "true"} if hx else {})
    page = text(response)
    assert response.status_code == 410
    assert "This entry has been deleted" in page
    assert "<dt>What happened</dt><dd class=\"prose\">We built a bridge.</dd>" in page
    assert "<dt>Organisation</dt><dd class=\"prose\">Rolls-Royce</dd>" in page
    # No field names, codes or operation ids (it said "Op f479…" and "Subtype talk").
    for internal in (op, "Op", "Subtype", "Is stem", "Occurred on", ">talk<", ">y<"):
        assert internal not in page, internal


def test_a_reflection_saved_after_the_entry_was_deleted_is_shown_under_its_questions(signed_in, pupil):
    entry = factories.make_entry(pupil)
    url = f"/passport/entries/{entry.client_uuid}/reflection"
    db.session.delete(entry)
    db.session.commit()
    response = signed_in.post(url, data={"version": "0", "op": str(uuid.uuid4()), "work_like": "Busy"})
    page = text(response)
    assert response.status_code == 410
    assert "<dt>What is work like there?</dt><dd class=\"prose\">Busy</dd>" in page
    assert "Work like" not in page and "Version" not in page


@pytest.fixture
def confirmed(school, pupil):
    """Amy's careers-fair entry with Arup, confirmed by her tutor."""
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Sam", last_name="Hill")
    entry = factories.make_entry(pupil, organisation="Arup", subtype="fair")
    return verification.verify_entry(entry, tutor)


def test_a_confirmed_entrys_locked_fields_are_shown_locked_and_still_refused(signed_in, confirmed):
    """Requirements item 16: confirmed facts are evidence; the page says so before any typing."""
    url = f"/passport/entries/{confirmed.client_uuid}/edit"
    page = text(signed_in.get(url))
    assert "Confirmed by Sam Hill on" in page and "can't change" in page
    tags = {name: tag_of(page, name) for name in ("subtype", "occurred_on", "organisation")}
    assert "readonly" in tags["organisation"] and "readonly" in tags["occurred_on"]
    assert "disabled" in tags["subtype"]  # a select cannot be readonly; a hidden copy is sent
    assert all('aria-describedby="locked-why"' in tag for tag in tags.values())
    assert '<input type="hidden" name="subtype" value="fair">' in page
    # A tampered form (the readonly attribute removed) is still refused by the server.
    form = {
        "subtype": "fair", "occurred_on": confirmed.occurred_on.isoformat(), "organisation": "Not Arup",
        "version": str(confirmed.version), "op": str(uuid.uuid4()), "client_uuid": str(confirmed.client_uuid),
    }
    response = signed_in.post(url, data=form)
    assert response.status_code == 422
    assert "cannot change" in text(response)
    db.session.expire_all()
    assert db.session.get(Entry, confirmed.id).organisation == "Arup"


def test_home_shows_rejected_entries_first_and_explains_progress(signed_in, school, pupil):
    tutor = factories.make_staff(school, Role.TUTOR, first_name="Sam", last_name="Hill")
    rejected = factories.make_entry(pupil, organisation="Greggs")
    verification.reject_entry(rejected, tutor, "Which day was it?")
    page = text(signed_in.get("/passport/"))
    assert "1 entry was not confirmed" in page
    assert "Reason from Sam Hill: Which day was it?" in page
    assert f"/passport/entries/{rejected.client_uuid}/edit" in page
    assert page.index("1 entry was not confirmed") < page.index("Your progress")
    assert "1 entry was not confirmed by school, so it does not count here." in page
    # Home does not ask for a reflection on the rejected entry.
    assert "Reflect on Greggs" not in page


def test_home_lists_every_reflection_it_counts(signed_in, pupil):
    names = [f"Firm {n}" for n in range(7)]
    for name in names:
        factories.make_entry(pupil, organisation=name)
    page = text(signed_in.get("/passport/"))
    assert "You have 7 to write." in page
    assert all(f"Reflect on {name}" in page for name in names)
    assert "Show the other 4" in page


@pytest.mark.parametrize(
    ("field", "limit"), [("description", 2000), ("organisation", 120)]
)
def test_too_much_text_is_refused_with_a_message_and_kept_never_cut(signed_in, field, limit):
    too_long = "é" * (limit + 1)
    response = signed_in.post(NEW, data={**FORM, field: too_long, "client_uuid": str(uuid.uuid4())})
    page = text(response)
    assert response.status_code == 422
    assert f"Keep this under {limit} characters." in page
    assert too_long in page  # what was typed comes back whole
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 0


def test_every_limited_text_box_has_a_counter_and_no_hard_maxlength(signed_in, pupil):
    entry = factories.make_entry(pupil)
    base = f"/passport/entries/{entry.client_uuid}"
    for url in (NEW, f"{base}/edit", f"{base}/reflection"):
        page = signed_in.get(url).get_data(as_text=True)
        assert " maxlength=" not in page, url  # the browser's limit cut pastes silently
        boxes = page.count("data-maxlength=")
        assert boxes and page.count('class="hint char-count"') == boxes, url
        assert page.count('aria-live="polite" id=') >= boxes, url
