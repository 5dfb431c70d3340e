"""Feedback after an event from pupils, parents and carers, and organisations, read by the
careers leader per event (issue 10 item 6; requirements items 19 and 42; 001 ¶18: the programme
is "regularly evaluated with feedback from pupils, parents, teachers and employers")."""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime
from datetime import timedelta

import pytest
from passport.domain import feedback as rules
from passport.extensions import db
from passport.models import Entry
from passport.models import EventFeedback
from passport.models import ParentLink
from passport.models import Role
from passport.operations import employer as employer_ops
from passport.operations import verification
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.verifier_helpers import make_fair
from tests.verifier_helpers import org_named
from tests.verifier_helpers import pass_path

# The fair is on now (it started an hour ago and ends in two): the verifier link's state follows
# the real clock, so the feedback window's moments are pinned relative to the fair.
AFTER = timedelta(days=2)  # after the end
LAST_DAY = timedelta(days=28) - timedelta(minutes=1)
CLOSED = timedelta(days=28) + timedelta(minutes=1)


def _at(app, moment: datetime | None) -> None:
    """Pin the app's clock (None: the real one)."""
    app.config["FIXED_NOW"] = moment.isoformat() if moment else None


@pytest.fixture
def fair(app, school):
    return make_fair(school)


@pytest.fixture
def leader(school):
    return factories.make_staff(school, Role.CAREERS_LEADER)


@pytest.fixture
def amy_went(app, fair, pupil):
    """Amy spoke with Arup at the fair (a verified entry of the event, by the real operation)."""
    entry, _new = employer_ops.confirm_pupil(org_named(fair, "Arup"), pupil, "", uuid.uuid4())
    _at(app, fair.ends_at + AFTER)
    return entry


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(EventFeedback))


def _feedback_url(entry) -> str:
    return f"/passport/entries/{entry.client_uuid}/feedback"


def test_a_pupil_who_went_gives_feedback_changes_it_and_the_leader_reads_it(
    client, auth, pupil, amy_went, fair, leader
):
    auth.login(pupil.user.username)
    page = client.get(f"/passport/entries/{amy_went.client_uuid}").get_data(as_text=True)
    assert "Tell school how Year 9 careers fair went" in page
    form = client.get(_feedback_url(amy_went))
    assert form.status_code == 200
    text = form.get_data(as_text=True)
    assert '<legend class="label">How was it?</legend>' in text and 'value="5"' in text
    op = re.search(r'name="op" type="hidden" value="([^"]+)"', text).group(1)
    sent = client.post(
        _feedback_url(amy_went), data={"rating": "4", "comment": "The engineers were kind.", "op": op}
    )
    assert sent.status_code == 303 and sent.headers["Location"].endswith(
        f"/passport/entries/{amy_went.client_uuid}"
    )
    page = client.get(f"/passport/entries/{amy_went.client_uuid}").get_data(as_text=True)
    assert "You said it was <strong>good</strong> (4 out of 5): “The engineers were kind.”" in page
    # The same form sent twice (a double tap) saves once; a new form changes it.
    client.post(_feedback_url(amy_went), data={"rating": "1", "comment": "again", "op": op})
    row = db.session.scalar(select(EventFeedback))
    assert (row.rating, row.comment) == (4, "The engineers were kind.")
    client.post(
        _feedback_url(amy_went), data={"rating": "2", "comment": "Too loud.", "op": str(uuid.uuid4())}
    )
    db.session.expire_all()
    assert _count() == 1 and db.session.scalar(select(EventFeedback.rating)) == 2
    auth.logout()

    auth.login(leader.username)
    event_page = client.get(f"/staff/events/{fair.id}").get_data(as_text=True)
    assert '<th scope="row">Pupils</th><td>1</td><td>2.0 out of 5</td>' in event_page
    assert '<th scope="row">Employers</th><td>0</td><td>None yet</td>' in event_page
    assert "2 out of 5 (not very good)</strong> from Amy Jones, Year 9" in event_page
    assert "Too loud." in event_page


