"""Absolute links for QR codes, printed documents and emails, which leave the browser they were
made in, so they must never be built from a Host header an attacker chose (issue 7, item 7).

One place builds them: ``public_base()`` and ``public_url()``. ``PUBLIC_URL`` is the address
people reach the app at; outside debug and testing the app refuses to start without it. Requests
whose Host is not an allowed host are refused with 400 before anything else runs.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from flask import Flask
from flask import has_request_context
from flask import request
from flask import url_for
from werkzeug.exceptions import BadRequest
from werkzeug.sansio.utils import host_is_trusted

# Loopback names a developer's own browser and the tests' live servers use.
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def _check_public_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise RuntimeError(
            f"PUBLIC_URL must be the address people reach the app at, like "
            f"https://passport.example.org (got {value!r}; see README.md, Configuration)."
        )
    return value.rstrip("/")


def allowed_hosts(app: Flask) -> list[str]:
    """``ALLOWED_HOSTS`` when set (comma-separated names; a leading dot admits subdomains),
    otherwise PUBLIC_URL's host name; in debug and testing, loopback names as well."""
    configured = app.config.get("ALLOWED_HOSTS") or ""
    if isinstance(configured, str):
        configured = [name.strip() for name in configured.split(",")]
    hosts = [name for name in configured if name]
    if not hosts and app.config.get("PUBLIC_URL"):
        hosts.append(urlsplit(app.config["PUBLIC_URL"]).hostname)
    if app.debug or app.testing:
        hosts.extend(name for name in LOCAL_HOSTS if name not in hosts)
    return hosts


def configure_public_address(app: Flask) -> None:
    """Check PUBLIC_URL at startup (required in production, like SECRET_KEY) and let only the
    allowed hosts through (the port is not compared, so live servers on any port work)."""
    public = (app.config.get("PUBLIC_URL") or "").strip()
    if public:
        app.config["PUBLIC_URL"] = _check_public_url(public)
    elif not (app.debug or app.testing):
        raise RuntimeError(
            "Set PUBLIC_URL in the environment to the address people reach the app at, "
            "e.g. https://passport.example.org: QR codes and links are built from it "
            "(see README.md, Configuration)."
        )
    hosts = allowed_hosts(app)
    if hosts:
        app.before_request(lambda: refuse_other_hosts(hosts))


def refuse_other_hosts(hosts: list[str]) -> None:
    """400 for a request whose Host header is not one of ``hosts``. (Flask's TRUSTED_HOSTS
    does the same check but before an error page can be rendered, which then fails.)"""
    if not host_is_trusted(request.host, hosts):
        raise BadRequest("That address is not this app's.")


def public_base() -> str:
    """The address phones reach the app at, no trailing slash: ``PUBLIC_URL``; in development
    and tests without it, this request's host, which refuse_other_hosts has already checked."""
    configured = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if configured or not has_request_context():
        return configured
    return request.host_url.rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """The absolute public link of ``endpoint``: ``public_base()`` plus its path."""
    return public_base() + url_for(endpoint, **values)
