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
    phone on a slow connection), compressed once per file version and kept in memory."""
    if (
        request.endpoint != "static"
        or response.status_code != 200
        or response.mimetype not in COMPRESSIBLE
        or "gzip" not in request.headers.get("Accept-Encoding", "")
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
    if "gzip" not in request.headers.get("Accept-Encoding", ""):
        return response
    body = _generated.get(key)
    if body is None:
        body = _generated[key] = gzip.compress(response.get_data(), compresslevel=9, mtime=0)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
