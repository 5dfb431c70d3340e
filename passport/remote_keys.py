"""The published keys of another Career Passport install, for checking the confirmations in a
record brought from one of its schools (docs/portability.md). Only installs the operator named
in ``TRUSTED_INSTALLS`` are asked: an export names its own keys file, and a forger could
publish keys of their own, so the file's word alone is never enough."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from flask import current_app

KEYS_PATH = "/.well-known/passport-keys.json"
MAX_BYTES = 1024 * 1024
TIMEOUT_SECONDS = 5


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A trusted install's keys are at its own address: a redirect elsewhere is not followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, "redirect not followed", headers, fp)


_OPENER = urllib.request.build_opener(_NoRedirects)


def trusted_installs() -> list[str]:
    """The addresses in ``TRUSTED_INSTALLS``, without a trailing slash."""
    configured = current_app.config.get("TRUSTED_INSTALLS") or ""
    if isinstance(configured, str):
        configured = configured.replace(",", " ").split()
    return [address.rstrip("/") for address in configured if address.strip()]


def install_of(keys_url: str) -> str | None:
    """The trusted install whose keys file ``keys_url`` is, or None."""
    for address in trusted_installs():
        if keys_url == address + KEYS_PATH:
            return address
    return None


def fetch_keys(install: str) -> dict[str, dict]:
    """The keys ``install`` publishes, by key id; {} when it cannot be reached or its answer is
    not a keys file (the entries then come across as not confirmed, never as confirmed)."""
    if urlsplit(install).scheme not in {"http", "https"}:
        return {}
    try:
        with _OPENER.open(install + KEYS_PATH, timeout=TIMEOUT_SECONDS) as answer:
            keys = json.loads(answer.read(MAX_BYTES + 1)[:MAX_BYTES])["keys"]
        return {key["kid"]: key for key in keys if isinstance(key, dict) and "kid" in key}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
