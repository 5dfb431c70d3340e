"""``/manifest.webmanifest``, ``/sw.js`` (at the root, so its scope is the whole app), ``/offline``."""

from __future__ import annotations

from flask import current_app
from flask import make_response
from flask import render_template

from .. import assets
from . import bp


def _no_cache(response):
    # The browser must ask every time, so a new release reaches pupils on their next visit.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest (installability: name, icons 192/512 and maskable, standalone)."""
    response = make_response(render_template("pwa/manifest.webmanifest"))
    response.mimetype = "application/manifest+json"
    return _no_cache(response)


@bp.get("/sw.js")
def service_worker():
    """The service worker, rendered with this release's asset URLs: it changes when they do."""
    precache = [assets.asset_url(name) for name in assets.SHELL]
    body = render_template(
        "pwa/sw.js", release=assets.release(), precache=precache, outbox_url=assets.asset_url("js/outbox.js"),
        page_timeout_ms=current_app.config["SW_PAGE_TIMEOUT_MS"],
    )
    response = make_response(body)
    response.mimetype = "text/javascript"
    return _no_cache(assets.gzip_generated(response, f"sw.js {assets.release()}"))


@bp.get("/offline")
def offline():
    """What a page that was never saved on this phone shows when there is no connection."""
    return _no_cache(make_response(render_template("pwa/offline.html")))
