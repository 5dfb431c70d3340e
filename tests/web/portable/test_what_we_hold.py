"""The pupil's "what we hold about you" page (requirements item 38) and its downloads."""

from __future__ import annotations

import html

from passport.queries import held_data

from tests.web.portable.helpers import full_record


def test_item_38_the_page_lists_every_kind_who_sees_it_and_for_how_long(client, auth, school, pupil):
    full_record(school, pupil)
    auth.login(pupil.user.username)
    response = client.get("/passport/your-data")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    for kind in held_data.for_pupils():
        assert kind.title in page and kind.who in page and kind.how_long in page
    assert 'href="/passport/export.json"' in page and 'href="/passport/badges.zip"' in page


def test_with_nothing_confirmed_there_is_no_badge_download(client, auth, pupil):
    auth.login(pupil.user.username)
    page = client.get("/passport/your-data").get_data(as_text=True)
    assert "/passport/export.json" in page and "/passport/badges.zip" not in page


def test_the_record_page_links_to_it(client, auth, pupil):
    auth.login(pupil.user.username)
    assert 'href="/passport/your-data"' in client.get("/passport/timeline").get_data(as_text=True)
