"""The check-in screen: a code that is valid for now and changes every slot, the typed code,
the live count, no caching, the self-refreshing fragment, and who may open it."""

import re
import time
from datetime import timedelta

import pytest
from passport.documents.qr import qr_svg
from passport.domain import tokens
from passport.extensions import db
from passport.models import CheckinClaim
from passport.models import Role
from passport.models._base import utcnow
from passport.operations import events as ops
from passport.queries.events import checkin_key

from tests import factories
from tests.conftest import _empty_tables
from tests.conftest import AuthActions
from tests.conftest import close_connections
from tests.conftest import make_test_app


def text(response) -> str:
    return response.get_data(as_text=True)


def shown_token(html: str) -> str:
    return re.search(r'data-token="([^"]+)"', html).group(1)


def shown_typed(html: str) -> str:
    return "".join(re.findall(r'<span aria-hidden="true">([A-Z0-9]{3})</span>', html))


@pytest.fixture
def tutor(school):
    return factories.make_staff(school, Role.TUTOR)


@pytest.fixture
def event(school):
    return factories.make_event(school, title="Spring fair", place="Sports hall")


def claim(event, pupil) -> None:
    db.session.add(
        CheckinClaim(
            school_id=event.school_id, event_id=event.id, pupil_id=pupil.id, slot=1, method="qr",
            scanned_at=utcnow(),
        )
    )
    db.session.commit()


def test_the_screen_shows_a_valid_code_the_typed_code_and_the_count(app, client, auth, school, tutor, event):
    for _ in range(3):
        claim(event, factories.make_pupil(school))
    auth.login(tutor.username)
    response = client.get(f"/staff/events/{event.id}/checkin")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = text(response)
    assert "<h1>Spring fair</h1>" in page and "Sports hall" in page
    token = shown_token(page)
    parsed = tokens.parse_checkin(token)
    key = checkin_key(event)
    now_slot = tokens.slot_at(time.time(), app.config["CHECKIN_SLOT_SECONDS"])
    tokens.check_checkin(key, parsed, at_slot=now_slot, tolerance=1, first_slot=0, last_slot=10**12)
    assert parsed.event_code == event.public_code
    assert shown_typed(page) == tokens.typed_code(key, parsed.slot)
    assert 'class="qr"' in page and 'aria-label="Check-in code for Spring fair.' in page
    assert "<strong>3</strong> pupils checked in" in page
    # The QR carries the link into the app, so a phone's own camera lands somewhere useful.
    label = "Check-in code for Spring fair. Scan it in your Career Passport."
    assert str(qr_svg(f"http://localhost/c/{token}", label=label)) in page


def test_the_fragment_is_the_self_replacing_code_block(client, auth, tutor, event):
    auth.login(tutor.username)
    response = client.get(f"/staff/events/{event.id}/checkin/code")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    fragment = text(response).strip()
    assert fragment.startswith('<div id="checkin-code"') and "<html" not in fragment
    assert f'hx-get="/staff/events/{event.id}/checkin/code"' in fragment
    assert 'hx-trigger="every 20s"' in fragment and 'hx-swap="outerHTML"' in fragment
    # The no-JavaScript fallback reloads the page; inside the fragment htmx would make it live.
    assert "http-equiv" not in fragment
    page = text(client.get(f"/staff/events/{event.id}/checkin"))
    assert '<noscript><meta http-equiv="refresh" content="20"></noscript>' in page
    assert "pupils checked in" in fragment and shown_token(fragment)


@pytest.mark.parametrize(("slot_seconds", "every"), [(30, 20), (45, 30), (2, 1), (1, 1)])
def test_it_refreshes_about_every_two_thirds_of_a_slot(_schema, slot_seconds, every):
    app = make_test_app(_schema, CHECKIN_SLOT_SECONDS=slot_seconds)
    try:
        with app.app_context():
            school = factories.make_school()
            event = factories.make_event(school)
            tutor = factories.make_staff(school, Role.TUTOR)
            client = app.test_client()
            AuthActions(client).login(tutor.username)
            fragment = text(client.get(f"/staff/events/{event.id}/checkin/code"))
            assert f'hx-trigger="every {every}s"' in fragment
    finally:
        _empty_tables(app)
        close_connections(app)


