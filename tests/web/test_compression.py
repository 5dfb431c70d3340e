"""Rendered pages and JSON go gzipped when the client accepts it (issue 7, item 9, last bullet:
"HTML goes uncompressed when no proxy compresses it"), and what must be left alone is."""

from __future__ import annotations

import gzip

from flask import Response
from passport.assets import compress_dynamic
from passport.assets import MIN_COMPRESS_BYTES

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_a_page_is_gzipped_with_vary_and_decompresses_to_the_same_page(client, auth, pupil):
    auth.login(pupil.user.username)
    plain = client.get("/passport/timeline")
    packed = client.get("/passport/timeline", headers=GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in plain.headers["Vary"] and "Accept-Encoding" in packed.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data)
    head = b'name="csrf-token"'  # the same page up to its per-request token
    assert gzip.decompress(packed.data).split(head)[0] == plain.data.split(head)[0]


def test_a_client_that_refuses_gzip_gets_plain_text(client):
    response = client.get("/login", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response.headers
    assert b"<html" in response.data


def test_small_answers_are_left_plain(client):
    response = client.get("/healthz", headers=GZIP)
    assert len(response.data) < MIN_COMPRESS_BYTES
    assert "Content-Encoding" not in response.headers


def test_the_service_worker_is_gzipped_once_not_twice(client):
    response = client.get("/sw.js", headers=GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data).lstrip().startswith(b"//")


def test_static_files_stay_compressed_once_and_not_modified_stays_empty(client):
    first = client.get("/static/css/app.css", headers=GZIP)
    assert first.headers["Content-Encoding"] == "gzip"
    assert b"htmx-indicator" in gzip.decompress(first.data)
    first.close()
    with client.get("/static/css/app.css", headers={**GZIP, "If-None-Match": first.headers["ETag"]}) as again:
        assert again.status_code == 304 and again.data == b""
        assert "Content-Encoding" not in again.headers


def test_streamed_partial_and_encoded_answers_are_left_alone(app):
    big = "x" * (4 * MIN_COMPRESS_BYTES)
    with app.test_request_context(headers=GZIP):
        streamed = compress_dynamic(Response(iter([big]), mimetype="text/html"))
        assert streamed.is_streamed and "Content-Encoding" not in streamed.headers
        partial = compress_dynamic(Response(big, status=206, mimetype="text/html"))
        assert "Content-Encoding" not in partial.headers
        encoded = Response(b"already", mimetype="application/json", headers={"Content-Encoding": "br"})
        assert compress_dynamic(encoded).get_data() == b"already"
        image = compress_dynamic(Response(b"\x89PNG" * 1000, mimetype="image/png"))
        assert "Content-Encoding" not in image.headers
        page = compress_dynamic(Response(big, mimetype="text/html"))
        assert page.headers["Content-Encoding"] == "gzip" and gzip.decompress(page.get_data()) == big.encode()


def test_a_json_answer_is_gzipped(client, auth, pupil):
    """The pupil's sync answer is JSON; a big one is compressed like a page."""
    auth.login(pupil.user.username)
    items = [{"op": f"00000000-0000-4000-8000-{n:012d}", "action": "nothing"} for n in range(40)]
    body = {"owner": str(pupil.user.id), "items": items}
    response = client.post("/passport/sync", json=body, headers=GZIP)
    assert response.mimetype == "application/json"
    assert response.headers["Content-Encoding"] == "gzip"
    assert len(gzip.decompress(response.data)) >= MIN_COMPRESS_BYTES > len(response.data)
