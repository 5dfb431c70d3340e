"""Employers at events (issue 4 items 3 and 6): the verifier link, the pupil's pass as an employer
sees it (first name and year group only: requirements item 18), the confirmation (one verified
entry per organisation, pupil and event, audited with the link: item 16), abuse, and the replay
of confirmations saved on the employer's phone."""

from __future__ import annotations

import html
import json
import time
import uuid
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
from passport.domain.kinds import EntryKind
from passport.domain.kinds import Verification
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Entry
from passport.models._base import utcnow
from passport.operations import employer as employer_ops
from passport.operations import sharing
from passport.operations.employer import link_fingerprint
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.page_text import without_random_values as without_tokens
from tests.verifier_helpers import make_fair
from tests.verifier_helpers import org_named
from tests.verifier_helpers import pass_path

NOT_A_VERIFIER = (
    "This is a pupil's Career Passport pass. If you are at a careers event, open the link your "
    "school gave you first."
)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def entries_of(pupil) -> list[Entry]:
    db.session.expire_all()
    return list(db.session.scalars(select(Entry).where(Entry.pupil_id == pupil.id).order_by(Entry.id)))


def confirmations() -> list[AuditEvent]:
    rows = select(AuditEvent).where(AuditEvent.action == "employer_confirmed").order_by(AuditEvent.id)
    return list(db.session.scalars(rows))


@pytest.fixture
def fair(school):
    return make_fair(school)


@pytest.fixture
def arup(fair):
    return org_named(fair, "Arup")


@pytest.fixture
def flagged(school):
    """A pupil with every sensitive flag set: none of it may reach an employer."""
    return factories.make_pupil(
        school,
        first_name="Amy",
        last_name="Zebedee",
        year_group=9,
        group=factories.make_group(school, "9Q"),
        sen_support=True,
        ehc_plan=True,
        free_school_meals=True,
        pupil_premium=True,
        looked_after=True,
    )


@pytest.fixture
def verifier(client, arup):
    """The test client as Arup's phone, having opened Arup's verifier link."""
    response = client.get(f"/v/{arup.verifier_secret}")
    assert response.status_code == 303
    return client


def confirm(client, pupil, comment="", op=None, **headers):
    data = {"op": str(op or uuid.uuid4()), "comment": comment}
    return client.post(f"{pass_path(pupil)}/confirm", data=data, headers=headers)


# --- the verifier link ---------------------------------------------------------------------


