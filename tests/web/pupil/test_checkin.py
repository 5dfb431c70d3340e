"""The pupil's check-in pages: the scan page, the claim (full page and htmx fragment), the
``/c/<token>`` landing a phone's camera app opens, and check-ins replayed through the sync
endpoint. Events run now (the claim is received at the real time)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta

import pytest
from passport.extensions import db
from passport.models import CheckinClaim
from passport.models import Entry
from passport.models import Role
from passport.operations import checkin as ops
from sqlalchemy import func
from sqlalchemy import select

from tests import factories
from tests.checkin_helpers import make_checkin_event
from tests.checkin_helpers import token_at
from tests.checkin_helpers import typed_at
from tests.checkin_helpers import url_at
from tests.checkin_helpers import utc_now


@pytest.fixture
def fair(school):
    return make_checkin_event(school, starts_at=utc_now() - timedelta(hours=1))


@pytest.fixture
def signed_in(client, auth, pupil):
    auth.login(pupil.user.username)
    return client


@pytest.fixture
def hx_signed_in(signed_in):
    signed_in.environ_base["HTTP_HX_REQUEST"] = "true"
    return signed_in


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def iso(moment) -> str:
    return moment.isoformat() + "Z"


def post(client, **fields):
    data = {"op": str(uuid.uuid4()), "scanned_at": iso(utc_now()), **fields}
    return client.post("/passport/checkin", data={k: v for k, v in data.items() if v is not None})


def test_the_scan_page_offers_camera_photo_and_typed_code(signed_in):
    response = signed_in.get("/passport/scan")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Check in at an event</h1>" in page
    assert "Start camera" in page
    assert re.search(r'<input[^>]*type="file"[^>]*accept="image/\*"[^>]*capture="environment"', page)
    assert "/static/vendor/qr-scanner-1.4.2/qr-scanner.umd.min.js?v=" in page
    assert "/static/js/scan.js?v=" in page
    form = re.search(r'<form method="post" action="/passport/checkin".*?</form>', page, re.S).group(0)
    assert 'name="typed"' in form and 'name="token"' in form and 'name="scanned_at"' in form
    op = re.search(r'name="op"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="op"', form)
    assert uuid.UUID(op.group(1) or op.group(2))
    assert "data-fresh" in form and "data-offline-form" in form


def test_the_scanner_script_is_only_on_the_scan_page(signed_in):
    assert "qr-scanner" not in signed_in.get("/passport/").get_data(as_text=True)


def test_pupils_find_check_in_on_home_and_in_the_nav(signed_in):
    home = signed_in.get("/passport/").get_data(as_text=True)
    assert 'href="/passport/scan">Check in at an event</a>' in home
    assert re.search(r'<nav.*href="/passport/scan".*</nav>', home, re.S)


def test_the_scan_page_needs_a_signed_in_pupil(client):
    response = client.get("/passport/scan")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_typed_code_full_page_redirects_to_the_verified_entry(signed_in, fair):
    response = post(signed_in, typed=typed_at(fair, utc_now()))
    assert response.status_code == 303
    entry = db.session.scalar(select(Entry))
    assert response.headers["Location"] == f"/passport/entries/{entry.client_uuid}"
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "You&#39;re checked in to Year 9 careers fair." in page
    assert "Confirmed on" in page


def test_a_scanned_code_as_htmx_answers_with_the_result_and_a_link_to_reflect(hx_signed_in, fair):
    op = str(uuid.uuid4())
    response = post(hx_signed_in, token=url_at(fair, utc_now()), op=op)
    page = response.get_data(as_text=True)
    assert response.status_code == 201
    assert "<html" not in page
    assert 'id="checkin"' in page
    assert "You're checked in to Year 9 careers fair" in page
    assert re.search("Confirmed by school|Checked in", page)
    entry = db.session.scalar(select(Entry))
    assert str(entry.client_uuid) != op  # a server-random id, never the phone's (issue 7 item 1)
    assert f'href="/passport/entries/{entry.client_uuid}/reflection"' in page
    assert json.loads(response.headers["HX-Trigger"]) == {"entrySaved": {"uuid": str(entry.client_uuid)}}


def test_a_double_tap_and_a_second_scan_make_one_entry(hx_signed_in, fair):
    op = str(uuid.uuid4())
    token = token_at(fair, utc_now())
    assert post(hx_signed_in, token=token, op=op).status_code == 201
    assert post(hx_signed_in, token=token, op=op).status_code == 201
    again = post(hx_signed_in, typed=typed_at(fair, utc_now()))
    assert again.status_code == 201
    assert "You had already checked in to Year 9 careers fair" in again.get_data(as_text=True)
    assert count(Entry) == 1 and count(CheckinClaim) == 1


def test_a_refused_code_is_422_with_the_message_and_keeps_what_was_typed(signed_in, fair):
    response = post(signed_in, typed="abcdef")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<h1>Check in at an event</h1>" in page  # the full page
    assert ops.REFUSALS["typed_no_match"] in page
    assert 'value="abcdef"' in page
    assert count(Entry) == 0


def test_a_photo_of_an_old_code_is_refused_as_a_fragment(hx_signed_in, fair):
    response = post(hx_signed_in, token=token_at(fair, utc_now() - timedelta(minutes=10)))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<h1>" not in page and 'id="checkin"' in page
    assert "That code has expired. Scan the code on the screen now." in page
    token_input = re.search(r'<input[^>]*name="token"[^>]*>', page).group(0)
    assert 'value=""' in token_input or "value=" not in token_input  # not sent again


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"typed": ""}, "Type the 6-character code from the screen, or scan it.", id="nothing"),
        pytest.param({"typed": "K7M2QX", "scanned_at": "yesterday"}, "This form is damaged", id="bad-time"),
        pytest.param({"typed": "K7M2QX", "op": "not-a-uuid"}, "This form is damaged", id="bad-op"),
        pytest.param({"token": "hello"}, "That is not a Career Passport code", id="malformed"),
    ],
)
def test_a_broken_form_is_422_never_an_error(signed_in, fair, fields, message):
    response = post(signed_in, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_claim_without_a_scan_time_is_taken_as_now(signed_in, fair):
    response = post(signed_in, typed=typed_at(fair, utc_now()), scanned_at=None)
    assert response.status_code == 303
    assert count(Entry) == 1


def test_too_many_refusals_slow_typed_codes_with_a_429_but_never_a_scan(hx_signed_in, fair):
    # Issue 7 item 9: past the free refusals a typed code waits seconds; a scan never waits.
    for _ in range(ops.RATE_LIMIT + 1):
        assert post(hx_signed_in, typed="ABCDEF").status_code == 422
    response = post(hx_signed_in, typed=typed_at(fair, utc_now()))
    assert response.status_code == 429
    assert "Wait half a minute" in response.get_data(as_text=True)
    assert post(hx_signed_in, token=token_at(fair, utc_now())).status_code == 201


def test_a_get_of_the_claim_url_goes_to_the_scan_page(signed_in):
    response = signed_in.get("/passport/checkin")
    assert response.status_code == 303 and response.headers["Location"] == "/passport/scan"


def test_the_camera_app_link_signed_out_says_open_the_app(client, fair):
    response = client.get(f"/c/{token_at(fair, utc_now())}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Open the Career Passport app and scan there" in page
    assert 'href="/login?next=/passport/scan"' in page
    assert "Year 9 careers fair" not in page  # nothing about the event to strangers
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_camera_app_link_signed_in_confirms_then_checks_in(signed_in, fair):
    token = token_at(fair, utc_now())
    page = signed_in.get(f"/c/{token}").get_data(as_text=True)
    assert "<h1>Check in to Year 9 careers fair</h1>" in page
    form = re.search(r'<form method="post" action="/passport/checkin">.*?</form>', page, re.S).group(0)
    fields = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', form))
    fields.update(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form))
    assert fields["token"] == token
    assert uuid.UUID(fields["op"])
    response = signed_in.post("/passport/checkin", data=fields)
    assert response.status_code == 303
    assert db.session.scalar(select(Entry)).event_id == fair.id


def test_the_camera_app_link_for_another_school_names_nothing(signed_in, ctx):
    elsewhere = make_checkin_event(factories.make_school("Elm Park", "elm"), title="Elm Park fair",
                                   starts_at=utc_now() - timedelta(hours=1))
    page = signed_in.get(f"/c/{token_at(elsewhere, utc_now())}").get_data(as_text=True)
    assert "<h1>Check in to this event</h1>" in page
    assert "Elm Park" not in page


def test_the_camera_app_link_for_staff_is_the_plain_page(client, auth, school, fair):
    tutor = factories.make_staff(school, Role.TUTOR)
    auth.login(tutor.username)
    page = client.get(f"/c/{token_at(fair, utc_now())}").get_data(as_text=True)
    assert "Open the Career Passport app and scan there" in page
    assert "Sign in</a>" not in page


def sync(client, owner, *items):
    return client.post(
        "/passport/sync",
        data=json.dumps({"owner": owner, "items": list(items)}),
        content_type="application/json",
        headers={"Accept": "application/json"},
    )


def checkin_item(op=None, **fields):
    op = str(op or uuid.uuid4())
    return {"op": op, "action": "checkin.claim", "base_version": None, "fields": {"op": op, **fields}}


def test_sync_applies_an_offline_check_in_against_the_time_it_was_scanned(signed_in, pupil, fair):
    scanned = utc_now() - timedelta(minutes=40)  # scanned with no signal, synced now
    item = checkin_item(token=token_at(fair, scanned), scanned_at=iso(scanned))
    (result,) = sync(signed_in, pupil.id, item).get_json()["results"]
    entry = db.session.scalar(select(Entry))
    assert result == {"op": item["op"], "status": "applied", "url": f"/passport/entries/{entry.client_uuid}"}
    assert entry.client_created_at.replace(microsecond=0) == scanned.replace(microsecond=0)
    # The same item again (a lost answer, a second tab): one entry.
    (again,) = sync(signed_in, pupil.id, item).get_json()["results"]
    assert again["status"] == "duplicate"
    assert count(Entry) == 1


def test_sync_reports_a_refused_check_in_as_invalid_with_its_reason(app, signed_in, pupil, fair):
    stale = utc_now() - timedelta(hours=app.config["CHECKIN_MAX_DELAY_HOURS"], minutes=5)
    items = [
        checkin_item(token=token_at(fair, utc_now() - timedelta(minutes=10)), scanned_at=iso(utc_now())),
        checkin_item(typed=typed_at(fair, stale), scanned_at=iso(stale)),
        checkin_item(typed=""),
        checkin_item(typed=typed_at(fair, utc_now()), scanned_at=iso(utc_now())),
    ]
    results = sync(signed_in, pupil.id, *items).get_json()["results"]
    assert [r["status"] for r in results] == ["invalid", "invalid", "invalid", "applied"]
    assert results[0]["message"] == "That code has expired. Scan the code on the screen now."
    assert results[0]["reason"] == "expired"
    assert results[1]["reason"] == "too_late"
    assert "Type the 6-character code" in results[2]["message"]
    assert count(Entry) == 1


def test_sync_mixes_check_ins_with_other_writes(signed_in, pupil, fair):
    key = str(uuid.uuid4())
    create = {
        "op": key, "action": "entry.create", "entry": key, "base_version": None,
        "fields": {"kind": "employer_encounter", "subtype": "talk", "occurred_on": "2026-02-10",
                   "organisation": "Arup", "client_uuid": key},
    }
    claim = checkin_item(typed=typed_at(fair, utc_now()), scanned_at=iso(utc_now()))
    results = sync(signed_in, pupil.id, create, claim).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert count(Entry) == 2


def test_sync_refuses_another_pupils_check_in_op(client, auth, school, pupil, fair):
    friend = factories.make_pupil(school, first_name="Bea")
    op = uuid.uuid4()
    now = utc_now()
    token = token_at(fair, now)
    ops.claim_attendance(friend, friend.user, token=token, scanned_at=now, received_at=now, op=op)
    auth.login(pupil.user.username)
    item = checkin_item(op, typed=typed_at(fair, utc_now()))
    (result,) = sync(client, pupil.id, item).get_json()["results"]
    assert result["status"] == "forbidden"
    assert count(Entry) == 1
