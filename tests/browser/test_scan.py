"""Checking in with the real camera path in headless Chromium (issue 4: "the pupil scans one with
the real camera path, Chromium fed a fake camera showing the code ... and the verified entry
appears, also offline-then-sync").

Chromium's fake camera plays a .y4m file; each test writes that file from a QR image of the
event's current check-in link, so the vendored qr-scanner decodes a real video frame. The server
uses short slots (10 seconds, tolerance 2: a code is good for about half a minute; 2 seconds in
the offline test, so the sync happens long after the code has expired).
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import qrcode
from passport.domain import tokens
from passport.extensions import db
from passport.models import CheckinClaim
from passport.models import Entry
from passport.models import OpReceipt
from passport.operations import checkin as ops
from passport.queries.events import checkin_key
from PIL import Image
from playwright.sync_api import expect
from playwright.sync_api import Page
from sqlalchemy import select

from ..checkin_helpers import make_checkin_event
from ..checkin_helpers import utc_now
from ..conftest import make_test_app
from .conftest import browser_context
from .conftest import CHROMIUM
from .conftest import CHROMIUM_ARGS
from .conftest import PHONE
from .conftest import serve
from .test_offline import ready_offline
from .test_offline import sign_in
from .test_offline import wait_until_controlled

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 640, 480
# The tag a verified entry's card shows (its wording for check-ins may become its own).
VERIFIED_TAG = re.compile("Confirmed by school|Checked in")


def write_y4m(path: Path, text: str, frames: int = 5) -> None:
    """A few frames of a 640x480 video showing ``text`` as a QR code, centred, with a quiet zone:
    YUV4MPEG2, 4:2:0 with full-range (JPEG) chroma, as Chromium's fake camera reads it."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
    code.add_data(text)
    code.make(fit=True)
    qr = code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    scale = (HEIGHT - 80) // qr.size[0]
    qr = qr.resize((qr.size[0] * scale, qr.size[1] * scale), Image.NEAREST)
    frame = Image.new("RGB", (WIDTH, HEIGHT), "white")
    frame.paste(qr, ((WIDTH - qr.size[0]) // 2, (HEIGHT - qr.size[1]) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    planes = y.tobytes() + b"".join(plane.resize(half, Image.BILINEAR).tobytes() for plane in (cb, cr))
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"".join(b"FRAME\n" + planes for _ in range(frames)))


@pytest.fixture
def slot_seconds() -> int:
    return 10


@pytest.fixture
def server(_schema, slot_seconds) -> Iterator[str]:
    """The app with CSRF on and short check-in slots, on a free loopback port."""
    today = datetime.now(ZoneInfo("Europe/London")).date().isoformat()
    app = make_test_app(_schema, WTF_CSRF_ENABLED=True, CHECKIN_SLOT_SECONDS=slot_seconds, FIXED_TODAY=today)
    with serve(app) as url:
        yield url


@pytest.fixture
def fair(school):
    return make_checkin_event(school, starts_at=utc_now() - timedelta(hours=1), title="Year 9 careers fair")


def code_now(event, base: str, slot_seconds: int, *, seconds_ago: float = 0) -> tuple[str, str]:
    """(the link in the QR, the typed code) on the event's screen ``seconds_ago`` seconds ago
    (the same SECRET_KEY as the server's, with its slot length)."""
    slot = tokens.slot_at(time.time() - seconds_ago, slot_seconds)
    key = checkin_key(event)
    return f"{base}/c/{tokens.checkin_token(key, event.public_code, slot)}", tokens.typed_code(key, slot)


@pytest.fixture
def camera(browser, tmp_path) -> Iterator[tuple[object, Path]]:
    """A Chromium whose camera shows whatever ``video.y4m`` holds when the camera starts."""
    video = tmp_path / "video.y4m"
    write_y4m(video, "nothing yet")
    fake_camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    launched = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *fake_camera], timeout=60_000
    )
    yield launched, video
    launched.close()


@pytest.fixture
def phone_page(camera, server) -> Iterator[Page]:
    launched, _ = camera
    with browser_context(launched, server, permissions=["camera"], **PHONE) as context:
        yield context.new_page()


def entries_of(pupil) -> list[Entry]:
    db.session.rollback()
    rows = list(db.session.scalars(select(Entry).where(Entry.pupil_id == pupil.id).order_by(Entry.id)))
    db.session.rollback()
    return rows


def open_scan_page_offline(page: Page, pupil, *, opened_online_before: bool = False) -> None:
    """Sign in, wait until the service worker has saved the pupil's pages, go offline, open the scan page."""
    sign_in(page, pupil.user.username)
    wait_until_controlled(page)
    if opened_online_before:
        page.goto("/passport/scan")
        expect(page.get_by_role("button", name="Start camera")).to_be_visible()
    # The tests open the scan page and then the timeline offline: wait until both are saved.
    ready_offline(page, pupil.id, ["/passport/scan", "/passport/timeline"])
    page.context.set_offline(True)
    page.goto("/passport/scan")
    expect(page.locator("#offline-copy")).to_be_visible()


