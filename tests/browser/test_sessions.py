"""A lost phone, in Chromium (issue 7, item 3): the pupil signs out on every device from
another one, without JavaScript needed for it, and the lost phone's session is refused."""

from __future__ import annotations

import functools

import pytest
from playwright.sync_api import expect

from .conftest import sign_in_as

pytestmark = pytest.mark.browser


sign_in = functools.partial(sign_in_as, lands="**/passport/")


def test_signing_out_on_every_device_from_a_laptop_ends_the_lost_phones_session(
    new_context, pupil, screenshot
):
    lost_phone = new_context().new_page()
    sign_in(lost_phone, pupil.user.username)
    laptop = new_context(java_script_enabled=False).new_page()
    sign_in(laptop, pupil.user.username)
    laptop.get_by_role("contentinfo").get_by_role("link", name="Your account").click()
    laptop.get_by_role("link", name="Sign out on every device").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Sign out on every device?")
    screenshot(laptop, "sign-out-everywhere-360")
    laptop.get_by_role("button", name="Yes, sign out everywhere").click()
    laptop.wait_for_url("**/login")
    expect(laptop.get_by_text("You are signed out on every phone and computer")).to_be_visible()
    # The lost phone's cookie is still there, but the server refuses it.
    gone = lost_phone.context.request.get("/passport/", max_redirects=0)
    assert gone.status == 302 and "/login" in gone.headers["location"]