def test_bad_feedback_says_why_keeps_what_was_typed_and_saves_nothing(client, hx, auth, pupil, amy_went, app):
    auth.login(pupil.user.username)
    url = _feedback_url(amy_went)
    cases = [
        ({"comment": "Loved the robots"}, "Choose a rating from 1 to 5."),
        ({"rating": "9", "comment": "Loved the robots"}, "Choose a rating from 1 to 5."),
        ({"rating": "five", "comment": "Loved the robots"}, "Choose a rating from 1 to 5."),
        ({"rating": "5", "comment": "Loved the robots " + "x" * 270}, "Keep it to 280 characters or fewer."),
    ]
    for data, message in cases:
        response = client.post(url, data={**data, "op": str(uuid.uuid4())})
        body = response.get_data(as_text=True)
        assert response.status_code == 422 and message in body
        assert "Loved the robots" in body  # what was typed is kept
    # htmx gets the form's fragment, with the same message.
    hx_client = app.test_client()
    hx_client.post("/login", data={"username": pupil.user.username, "password": factories.PASSWORD})
    fragment = hx_client.post(
        url, data={"comment": "kept", "op": str(uuid.uuid4())}, headers={"HX-Request": "true"}
    )
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 422 and "<html" not in body and 'id="feedback-form"' in body
    assert "Choose a rating from 1 to 5." in body and "kept" in body
    assert _count() == 0


def test_feedback_opens_when_the_event_starts_and_closes_28_days_after(
    app, client, auth, school, pupil, fair
):
    """domain/feedback.py: from the start of the event until FEEDBACK_DAYS after its end."""
    entry, _ = employer_ops.confirm_pupil(org_named(fair, "Arup"), pupil, "", uuid.uuid4())
    auth.login(pupil.user.username)
    url = _feedback_url(entry)
    _at(app, fair.starts_at - timedelta(minutes=1))
    early = client.post(url, data={"rating": "5", "op": str(uuid.uuid4())})
    assert early.status_code == 422 and "Feedback opens when the event starts." in early.get_data(
        as_text=True
    )
    _at(app, fair.starts_at)
    assert client.post(url, data={"rating": "5", "op": str(uuid.uuid4())}).status_code == 303  # during: open
    _at(app, fair.ends_at + LAST_DAY)
    assert client.post(url, data={"rating": "4", "op": str(uuid.uuid4())}).status_code == 303
    _at(app, fair.ends_at + CLOSED)
    page = client.get(url).get_data(as_text=True)
    assert "Feedback closed 28 days after the event." in page and 'name="rating"' not in page
    refused = client.post(url, data={"rating": "1", "comment": "late", "op": str(uuid.uuid4())})
    assert refused.status_code == 422 and "Feedback closed 28 days after the event." in refused.get_data(
        as_text=True
    )
    entry_page = client.get(f"/passport/entries/{entry.client_uuid}").get_data(as_text=True)
    assert "Change your feedback" not in entry_page and "You said it was <strong>good</strong>" in entry_page
    assert db.session.scalar(select(EventFeedback.rating)) == 4


def test_window_rules():
    """The window's edges, to the second (domain/feedback.py)."""
    from datetime import datetime
    from datetime import timedelta

    start, end = datetime(2026, 3, 10, 11), datetime(2026, 3, 10, 14)
    assert rules.window(start, end, start - timedelta(seconds=1)) is rules.Window.NOT_YET
    assert rules.window(start, end, start) is rules.Window.OPEN
    assert rules.window(start, end, end + timedelta(days=28)) is rules.Window.OPEN
    assert rules.window(start, end, end + timedelta(days=28, seconds=1)) is rules.Window.CLOSED
    assert rules.key_of(rules.FeedbackFrom.PARENT, author_id=3, pupil_id=7) == "parent:3:7"
    assert rules.summarise([(rules.FeedbackFrom.PUPIL, 4), (rules.FeedbackFrom.PUPIL, 5)])[0].average == 4.5


def test_only_pupils_who_went_give_it(app, client, auth, school, pupil, amy_went, fair):
    """Someone else's entry is not found; an entry school rejected, or of a cancelled event, takes no
    feedback; an entry of no event has nothing to rate."""
    other = factories.make_pupil(school, first_name="Bob")
    auth.login(other.user.username)
    assert client.get(_feedback_url(amy_went)).status_code == 404
    assert (
        client.post(_feedback_url(amy_went), data={"rating": "5", "op": str(uuid.uuid4())}).status_code == 404
    )
    own = factories.make_entry(other, organisation="Not an event")
    assert client.get(_feedback_url(own)).status_code == 404
    auth.logout()
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    verification.undo_decision(amy_went, leader, "Arup confirmed the wrong pupil")
    verification.reject_entry(amy_went, leader, "Not seen there")
    auth.login(pupil.user.username)
    refused = client.post(_feedback_url(amy_went), data={"rating": "5", "op": str(uuid.uuid4())})
    assert refused.status_code == 422 and "This event is not on your passport." in refused.get_data(
        as_text=True
    )
    assert "Tell school how" not in client.get(f"/passport/entries/{amy_went.client_uuid}").get_data(
        as_text=True
    )
    assert _count() == 0


