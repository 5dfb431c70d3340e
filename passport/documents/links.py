"""Absolute links for QR codes and printed documents, which leave the browser they were made in."""

from __future__ import annotations

from flask import current_app
from flask import url_for


def public_url(endpoint: str, **values) -> str:
    """``PUBLIC_URL`` (the address people reach the app at) plus the path of ``endpoint``, or
    this request's own host when PUBLIC_URL is not set."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