def test_the_pupil_scans_the_code_with_the_camera_and_the_verified_entry_appears(
    camera, phone_page, server, slot_seconds, pupil, fair, screenshot
):
    page = phone_page
    _, video = camera
    sign_in(page, pupil.user.username)
    page.get_by_role("link", name="Check in at an event").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check in at an event")
    expect(page.get_by_role("button", name="Start camera")).to_be_visible()
    screenshot(page, "scan-1-page-360")

    # A photo of a code from two minutes ago: the camera reads it, the server refuses it.
    old_link, _ = code_now(fair, server, slot_seconds, seconds_ago=120)
    write_y4m(video, old_link)
    page.get_by_role("button", name="Start camera").click()
    expect(page.get_by_role("alert")).to_contain_text("That code has expired", timeout=15_000)
    assert entries_of(pupil) == []
    screenshot(page, "scan-2-old-code-refused-360")

    # The code on the screen now.
    link, _ = code_now(fair, server, slot_seconds)
    write_y4m(video, link)
    page.get_by_role("button", name="Start camera").click()
    heading = page.get_by_role("heading", name="You're checked in to Year 9 careers fair")
    expect(heading).to_be_visible(timeout=15_000)
    expect(heading).to_be_focused()
    expect(page.locator("#checkin .entry-card")).to_contain_text(VERIFIED_TAG)
    screenshot(page, "scan-3-checked-in-360")

    (entry,) = entries_of(pupil)
    assert entry.verification.value == "verified"
    assert entry.verification_method == "event_code"
    assert entry.event_id == fair.id
    assert entry.organisation == "Year 9 careers fair"
    db.session.rollback()
    claim = db.session.scalar(select(CheckinClaim))
    assert claim.method == "qr"
    assert abs((claim.received_at - claim.scanned_at).total_seconds()) < 15
    db.session.rollback()

    page.get_by_role("link", name="Reflect on it now").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Year 9 careers fair")


@pytest.mark.parametrize("slot_seconds", [2])
def test_a_check_in_made_offline_waits_then_arrives_verified_exactly_once(
    camera, phone_page, server, slot_seconds, pupil, fair, screenshot
):
    page = phone_page
    open_scan_page_offline(page, pupil)
    # Never opened online on this phone, yet the scanner works offline: it is part of the app
    # shell the service worker precaches (passport/assets.py SHELL). The typed code works too.
    expect(page.get_by_role("button", name="Start camera")).to_be_visible()
    _, typed = code_now(fair, server, slot_seconds)
    page.get_by_label("Check-in code").fill(typed.lower())
    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.get_by_role("heading", name="Check-in saved on this phone")).to_be_focused()
    screenshot(page, "scan-4-saved-offline-360")
    assert entries_of(pupil) == []

    page.goto("/passport/timeline")
    pending = page.locator("#pending")
    expect(pending.locator("li")).to_have_count(1)
    expect(pending).to_contain_text("Check-in at an event")
    expect(pending).to_contain_text("waiting to sync")
    screenshot(page, "scan-5-waiting-360")
    (item,) = page.evaluate("PassportOutbox.all()")
    assert item["action"] == "checkin.claim"
    # Back online much later than the code lasted (2-second slots, tolerance 2): the claim is
    # checked against when it was made on the phone, so it still counts.
    page.wait_for_timeout(8_000)

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-status")).to_contain_text("Everything is saved", timeout=15_000)
    (entry,) = entries_of(pupil)
    assert entry.verification.value == "verified" and entry.event_id == fair.id
    # The entry's id is the server's own (issue 7 item 1); the phone's op names its receipt.
    assert str(entry.client_uuid) != item["op"]
    assert db.session.get(OpReceipt, uuid.UUID(item["op"])).entry_uuid == entry.client_uuid
    db.session.rollback()
    claim = db.session.scalar(select(CheckinClaim))
    assert claim.method == "typed"
    # Checked against the time the phone recorded, not the time it arrived.
    assert claim.scanned_at == datetime.fromisoformat(item["fields"]["scanned_at"]).replace(tzinfo=None)
    db.session.rollback()

    # The same claim sent again (a second tab, a lost answer): still one entry.
    page.evaluate("async (item) => { await PassportOutbox.enqueue(item); }", item)
    page.evaluate("PassportSync.flush()")
    assert page.evaluate("PassportOutbox.all()") == []
    assert len(entries_of(pupil)) == 1
    page.reload()
    expect(page.locator(".entry-card", has_text="Year 9 careers fair")).to_contain_text(VERIFIED_TAG)


def test_a_check_in_refused_on_sync_stays_on_the_phone_with_its_reason(phone_page, pupil, fair, screenshot):
    page = phone_page
    open_scan_page_offline(page, pupil, opened_online_before=True)
    # Opened online once on this phone, the scanner itself works offline too.
    expect(page.get_by_role("button", name="Start camera")).to_be_visible()
    page.get_by_label("Check-in code").fill("ABCDEF")  # a mistyped code: nothing can check it offline
    page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.get_by_role("heading", name="Check-in saved on this phone")).to_be_visible()
    page.goto("/passport/timeline")
    page.context.set_offline(False)
    page.get_by_role("button", name="Sync now").click()
    failed = page.locator("#pending .pending-failed")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("Check-in at an event")
    expect(failed).to_contain_text(ops.REFUSALS["typed_no_match"])
    expect(failed.get_by_role("link", name="Fix it")).to_have_count(0)  # scan again instead
    expect(page.locator("#sync-status")).to_contain_text("1 need your attention")
    screenshot(page, "scan-6-refused-on-sync-360")
    failed.get_by_role("button", name="Discard").click()
    expect(page.locator("#pending")).to_be_hidden()
    assert entries_of(pupil) == []