def test_a_cancelled_event_takes_no_feedback(client, auth, school, pupil, amy_went, fair, leader):
    from passport.operations import events as event_ops

    event_ops.cancel_event(fair, leader)
    auth.login(pupil.user.username)
    assert "Tell school how" not in client.get(f"/passport/entries/{amy_went.client_uuid}").get_data(
        as_text=True
    )
    refused = client.post(_feedback_url(amy_went), data={"rating": "5", "op": str(uuid.uuid4())})
    assert refused.status_code == 422 and "This event was cancelled." in refused.get_data(as_text=True)
    assert _count() == 0


def test_feedback_saved_offline_reaches_the_server_exactly_once(client, auth, pupil, amy_went):
    """Requirements item 17: the phone's outbox replays the form; a second replay is a duplicate."""
    auth.login(pupil.user.username)
    op = str(uuid.uuid4())
    item = {
        "op": op,
        "action": "feedback.save",
        "entry": str(amy_went.client_uuid),
        "base_version": None,
        "fields": {"rating": "5", "comment": "Best day", "op": op},
    }

    def sync(*items):
        return client.post(
            "/passport/sync",
            data=json.dumps({"owner": str(pupil.id), "items": list(items)}),
            content_type="application/json",
            headers={"Accept": "application/json"},
        ).get_json()["results"]

    assert [r["status"] for r in sync(item)] == ["applied"]
    assert [r["status"] for r in sync(item, item)] == ["duplicate", "duplicate"]
    assert _count() == 1 and db.session.scalar(select(EventFeedback.comment)) == "Best day"
    bad = {**item, "op": str(uuid.uuid4()), "fields": {"rating": "0", "op": item["op"]}}
    bad["fields"]["op"] = bad["op"]
    result = sync(bad)[0]
    assert result["status"] == "invalid" and "Choose a rating from 1 to 5." in result["message"]


