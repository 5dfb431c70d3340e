"""The employer's side at phone size in real headless Chromium, with the real service worker:
the pupil's pass opens offline, the employer opens their verifier link, opens the pupil's pass
URL, sees only the first name and year group, and confirms, online and with no signal (the
confirmation waits on the phone, then arrives once). Then anyone checks the proof link, and a
tampered one fails."""

from __future__ import annotations

import re
import uuid

import pytest
from passport.extensions import db
from passport.models import AuditEvent
from passport.models import Entry
from passport.operations import employer as employer_ops
from playwright.sync_api import expect
from playwright.sync_api import Page
from sqlalchemy import select

from .. import factories
from ..verifier_helpers import make_fair
from ..verifier_helpers import org_named
from .test_offline import ready_offline
from .test_offline import sign_in
from .test_offline import wait_until
from .test_offline import wait_until_controlled

pytestmark = pytest.mark.browser


def entries_of(pupil) -> list[Entry]:
    db.session.rollback()
    rows = list(db.session.scalars(select(Entry).where(Entry.pupil_id == pupil.id).order_by(Entry.id)))
    db.session.rollback()
    return rows


def confirmations() -> int:
    db.session.rollback()
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "employer_confirmed")).all()
    db.session.rollback()
    return len(rows)


def pupils_pass_url(page: Page, pupil, screenshot=None) -> str:
    """Sign the pupil in, let their phone save the pass page, and read the URL its QR carries
    (what an employer's camera opens) from the page opened with no signal."""
    sign_in(page, pupil.user.username)
    ready_offline(page, pupil.id, ["/passport/pass"])
    page.context.set_offline(True)
    page.goto("/passport/pass")
    expect(page.locator("#offline-copy")).to_be_visible()
    expect(page.locator(".pass-name")).to_have_text(pupil.user.first_name)
    expect(page.get_by_text("Show this to an employer at a stand")).to_be_visible()
    expect(page.get_by_role("img", name=f"Career Passport pass of {pupil.user.first_name}")).to_be_visible()
    url = page.locator(".pass").get_attribute("data-pass-url")
    if screenshot:
        screenshot(page, "pupil-pass-offline")
    page.context.set_offline(False)
    return url


def test_an_employer_confirms_pupils_online_and_with_no_signal(new_context, school, pupil, screenshot):
    ben = factories.make_pupil(school, first_name="Ben", last_name="Okafor", year_group=9)
    arup = org_named(make_fair(school), "Arup")
    amy_pass = pupils_pass_url(new_context().new_page(), pupil, screenshot)
    ben_pass = pupils_pass_url(new_context().new_page(), ben)
    assert re.search(r"/p/P\.[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]{16}$", amy_pass)

    phone = new_context()
    page = phone.new_page()
    page.goto(f"/v/{arup.verifier_secret}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You're confirming pupils for Arup at Year 9 careers fair."
    )
    expect(page.get_by_text("Scan a pupil's pass with your phone camera.")).to_be_visible()
    assert page.url.endswith("/v/")  # the secret is gone from the address bar
    wait_until_controlled(page)
    screenshot(page, "employer-home")

    # Online: what the phone's camera opens from Amy's pass.
    page.goto(amy_pass)
    expect(page.get_by_role("heading", level=1)).to_have_text("Amy, Year 9")
    assert "Jones" not in page.content() and pupil.upn not in page.content()
    page.get_by_label("Anything to add? (optional, one line)").fill("Asked about apprenticeships")
    screenshot(page, "employer-confirm")
    page.get_by_role("button", name="This pupil spoke with us").click()
    expect(page.get_by_role("heading", name="Confirmed: Amy, Year 9")).to_be_focused()
    screenshot(page, "employer-confirmed")
    [entry] = entries_of(pupil)
    assert (entry.organisation, entry.verification.value, entry.verification_method) == (
        "Arup",
        "verified",
        "employer",
    )
    assert entry.verification_note == "Asked about apprenticeships"

    # The signal drops after Ben's pass has opened: the confirmation waits on the phone.
    page.goto(ben_pass)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ben, Year 9")
    phone.set_offline(True)
    page.get_by_role("button", name="This pupil spoke with us").click()
    expect(page.get_by_role("heading", name="Saved on this phone")).to_be_focused()
    expect(page.locator("#sync-status")).to_contain_text("1 waiting to send")
    screenshot(page, "employer-confirm-offline")
    [waiting] = page.evaluate("PassportOutbox.all()")
    assert waiting["owner"] == f"verifier:{arup.id}"
    assert (waiting["action"], waiting["endpoint"]) == ("employer.confirm", "/v/sync")
    assert "Okafor" not in str(waiting)
    assert entries_of(ben) == []

    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#sync-status")).to_contain_text("Every confirmation has been sent", timeout=15_000)
    wait_until(page, lambda: len(entries_of(ben)) == 1)
    # Sent once: flushing again (a second tab, a retry) changes nothing.
    page.evaluate("PassportSync.flush()")
    assert page.evaluate("PassportOutbox.all()") == []
    assert [e.organisation for e in entries_of(ben)] == ["Arup"]
    assert confirmations() == 2


def test_the_public_proof_link_checks_out_and_a_tampered_one_does_not(new_context, school, pupil, screenshot):
    arup = org_named(make_fair(school), "Arup")
    entry, _ = employer_ops.confirm_pupil(arup, pupil, "", uuid.uuid4())
    page = new_context().new_page()
    sign_in(page, pupil.user.username)
    page.goto(f"/passport/entries/{entry.client_uuid}")
    proof = page.get_by_role("region", name="Share proof")
    expect(proof.get_by_role("img", name="QR code of the proof link for this entry")).to_be_visible()
    link = proof.locator("a[href*='/verify/']").get_attribute("href")

    # Someone with no account, on another phone.
    visitor = new_context().new_page()
    visitor.goto(link)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Oakfield Academy confirms this")
    expect(visitor.locator(".lead")).to_have_text(
        re.compile(r"^Amy J\. attended Year 9 careers fair, with Arup, on \d+ \w+ 2\d{3}\.$")
    )
    screenshot(visitor, "verify-ok")

    body, signature, kid = link.rsplit("/", 1)[1].split(".")
    swapped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    visitor.goto(link.replace(body, swapped))
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(
        "This link has been changed and does not check out"
    )
    expect(visitor.get_by_text("Checks out")).to_have_count(0)
    screenshot(visitor, "verify-tampered")


def test_a_pass_opened_with_no_signal_tells_the_employer_what_to_do(new_context, school, screenshot):
    arup = org_named(make_fair(school), "Arup")
    phone = new_context()
    page = phone.new_page()
    page.goto(f"/v/{arup.verifier_secret}")
    wait_until_controlled(page)
    phone.set_offline(True)
    page.goto("/p/P.any-pass-the-camera-read")
    expect(page.get_by_role("heading", level=1, name="No connection")).to_be_visible()
    expect(page.get_by_text("A pupil's pass opens only with a connection")).to_be_visible()
    expect(page.get_by_text("Pupils you have already confirmed are saved on this phone")).to_be_visible()
    expect(page.get_by_role("link", name="Go to your passport")).to_be_hidden()
    screenshot(page, "employer-offline-pass")