def test_the_verifier_link_opens_a_session_for_its_organisation_and_drops_the_secret(client, arup):
    response = client.get(f"/v/{arup.verifier_secret}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/v/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert arup.verifier_secret not in cookie
    home = client.get("/v/")
    assert "You're confirming pupils for Arup at Year 9 careers fair." in text(home)
    assert "Scan a pupil's pass with your phone camera." in text(home)
    assert f'<meta name="passport-user" content="verifier:{arup.id}">' in text(home)
    assert home.headers["Cache-Control"] == "no-store"
    assert home.headers["X-Robots-Tag"] == "noindex"


def test_an_unknown_link_is_404_with_a_message(client, fair):
    response = client.get("/v/not-a-link-the-school-made-xxxxxxxx")
    assert response.status_code == 404
    assert "We do not know this link" in text(response)


@pytest.mark.parametrize(
    ("starts_in", "status", "message"),
    [
        (timedelta(hours=3), 403, "This link starts working at"),
        # Finished, and its feedback closed too (within 28 days the link opens the feedback
        # form instead: tests/web/test_feedback.py).
        (timedelta(days=-29), 410, "This event has finished"),
    ],
    ids=["not-yet", "finished-and-feedback-closed"],
)
def test_a_link_outside_its_event_window_is_refused(client, school, pupil, starts_in, status, message):
    org = org_named(make_fair(school, starts_in=starts_in), "Arup")
    response = client.get(f"/v/{org.verifier_secret}")
    assert response.status_code == status
    assert message in text(response)
    assert NOT_A_VERIFIER in text(client.get(pass_path(pupil)))  # no session was opened


def test_a_link_works_from_half_an_hour_before_the_event(client, school):
    org = org_named(make_fair(school, starts_in=timedelta(minutes=25)), "Arup")
    assert client.get(f"/v/{org.verifier_secret}").status_code == 303


def test_a_revoked_link_is_refused_and_ends_sessions_already_open(verifier, arup, pupil):
    assert verifier.get(pass_path(pupil)).status_code == 200
    arup.revoked_at = utcnow()
    db.session.commit()
    refused = verifier.get(pass_path(pupil))
    assert refused.status_code == 403
    assert "The school has turned this link off" in text(refused)
    assert "Amy" not in text(refused)
    assert confirm(verifier, pupil).status_code == 403
    assert verifier.get(f"/v/{arup.verifier_secret}").status_code == 403
    assert entries_of(pupil) == []


def test_a_reissued_link_ends_sessions_of_the_old_one(verifier, arup, pupil):
    arup.verifier_secret = "a-brand-new-secret-for-arup-000000"
    db.session.commit()
    response = verifier.get(pass_path(pupil))
    assert NOT_A_VERIFIER in text(response)
    assert "Amy" not in text(response)


def test_a_cancelled_event_closes_its_links(verifier, fair, pupil):
    fair.cancelled_at = utcnow()
    db.session.commit()
    response = verifier.get(pass_path(pupil))
    assert response.status_code == 410
    assert "cancelled" in text(response)


# --- the pass as an employer sees it -------------------------------------------------------


def without_random_values(page: str, pupil) -> str:
    """The page without its random values (the pass token, the form's op uuid, the CSRF
    token), which may spell "Z." or "2012" by chance, before looking for what must not be there."""
    return without_tokens(page.replace(pass_path(pupil), ""))


def test_without_a_verifier_link_a_pass_says_what_it_is_and_nothing_about_the_pupil(client, flagged):
    response = client.get(pass_path(flagged))
    assert response.status_code == 200
    page = without_random_values(text(response), flagged)
    assert NOT_A_VERIFIER in page
    for secret in ("Amy", "Zebedee", "Year 9", flagged.upn):
        assert secret not in page
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_the_employer_sees_first_name_and_year_group_and_nothing_else(verifier, flagged):
    flagged.user.email = "amy.private@example.org"
    db.session.commit()
    response = verifier.get(pass_path(flagged))
    assert response.status_code == 200
    page = without_random_values(text(response), flagged)
    assert "Amy" in page and "Year 9" in page
    assert "This pupil spoke with us" in page
    for secret in (
        "Zebedee",
        "Z.",
        flagged.upn,
        flagged.user.username,
        "amy.private",
        "2012",
        "SEN",
        "EHC",
        "free school meals",
        "Pupil premium",
        "looked after",
        "Looked after",
        "9Q",
    ):
        assert secret not in page, secret
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("make_path", "status", "message"),
    [
        (lambda p: "/p/not-a-pass", 400, "That is not a Career Passport pass"),
        (lambda p: "/p/P.abc.1.AAAAAAAAAAAAAAAA", 400, "That is not a Career Passport pass"),
        (lambda p: "/p/P.abcdefghijkl.1.AAAAAAAAAAAAAAAA", 400, "was not made by Career Passport"),
        (lambda p: pass_path(p)[:-4] + "AAAA", 400, "was not made by Career Passport"),
        (lambda p: pass_path(p, now=time.time() - 8 * 24 * 3600), 410, "That pass has expired"),
    ],
    ids=["malformed", "short-id", "made-up", "forged", "expired"],
)
def test_bad_passes_are_refused_with_a_clear_message(verifier, pupil, make_path, status, message):
    for response in (verifier.get(make_path(pupil)), verifier.post(make_path(pupil) + "/confirm")):
        assert response.status_code == status
        assert message in text(response)
        assert "Amy" not in text(response)
    assert entries_of(pupil) == []


TOKENS = st.text(alphabet="PAZaz09._-~%", min_size=1, max_size=80) | st.from_regex(
    r"P\.[A-Za-z0-9_-]{8,32}\.\d{1,12}\.[A-Za-z0-9_-]{16}", fullmatch=True
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=TOKENS)
def test_any_token_is_refused_cleanly_never_a_server_error(verifier, pupil, token):
    looked = verifier.get(f"/p/{token}")
    confirmed = verifier.post(f"/p/{token}/confirm", data={"op": str(uuid.uuid4())})
    for response in (looked, confirmed):
        assert response.status_code in (400, 404, 405, 410), token
        assert "Amy" not in text(response)
    assert entries_of(pupil) == []