def test_a_parent_of_a_pupil_who_went_gives_feedback_and_others_cannot(
    client, auth, school, pupil, amy_went, fair, leader
):
    parent = factories.make_parent(pupil)
    link = db.session.scalar(select(ParentLink).where(ParentLink.parent_id == parent.id))
    auth.login(parent.username)
    child = client.get(f"/parents/children/{link.id}").get_data(as_text=True)
    assert "Tell school how an event went" in child and "Year 9 careers fair" in child
    url = f"/parents/children/{link.id}/events/{fair.id}/feedback"
    page = client.get(url)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    op = re.search(r'name="op" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    bad = client.post(url, data={"comment": "Amy loved it", "op": op})
    assert bad.status_code == 422 and "Amy loved it" in bad.get_data(as_text=True)
    assert client.post(url, data={"rating": "5", "comment": "Amy loved it", "op": op}).status_code == 303
    assert "you said excellent (5 out of 5)" in client.get(f"/parents/children/{link.id}").get_data(
        as_text=True
    )
    auth.logout()

    # A parent of a child who did not go: that event is not found for their child.
    bob = factories.make_pupil(school, first_name="Bob")
    other_parent = factories.make_parent(bob)
    other_link = db.session.scalar(select(ParentLink).where(ParentLink.parent_id == other_parent.id))
    auth.login(other_parent.username)
    assert client.get(f"/parents/children/{other_link.id}/events/{fair.id}/feedback").status_code == 404
    assert client.get(url).status_code == 404  # someone else's link
    assert client.post(url, data={"rating": "1", "op": str(uuid.uuid4())}).status_code == 404
    auth.logout()

    auth.login(leader.username)
    event_page = client.get(f"/staff/events/{fair.id}").get_data(as_text=True)
    assert "from Pam " in event_page and "parent or carer of Amy Jones" in event_page
    assert '<th scope="row">Parents and carers</th><td>1</td><td>5.0 out of 5</td>' in event_page
    assert db.session.scalar(select(func.count()).select_from(EventFeedback)) == 1


def test_an_organisation_gives_feedback_through_its_link_after_the_event(
    app, client, school, pupil, fair, leader
):
    """Item 19 (the organisation evaluates the activity): the verifier link, once the event is
    over, opens the feedback form and nothing else; it closes with the window."""
    during = client.get(f"/v/{org_named(fair, 'Arup').verifier_secret}")
    assert during.status_code == 303 and during.headers["Location"].endswith("/v/")
    assert "Tell the school how the event went" in client.get("/v/").get_data(as_text=True)
    # Another fair, that ended two days ago by the real clock.
    past = make_fair(school, starts_in=-(AFTER + timedelta(hours=3)), title="Spring fair")
    arup = org_named(past, "Arup")
    secret = arup.verifier_secret
    opened = client.get(f"/v/{secret}")
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/v/feedback")
    form = client.get("/v/feedback")
    assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"
    assert "How was Spring fair for Arup?" in form.get_data(as_text=True)
    # A link first opened after its event confirms no one, and sends no saved confirmation.
    ended = client.get(pass_path(pupil))
    assert ended.status_code == 410 and "This event has finished" in ended.get_data(as_text=True)
    item = {
        "op": str(uuid.uuid4()),
        "action": "employer.confirm",
        "fields": {"token": pass_path(pupil)[3:], "op": "", "comment": ""},
    }
    item["fields"]["op"] = item["op"]
    synced = client.post(
        "/v/sync",
        data=json.dumps({"owner": f"verifier:{arup.id}", "items": [item]}),
        content_type="application/json",
    )
    assert synced.status_code == 401
    assert 'name="passport-user"' not in client.get("/v/").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Entry).where(Entry.event_id == past.id)) == 0

    op = re.search(r'name="op" type="hidden" value="([^"]+)"', form.get_data(as_text=True)).group(1)
    sent = client.post("/v/feedback", data={"rating": "3", "comment": "Pupils were shy at first.", "op": op})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/v/feedback?sent=1")
    assert "Thank you" in client.get(sent.headers["Location"]).get_data(as_text=True)
    client.post(
        "/v/feedback", data={"rating": "4", "comment": "Pupils were shy at first.", "op": str(uuid.uuid4())}
    )
    assert _count() == 1 and db.session.scalar(select(EventFeedback.rating)) == 4
    _at(app, past.ends_at + CLOSED)
    assert "Feedback on this event is closed" in client.get("/v/feedback").get_data(as_text=True)
    assert client.get("/v/feedback").status_code == 410
    assert client.get(f"/v/{secret}").status_code == 410
    _at(app, None)

    # A revoked link stops at once, and says so.
    arup.revoked_at = arup.created_at
    db.session.commit()
    revoked = client.post("/v/feedback", data={"rating": "1", "op": str(uuid.uuid4())})
    assert revoked.status_code == 403 and "The school has turned this link off." in revoked.get_data(
        as_text=True
    )
    assert _count() == 1

    # Another browser with no link gives none.
    stranger = app.test_client()
    assert stranger.get("/v/feedback").status_code == 403
    assert stranger.post("/v/feedback", data={"rating": "1", "op": str(uuid.uuid4())}).status_code == 403

    staff = app.test_client()
    staff.post("/login", data={"username": leader.username, "password": factories.PASSWORD})
    page = staff.get(f"/staff/events/{past.id}").get_data(as_text=True)
    assert "4 out of 5 (good)</strong> from Arup" in page and "Pupils were shy at first." in page


def test_a_phone_that_confirmed_pupils_keeps_sending_them_after_reopening_the_link(
    app, client, school, pupil
):
    """Opening the link again after the event, for feedback, must not stop the confirmations
    saved on that phone from being sent (the late window, docs/verification.md)."""
    past = make_fair(school, starts_in=-timedelta(hours=4), hours=3)  # ended an hour ago
    arup = org_named(past, "Arup")
    with client.session_transaction() as session:  # the session the phone opened during the event
        from passport.operations.employer import link_fingerprint

        session["verifier_org"] = {"org": arup.id, "link": link_fingerprint(arup)}
    assert client.get(f"/v/{arup.verifier_secret}").headers["Location"].endswith("/v/feedback")
    assert f'content="verifier:{arup.id}"' in client.get("/v/").get_data(as_text=True)


