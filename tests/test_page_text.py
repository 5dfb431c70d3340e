"""The helper that takes a page's random values out before a test looks for what is not there."""

import secrets

from tests.page_text import without_random_values


def test_tokens_and_uuids_go_and_words_stay():
    token = "IjQ5ZGE3SEN0YzFk.Z2.SENabc_dEF-9A"
    page = (
        f'<meta name="csrf-token" content="{token}">'
        '<input name="op" value="0b5e6f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b">'
        '<p>SEN support for 9A, Amy Jones, apprenticeships, https://example.org/about</p>'
    )
    left = without_random_values(page)
    assert token not in left and "0b5e6f1a" not in left
    assert "<p>SEN support for 9A, Amy Jones, apprenticeships, https://example.org/about</p>" in left


def test_a_real_csrf_sized_token_is_always_taken_out():
    for _ in range(200):
        token = secrets.token_urlsafe(48)
        assert token not in without_random_values(f'<input value="{token}">')