def test_a_replaced_pass_stops_working(verifier, pupil):
    old = pass_path(pupil)
    sharing.replace_pass(pupil, pupil.user)
    response = verifier.get(old)
    assert response.status_code == 410
    assert "replaced by a newer one" in text(response)
    assert verifier.get(pass_path(pupil)).status_code == 200


def test_a_pupil_of_another_school_cannot_be_confirmed(verifier):
    elm = factories.make_school("Elm Academy", "elm")
    other = factories.make_pupil(elm, first_name="Ben")
    response = verifier.get(pass_path(other))
    assert response.status_code == 403
    assert "not from the school running this event" in text(response)
    assert "Ben" not in text(response)
    assert confirm(verifier, other).status_code == 403
    assert entries_of(other) == []


# --- confirming ----------------------------------------------------------------------------


def test_confirming_puts_one_verified_employer_entry_on_the_record_and_audits_the_link(verifier, arup, pupil):
    op = uuid.uuid4()
    response = confirm(verifier, pupil, comment="  Asked brilliant questions about bridges  ", op=op)
    assert response.status_code == 200
    assert "Confirmed: Amy, Year 9" in text(response)
    [entry] = entries_of(pupil)
    assert entry.kind is EntryKind.EMPLOYER_ENCOUNTER and entry.subtype == "fair"
    assert entry.organisation == "Arup" and entry.sector == "engineering_manufacturing" and entry.is_stem
    assert entry.occurred_on == arup.event.starts_at.date()
    assert entry.verification is Verification.VERIFIED
    assert entry.verification_method == "employer"
    assert (entry.verifier_org_id, entry.event_id) == (arup.id, arup.event_id)
    assert entry.verification_note == "Asked brilliant questions about bridges"
    assert entry.verified_by_id is None and entry.verified_at is not None
    [audit] = confirmations()
    assert (audit.subject_type, audit.subject_id, audit.actor_id) == ("EventOrganisation", arup.id, None)
    assert audit.detail["link"] == link_fingerprint(arup)
    assert arup.verifier_secret not in json.dumps(audit.detail)
    assert audit.detail["entry_uuid"] == str(entry.client_uuid)
    assert audit.detail["op"] == str(op) and audit.detail["pupil_id"] == pupil.id


def test_one_entry_per_organisation_pupil_and_event_however_often_it_is_confirmed(verifier, fair, pupil):
    op = uuid.uuid4()
    assert confirm(verifier, pupil, op=op).status_code == 200
    again = confirm(verifier, pupil, op=op)  # a double tap or a retry: the same op
    assert "already confirmed" in text(again)
    later = confirm(verifier, pupil, comment="Second time")  # scanned again: a new op
    assert later.status_code == 200 and "already confirmed" in text(later)
    assert "already confirmed Amy" in text(verifier.get(pass_path(pupil)))
    [entry] = entries_of(pupil)
    assert entry.verification_note is None
    assert len(confirmations()) == 1
    # Another organisation at the same fair is another encounter.
    verifier.get(f"/v/{org_named(fair, 'NHS Leeds').verifier_secret}")
    assert confirm(verifier, pupil).status_code == 200
    assert sorted(e.organisation for e in entries_of(pupil)) == ["Arup", "NHS Leeds"]


def test_a_confirmation_the_school_rejected_is_not_revived(verifier, school, pupil):
    confirm(verifier, pupil)
    [entry] = entries_of(pupil)
    entry.verification = Verification.REJECTED
    db.session.commit()
    confirm(verifier, pupil)
    assert [e.verification for e in entries_of(pupil)] == [Verification.REJECTED]


def test_the_confirm_fragment_for_htmx(verifier, pupil):
    response = confirm(verifier, pupil, **{"HX-Request": "true"})
    assert response.status_code == 200
    assert "Confirmed: Amy, Year 9" in text(response)
    assert "<html" not in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"op": str(uuid.uuid4()), "comment": "x" * 201}, "Keep this under 200 characters."),
        ({"op": "not-a-uuid", "comment": ""}, "This form is damaged"),
        ({"comment": "no op"}, "This form is damaged"),
    ],
)
def test_a_bad_form_is_refused_and_writes_nothing(verifier, pupil, data, message):
    response = verifier.post(f"{pass_path(pupil)}/confirm", data=data)
    assert response.status_code == 422
    assert message in text(response)
    assert entries_of(pupil) == []