def test_a_signed_in_pupil_gives_no_organisations_feedback(client, auth, pupil, fair):
    auth.login(pupil.user.username)
    assert client.get(f"/v/{org_named(fair, 'Arup').verifier_secret}").status_code == 403
    assert client.get("/v/feedback").status_code == 403
    assert client.post("/v/feedback", data={"rating": "1", "op": str(uuid.uuid4())}).status_code == 403
    assert _count() == 0


def test_an_old_copy_never_overwrites_newer_feedback(client, auth, pupil, amy_went):
    """A copy saved on the phone before the pupil changed their feedback online is refused with
    why (it stays on the phone), and the newer one is kept; online, a page opened before a change
    says what is saved now (409) and keeps what was typed."""
    auth.login(pupil.user.username)
    url = _feedback_url(amy_went)
    old_page = client.get(url).get_data(as_text=True)
    old_op = re.search(r'name="op" type="hidden" value="([^"]+)"', old_page).group(1)
    assert 'name="version" type="hidden" value="0"' in old_page
    client.post(
        url,
        data={
            "rating": "1",
            "comment": "Someone was horrible to me",
            "op": str(uuid.uuid4()),
            "version": "0",
        },
    )
    item = {
        "op": old_op,
        "action": "feedback.save",
        "entry": str(amy_went.client_uuid),
        "base_version": None,
        "fields": {"rating": "5", "comment": "", "op": old_op, "version": "0"},
    }
    result = client.post(
        "/passport/sync",
        data=json.dumps({"owner": str(pupil.id), "items": [item]}),
        content_type="application/json",
    ).get_json()["results"][0]
    assert result["status"] == "invalid" and "the newer one is kept" in result["message"]
    stale = client.post(
        url, data={"rating": "5", "comment": "All fine", "op": str(uuid.uuid4()), "version": "0"}
    )
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Saved now: 1 out of 5" in body and "All fine" in body
    row = db.session.scalar(select(EventFeedback))
    assert (row.rating, row.comment) == (1, "Someone was horrible to me")


def test_someone_elses_operation_id_is_refused_with_a_message(client, auth, school, pupil, amy_went, fair):
    op = str(uuid.uuid4())
    auth.login(pupil.user.username)
    client.post(_feedback_url(amy_went), data={"rating": "4", "op": op})
    auth.logout()
    bob = factories.make_pupil(school, first_name="Bob")
    bobs, _ = employer_ops.confirm_pupil(org_named(fair, "NHS Leeds"), bob, "", uuid.uuid4())
    auth.login(bob.user.username)
    response = client.post(_feedback_url(bobs), data={"rating": "1", "op": op})
    assert response.status_code == 422 and "This form is damaged" in response.get_data(as_text=True)
    assert _count() == 1


def test_a_sentence_at_the_limit_with_line_breaks_fits(client, auth, pupil, amy_went):
    """Browsers send a line break as CR LF; the page counts it as one character, and so does the
    server (boundary.FormRequest), for every form."""
    auth.login(pupil.user.username)
    comment = ("x" * 69 + "\r\n") * 4  # 280 characters counting each line break as one
    response = client.post(
        _feedback_url(amy_went), data={"rating": "3", "comment": comment, "op": str(uuid.uuid4())}
    )
    assert response.status_code == 303
    saved = db.session.scalar(select(EventFeedback.comment))
    assert len(saved) == 279 and "\r" not in saved  # the last line break is trimmed


def test_the_leaders_event_page_reads_feedback_in_a_fixed_number_of_queries(
    client, auth, school, fair, leader
):
    from tests.querycount import count_queries

    auth.login(leader.username)
    counts = []
    for n in (1, 12):
        while _count() < n:
            p = factories.make_pupil(school, first_name=f"P{_count()}")
            employer_ops.confirm_pupil(org_named(fair, "Arup"), p, "", uuid.uuid4())
            db.session.add(
                EventFeedback(
                    school_id=school.id,
                    event_id=fair.id,
                    source=rules.FeedbackFrom.PUPIL,
                    giver=rules.key_of(rules.FeedbackFrom.PUPIL, pupil_id=p.id),
                    author_id=p.id,
                    pupil_id=p.id,
                    rating=3,
                    comment="ok",
                )
            )
            db.session.commit()
        client.get(f"/staff/events/{fair.id}")
        with count_queries(db.engine) as statements:
            assert client.get(f"/staff/events/{fair.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 12
