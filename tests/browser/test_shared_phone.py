"""A shared phone in real Chromium with the real service worker (issue 7, items 5 and 6).

Each owner's outbox items are sealed under that owner's key and stay when another pupil signs
in and out; the phone keeps only the owner's pupil pages; "Sync now" and "Fix it" say and keep
what the pupil needs. docs/offline.md, Shared devices.
"""

from __future__ import annotations

import uuid

import pytest
from passport.models import Role
from playwright.sync_api import expect
from playwright.sync_api import Page

from .. import factories
from .conftest import unreachable
from .test_offline import add_offline
from .test_offline import cached_pages
from .test_offline import fresh_entries
from .test_offline import outbox
from .test_offline import ready_offline
from .test_offline import sign_in
from .test_offline import wait_until
from .test_offline import wait_until_controlled

pytestmark = pytest.mark.browser

NEW_ENCOUNTER = "/passport/entries/new?kind=employer_encounter"

# The outbox as stored, read straight from IndexedDB (not through PassportOutbox): each record's
# clear fields, whether it holds ciphertext, and its bytes as text (to look for what was typed).
RAW_RECORDS = """async () => {
  const db = await new Promise((ok, fail) => {
    const r = indexedDB.open('passport'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error);
  });
  const all = (store) => new Promise((ok) => {
    const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result);
  });
  const rows = await all('outbox');
  const keys = (await all('keys')).map(k => ({owner: k.owner, extractable: k.key.extractable}));
  db.close();
  return {
    keys,
    records: rows.map(r => ({
      op: r.op, owner: r.owner, status: r.status, fields: Object.keys(r).sort(),
      ciphertext: r.data instanceof ArrayBuffer,
      text: JSON.stringify(r) + String.fromCharCode(...new Uint8Array(r.data || new ArrayBuffer(0))),
    })),
  };
}"""

# Try to open every stored record with every key this device holds: the number that open.
OPENABLE = """async () => {
  const db = await new Promise((ok) => {
    const r = indexedDB.open('passport'); r.onsuccess = () => ok(r.result);
  });
  const all = (store) => new Promise((ok) => {
    const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result);
  });
  const rows = await all('outbox'), keys = await all('keys');
  db.close();
  let opened = 0;
  for (const row of rows) {
    for (const k of keys) {
      for (const owner of [row.owner, k.owner]) {
        const aad = new TextEncoder().encode('passport-outbox|' + row.op + '|' + owner);
        try {
          await crypto.subtle.decrypt({name: 'AES-GCM', iv: row.iv, additionalData: aad}, k.key, row.data);
          opened += 1;
        } catch (e) { /* not this key */ }
      }
    }
  }
  return opened;
}"""


def stored(page: Page) -> dict:
    return page.evaluate(RAW_RECORDS)


def all_cached_urls(page: Page) -> list[str]:
    """Every URL in every cache of this origin (pages, shell, device)."""
    return page.evaluate(
        """async () => { const out = [];
             for (const name of await caches.keys()) {
               for (const r of await (await caches.open(name)).keys()) {
                 out.push(name + ' ' + new URL(r.url).pathname);
               }
             }
             return out; }"""
    )


def test_a_shared_phone_keeps_each_pupils_items_apart_sealed_and_never_deletes_anothers(
    new_context, live_server, school, screenshot
):
    """Requirement: issue 7, item 5. Amy adds items offline, her session ends (cookie cleared),
    Ben signs in: he cannot read them; Ben signs out: they survive; Amy signs in: they arrive once."""
    amy = factories.make_pupil(school, first_name="Amy", last_name="Jones")
    ben = factories.make_pupil(school, first_name="Ben", last_name="Khan")
    phone = new_context()
    page = phone.new_page()
    sign_in(page, amy.user.username)
    ready_offline(page, amy.id, [NEW_ENCOUNTER, "/passport/timeline"])
    phone.set_offline(True)
    add_offline(page, "Arup Engineering")
    add_offline(page, "Siemens Healthineers")
    mine = stored(page)
    assert [k["owner"] for k in mine["keys"]] == [str(amy.id)]
    assert all(k["extractable"] is False for k in mine["keys"])
    assert len(mine["records"]) == 2
    for record in mine["records"]:
        assert record["ciphertext"] and record["owner"] == str(amy.id)
        assert record["fields"] == ["created_at", "data", "iv", "op", "owner", "status"]
        assert "Arup" not in record["text"] and "Siemens" not in record["text"]

    # Amy's session ends with the items still waiting (her cookie is cleared); Ben signs in.
    phone.clear_cookies()
    phone.set_offline(False)
    page.goto("/passport/")
    page.wait_for_url("**/login**")
    sign_in(page, ben.user.username)
    wait_until(page, lambda: [k["owner"] for k in stored(page)["keys"]] == [str(ben.id)])
    theirs = stored(page)
    assert {r["owner"] for r in theirs["records"]} == {str(amy.id)}
    assert not any("Arup" in r["text"] for r in theirs["records"])
    assert page.evaluate(OPENABLE) == 0  # Ben's key opens none of Amy's items
    visible = page.evaluate("PassportOutbox.all()")
    assert [item.get("sealed") for item in visible] == [True, True]
    assert not any("fields" in item for item in visible)
    assert page.evaluate("fetch('/api/outbox-key').then(r => r.json()).then(b => Object.keys(b.keys))") == [
        str(ben.id)
    ]
    expect(page.locator("#sync-status")).to_contain_text("Everything is saved")
    assert not any(name.startswith(f"pages-{amy.id}") for name in page.evaluate("caches.keys()"))

    # Ben saves one thing offline too; signing out asks about his one only.
    ready_offline(page, ben.id, [NEW_ENCOUNTER, "/passport/"])
    phone.set_offline(True)
    add_offline(page, "BT Group")
    page.goto("/passport/")
    dialogs: list[str] = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    # Hold Ben's item back (a server not answering /passport/sync) so it is still unsent. Coming
    # online starts a sync at once, from the page and from the service worker's Background Sync.
    with unreachable(live_server, "/passport/sync"):
        phone.set_offline(False)
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/login**")
    assert len(dialogs) == 1 and "You have 1 thing(s) saved on this phone" in dialogs[0]
    left = stored(page)
    assert {r["owner"] for r in left["records"]} == {str(amy.id)} and len(left["records"]) == 2
    assert left["keys"] == []
    screenshot(page, "shared-phone-1-signed-out-360")

    # Amy signs in again: her key comes back and her items arrive, once.
    sign_in(page, amy.user.username)
    wait_until(page, lambda: len(fresh_entries(amy)) == 2, seconds=20)
    wait_until(page, lambda: outbox(page) == [])
    page.reload()
    page.evaluate("PassportSync.flush()")
    assert sorted(e.organisation for e in fresh_entries(amy)) == ["Arup Engineering", "Siemens Healthineers"]
    assert fresh_entries(ben) == []
    assert page.evaluate(OPENABLE) == 0 and stored(page)["records"] == []


