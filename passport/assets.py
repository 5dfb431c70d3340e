"""Versioned static URLs: a file's URL changes when its content does, so caches never mix
an old page with a new script, and the service worker changes with every asset."""

from __future__ import annotations

import gzip
import hashlib
from functools import cache
from pathlib import Path

from flask import current_app
from flask import request
from flask import Response
from flask import url_for

# What the service worker precaches: the app shell every page needs.
SHELL = (
    "css/app.css",
    "vendor/htmx-2.0.11/htmx.min.js",
    "js/app.js",
    "js/outbox.js",
    "js/sync.js",
    "js/counter.js",
    "js/scan.js",
    "vendor/qr-scanner-1.4.2/qr-scanner.umd.min.js",
    "vendor/qr-scanner-1.4.2/qr-scanner-worker.min.js",
    "icons/icon-192.png",
)


@cache
def _digest(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def digest(filename: str) -> str:
    """The first ten hex digits of the file's SHA-256 (cached per file version)."""
    path = Path(current_app.static_folder) / filename
    return _digest(path, path.stat().st_mtime_ns)


def asset_url(filename: str) -> str:
    """``/static/<filename>?v=<digest>``."""
    return url_for("static", filename=filename, v=digest(filename))


def release() -> str:
    """One id for the whole set of shell assets: the service worker's cache version."""
    joined = "".join(digest(name) for name in SHELL)
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


COMPRESSIBLE = frozenset({"text/css", "text/javascript", "application/javascript", "image/svg+xml"})


@cache
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


def compress_static(response: Response) -> Response:
    """Send the app's own CSS, JavaScript and SVG gzipped to browsers that accept it (a cheap
    phone on a slow connection), compressed once per file version and kept in memory; other
    text answers as ``compress_dynamic`` says."""
    if request.endpoint != "static":
        return compress_dynamic(response)
    if (
        response.status_code != 200
        or response.mimetype not in COMPRESSIBLE
        or not accepts_gzip()
    ):
        return response
    path = Path(current_app.static_folder) / request.view_args["filename"]
    body = _gzipped(path, path.stat().st_mtime_ns)
    file_wrapper = response.response
    response.direct_passthrough = False
    response.set_data(body)
    if hasattr(file_wrapper, "close"):
        file_wrapper.close()  # the uncompressed file send_file had opened
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


_generated: dict[str, bytes] = {}


def gzip_generated(response: Response, key: str) -> Response:
    """As compress_static, for a text the app renders the same for everyone (``/sw.js``):
    compressed once per ``key`` (which must change whenever the text does)."""
    if not accepts_gzip():
        return response
    body = _generated.get(key)
    if body is None:
        body = _generated[key] = gzip.compress(response.get_data(), compresslevel=9, mtime=0)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


# Issue 7, item 9 (last bullet): pages went uncompressed when no proxy compressed them.
DYNAMIC_COMPRESSIBLE = frozenset(
    {"text/html", "application/json", "application/manifest+json", "text/plain", "text/javascript"}
)
MIN_COMPRESS_BYTES = 1024  # below this gzip's header and the CPU cost more than they save


def accepts_gzip() -> bool:
    """The client accepts gzip (``Accept-Encoding``, with a quality above 0)."""
    return request.accept_encodings["gzip"] > 0


def compress_dynamic(response: Response) -> Response:
    """Gzip a rendered text answer (a page, a fragment, JSON) of at least MIN_COMPRESS_BYTES for
    a client that accepts it, with ``Vary: Accept-Encoding``. Left alone: streamed and file
    answers (``direct_passthrough``), answers with no body (1xx, 204, 304, HEAD's is dropped
    later), partial content, and anything already encoded."""
    if (
        response.mimetype not in DYNAMIC_COMPRESSIBLE
        or response.status_code < 200
        or response.status_code in (204, 206, 304)
        or response.is_streamed
        or response.direct_passthrough
        or "Content-Encoding" in response.headers
    ):
        return response
    response.vary.add("Accept-Encoding")  # the answer depends on it, compressed or not
    if not accepts_gzip():
        return response
    body = response.get_data()
    if len(body) < MIN_COMPRESS_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag + "-gzip")  # a different representation, a different strong ETag
    return response