def test_confirmations_are_rate_limited_per_link(verifier, school, monkeypatch):
    monkeypatch.setattr(employer_ops, "CONFIRM_LIMIT", 3)
    pupils = [factories.make_pupil(school, first_name=f"P{n}") for n in range(4)]
    assert [confirm(verifier, p).status_code for p in pupils[:3]] == [200, 200, 200]
    refused = confirm(verifier, pupils[3])
    assert refused.status_code == 429
    assert "Wait a few minutes" in text(refused)
    assert entries_of(pupils[3]) == []
    assert len(confirmations()) == 3
    # Re-confirming someone already confirmed is not a new confirmation: still answered.
    assert confirm(verifier, pupils[0]).status_code == 200


# --- a pupil is never a verifier ----------------------------------------------------------


def test_a_signed_in_pupil_cannot_open_a_verifier_link_or_confirm(client, auth, arup, pupil):
    auth.login(pupil.user.username)
    opened = client.get(f"/v/{arup.verifier_secret}")
    assert opened.status_code == 403
    assert "Pupils cannot confirm encounters" in text(opened)
    assert client.get(pass_path(pupil)).status_code == 403
    assert confirm(client, pupil).status_code == 403
    assert entries_of(pupil) == []
    assert client.get("/api/csrf").get_json()["owners"] == [str(pupil.id)]


def test_a_pupil_signing_in_on_a_verifier_phone_ends_the_verifier_session(verifier, auth, pupil):
    auth.login(pupil.user.username)
    assert confirm(verifier, pupil).status_code == 403
    assert entries_of(pupil) == []


def test_staff_signed_in_keep_their_session_beside_the_verifier_one(client, auth, school, arup, pupil):
    leader = factories.make_staff(school, factories.Role.CAREERS_LEADER)
    auth.login(leader.username)
    client.get(f"/v/{arup.verifier_secret}")
    assert client.get("/staff/").status_code == 200
    assert confirm(client, pupil).status_code == 200
    assert client.get("/api/csrf").get_json()["owners"] == [str(leader.id), f"verifier:{arup.id}"]


# --- the employer's outbox: POST /v/sync --------------------------------------------------


def item(pupil, op=None, comment="", token=None):
    op = str(op or uuid.uuid4())
    token = token or pass_path(pupil)[3:]
    return {
        "op": op,
        "action": "employer.confirm",
        "entry": None,
        "base_version": None,
        "fields": {"op": op, "comment": comment, "token": token, "who": "Amy, Year 9"},
    }


def sync(client, owner, *items):
    return client.post(
        "/v/sync",
        data=json.dumps({"owner": owner, "items": list(items)}),
        content_type="application/json",
        headers={"Accept": "application/json"},
    )


def test_the_csrf_endpoint_names_the_verifier_as_a_string(verifier, arup):
    answer = verifier.get("/api/csrf").get_json()
    assert answer["user"] == f"verifier:{arup.id}"
    assert answer["owners"] == [f"verifier:{arup.id}"]