def test_a_staff_members_pages_never_enter_any_cache(new_context, school):
    """Requirement: issue 7, item 6. Staff pages are no-store and not the pupil's: the service
    worker keeps none of them (nor the 403s of warming a staff member's browser)."""
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    group = factories.make_group(school, "9A", tutor=leader)
    pupil = factories.make_pupil(school, group=group, first_name="Amy", last_name="Jones")
    page = new_context().new_page()
    page.goto("/login")
    page.get_by_label("Username").fill(leader.username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/")
    wait_until_controlled(page)
    for url in ["/staff/", f"/staff/groups/{group.id}", f"/staff/groups/{group.id}/pupils/{pupil.id}"]:
        response = page.goto(url)
        assert response.status == 200 and response.headers["cache-control"] == "no-store"
    page.wait_for_timeout(500)  # let a warm the page asked for finish
    urls = all_cached_urls(page)
    assert urls and all(" /static/" in u or u.endswith(" /offline") for u in urls), urls


def test_a_pupils_4xx_and_missing_pages_are_never_kept(new_context, pupil):
    """Requirement: issue 7, item 6: never a 4xx/5xx. The pupil's own pages are kept."""
    page = new_context().new_page()
    sign_in(page, pupil.user.username)
    ready_offline(page, pupil.id, ["/passport/", "/passport/timeline"])
    missing = f"/passport/entries/{uuid.uuid4()}"
    assert page.goto(missing).status == 404
    assert page.goto("/staff/").status == 403
    page.goto("/passport/timeline")
    kept = cached_pages(page, pupil.id)
    assert "/passport/timeline" in kept
    assert missing not in kept
    assert not any("/staff" in u for u in all_cached_urls(page))


def test_sync_now_says_so_when_the_server_does_not_answer(new_context, pupil):
    """Requirement: issue 7, item 5: a visible, announced message, even with nothing waiting."""
    phone = new_context()
    page = phone.new_page()
    sign_in(page, pupil.user.username)
    wait_until_controlled(page)
    expect(page.locator("#sync-status")).to_contain_text("Everything is saved")
    phone.route("**/api/csrf", lambda route: route.abort("timedout"))
    page.get_by_role("button", name="Sync now").click()
    message = page.locator("#sync-status [data-sync-message]")
    expect(message).to_be_visible()
    expect(message).to_contain_text("No connection yet")
    expect(page.locator("#live")).to_contain_text("No connection yet")
    phone.unroute("**/api/csrf")
    page.get_by_role("button", name="Sync now").click()
    expect(message).to_be_hidden()


def test_fix_it_on_a_refused_reflection_refills_the_form_with_what_was_typed(new_context, pupil):
    """Requirement: issue 7, item 5: a refused reflection keeps the pupil's text."""
    entry = factories.make_entry(pupil, organisation="Rolls-Royce")
    page = new_context().new_page()
    sign_in(page, pupil.user.username)
    wait_until_controlled(page)
    url = f"/passport/entries/{entry.client_uuid}/reflection"
    too_long = "Loud and busy. " * 140  # over the 2,000 characters a reflection answer may have
    op = str(uuid.uuid4())
    page.evaluate(
        "async (item) => { await PassportOutbox.enqueue(item); }",
        {
            "op": op,
            "owner": str(pupil.id),
            "action": "reflection.save",
            "entry": str(entry.client_uuid),
            "base_version": None,
            "url": url,
            "fields": {"op": op, "version": "", "work_like": too_long, "next": "Ask about apprenticeships"},
        },
    )
    page.goto("/passport/timeline")
    item = page.locator("#pending li", has_text="under 2000 characters")
    expect(item).to_be_visible()
    item.get_by_role("link", name="Fix it").click()
    expect(page.get_by_label("What will I do next?")).to_have_value("Ask about apprenticeships")
    assert page.get_by_label("What is work like there?").input_value() == too_long
    page.get_by_label("What is work like there?").fill("Loud and busy.")
    page.get_by_role("button", name="Save reflection").click()
    wait_until(page, lambda: outbox(page) == [])
    assert fresh_entries(pupil)[0].reflection.answers["work_like"] == "Loud and busy."