@pytest.fixture
def fast_app(_schema):
    """The app with 2-second slots, so a test can watch the code change."""
    app = make_test_app(_schema, CHECKIN_SLOT_SECONDS=2)
    with app.app_context():
        yield app
    _empty_tables(app)
    close_connections(app)


def test_the_code_changes_when_the_slot_passes(fast_app):
    school = factories.make_school()
    event = factories.make_event(school)
    client = fast_app.test_client()
    AuthActions(client).login(factories.make_staff(school, Role.TUTOR).username)
    url = f"/staff/events/{event.id}/checkin/code"

    # Start just after a slot begins, so two requests a moment apart share it.
    time.sleep(2 - time.time() % 2 + 0.05)
    first, again = text(client.get(url)), text(client.get(url))
    assert shown_token(first) == shown_token(again)
    time.sleep(2 - time.time() % 2 + 0.05)
    later = text(client.get(url))

    before, after = tokens.parse_checkin(shown_token(first)), tokens.parse_checkin(shown_token(later))
    assert after.slot == before.slot + 1
    assert shown_token(later) != shown_token(first)
    assert shown_typed(later) != shown_typed(first)
    key = checkin_key(event)
    assert shown_typed(later) == tokens.typed_code(key, after.slot)
    # The old code is still accepted within the tolerance, and refused beyond it.
    tokens.check_checkin(key, before, at_slot=after.slot, tolerance=1, first_slot=0, last_slot=10**12)
    with pytest.raises(tokens.TokenError):
        tokens.check_checkin(key, before, at_slot=after.slot + 2, tolerance=1, first_slot=0, last_slot=10**12)


@pytest.mark.parametrize(
    ("shift", "cancel", "says", "polls"),
    [
        pytest.param(timedelta(hours=2), False, "Check-in opens at", True, id="not-yet"),
        pytest.param(-timedelta(hours=4), False, "This event has ended", False, id="ended"),
        pytest.param(timedelta(0), True, "This event was cancelled.", False, id="cancelled"),
    ],
)
def test_outside_the_window_it_says_so_instead_of_showing_a_code(
    client, auth, school, tutor, shift, cancel, says, polls
):
    now, hour = utcnow(), timedelta(hours=1)
    event = factories.make_event(school, starts_at=now - hour + shift, ends_at=now + hour + shift)
    if cancel:
        ops.cancel_event(event, tutor)
    auth.login(tutor.username)
    for url in (f"/staff/events/{event.id}/checkin", f"/staff/events/{event.id}/checkin/code"):
        page = text(client.get(url))
        assert says in page
        assert "data-token" not in page and 'class="qr"' not in page and "/c/" not in page
        assert ("hx-trigger" in page) is polls


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param("careers-leader", 200, id="careers-leader"),
        pytest.param("tutor", 200, id="tutor-of-the-school"),
        pytest.param("pupil", 403, id="pupil"),
        pytest.param("other-school-leader", 404, id="careers-leader-of-another-school"),
        pytest.param("other-school-tutor", 404, id="tutor-of-another-school"),
    ],
)
def test_staff_of_the_events_school_may_open_the_screen(client, auth, school, event, who, status):
    elm = factories.make_school("Elm", "elm") if who.startswith("other") else None
    user = {
        "careers-leader": lambda: factories.make_staff(school, Role.CAREERS_LEADER),
        "tutor": lambda: factories.make_staff(school, Role.TUTOR),
        "pupil": lambda: factories.make_pupil(school).user,
        "other-school-leader": lambda: factories.make_staff(elm, Role.CAREERS_LEADER),
        "other-school-tutor": lambda: factories.make_staff(elm, Role.TUTOR),
    }[who]()
    auth.login(user.username)
    for url in (f"/staff/events/{event.id}/checkin", f"/staff/events/{event.id}/checkin/code"):
        response = client.get(url)
        assert response.status_code == status, url
        assert ("data-token" in text(response)) is (status == 200)


def test_anonymous_users_go_to_sign_in(client, event):
    response = client.get(f"/staff/events/{event.id}/checkin")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