def test_saved_confirmations_sync_once_each(verifier, arup, school, pupil):
    ben = factories.make_pupil(school, first_name="Ben")
    first, second = item(pupil, comment="Keen"), item(ben)
    owner = f"verifier:{arup.id}"
    results = sync(verifier, owner, first, second).get_json()["results"]
    assert [(r["op"], r["status"]) for r in results] == [(first["op"], "applied"), (second["op"], "applied")]
    again = sync(verifier, owner, first, second, item(pupil)).get_json()["results"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate", "duplicate"]
    assert [e.verification_note for e in entries_of(pupil)] == ["Keen"]
    assert len(entries_of(ben)) == 1
    assert len(confirmations()) == 2


def test_refused_items_say_why(verifier, arup, pupil):
    elm_pupil = factories.make_pupil(factories.make_school("Elm", "elm"))
    owner = f"verifier:{arup.id}"
    expired = pass_path(pupil, now=time.time() - 8 * 24 * 3600)[3:]
    results = sync(
        verifier,
        owner,
        item(pupil, token=expired),
        item(pupil, token="P.nonsense"),
        item(elm_pupil),
        {**item(pupil), "action": "entry.create"},
        item(pupil, comment="x" * 201),
        "not an item",
    ).get_json()["results"]
    statuses = [r["status"] for r in results]
    assert statuses == ["invalid", "invalid", "forbidden", "invalid", "invalid", "invalid"]
    assert "expired" in results[0]["message"] and "not from the school" in results[2]["message"]
    assert "under 200" in results[4]["message"]
    assert entries_of(pupil) == []


def test_sync_checks_the_owner_and_the_session(client, verifier, arup, pupil):
    assert sync(verifier, f"verifier:{arup.id + 1}", item(pupil)).status_code == 409
    assert sync(verifier, str(pupil.id), item(pupil)).status_code == 409
    stranger = client.application.test_client()
    assert sync(stranger, f"verifier:{arup.id}", item(pupil)).status_code == 401
    assert entries_of(pupil) == []


def test_confirmations_saved_during_the_event_may_sync_after_it_but_not_after_revocation(
    verifier, school, fair, arup, pupil
):
    owner = f"verifier:{arup.id}"
    fair.starts_at -= timedelta(hours=8)
    fair.ends_at -= timedelta(hours=8)
    db.session.commit()
    assert verifier.get(pass_path(pupil)).status_code == 410  # no new passes after the event
    assert verifier.get("/api/csrf").get_json()["user"] == owner
    assert sync(verifier, owner, item(pupil)).get_json()["results"][0]["status"] == "applied"
    arup.revoked_at = utcnow()
    db.session.commit()
    ben = factories.make_pupil(school, first_name="Ben")
    assert sync(verifier, owner, item(ben)).status_code == 401
    assert verifier.get("/api/csrf").status_code == 401
    assert entries_of(ben) == []


def test_a_rate_limited_batch_waits_on_the_phone(verifier, arup, school, monkeypatch):
    monkeypatch.setattr(employer_ops, "CONFIRM_LIMIT", 2)
    pupils = [factories.make_pupil(school, first_name=f"P{n}") for n in range(3)]
    response = sync(verifier, f"verifier:{arup.id}", *[item(p) for p in pupils])
    assert response.status_code == 429  # not a result per item: the phone keeps them all waiting
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 2


# --- issue 7: forgery and eligibility ---------------------------------------------------------


def test_a_verifier_link_refuses_a_pupil_the_events_check_in_refuses(client, school):
    """Issue 7 item 9: a Year 11 event's link confirmed a Year 8 pupil. Now both paths apply
    domain/eligibility.py."""
    event = make_fair(school, title="Year 11 careers fair", year_groups="11")
    client.get(f"/v/{org_named(event, 'Arup').verifier_secret}")
    year8 = factories.make_pupil(school, first_name="Dee", year_group=8)
    response = client.get(pass_path(year8))
    assert response.status_code == 403 and "not for that pupil's year group" in text(response)
    assert confirm(client, year8).status_code == 403
    assert entries_of(year8) == []
    year11 = factories.make_pupil(school, first_name="Eli", year_group=11)
    assert confirm(client, year11).status_code == 200


def test_an_entry_planted_through_sync_with_the_old_derived_id_is_never_stamped(
    client, auth, school, arup, pupil
):
    """Issue 7 item 1: the old confirmation id was uuid5(org, pupil), so a pupil (or a classmate)
    could send an entry with it first. Sent through the real offline sync, it stays theirs."""
    derived = uuid.uuid5(uuid.UUID("6f1d2c0e-4b1a-5e8f-9c3d-2a7b8e9f0a11"), f"employer:{arup.id}:{pupil.id}")
    classmate = factories.make_pupil(school, first_name="Cal")
    auth.login(classmate.user.username)
    fields = {"kind": "workplace_experience", "subtype": "workplace_visit", "occurred_on": "2026-03-10",
              "organisation": "Arup", "hours": "80", "client_uuid": str(derived)}
    item = {"op": str(derived), "action": "entry.create", "entry": str(derived), "base_version": None,
            "fields": fields}
    synced = client.post("/passport/sync", json={"owner": str(classmate.id), "items": [item]})
    assert synced.get_json()["results"][0]["status"] == "applied"
    auth.logout()
    client.get(f"/v/{arup.verifier_secret}")
    response = confirm(client, pupil)
    assert response.status_code == 200
    [entry] = entries_of(pupil)
    assert entry.verification is Verification.VERIFIED and entry.client_uuid != derived
    assert all(e.verifier_org_id is None for e in entries_of(classmate))
