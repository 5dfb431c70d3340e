"""What kind of fetch a request is: the pupil opening a page, or the service worker saving it
for offline use in the background (templates/pwa/sw.js ``warm`` marks those). A background save
must change nothing the pupil would notice: it reads no comments and takes no flashed message."""

from __future__ import annotations

from flask import get_flashed_messages
from flask import request
from flask.sessions import SecureCookieSessionInterface


def is_warm() -> bool:
    """Whether the service worker is saving this page in the background (it says so)."""
    return request.headers.get("X-Passport-Warm") == "1"


def is_real_open() -> bool:
    """Whether this request is the pupil opening the page: not a background save, and a
    navigation. A navigation the worker passes on keeps ``Sec-Fetch-Mode: navigate`` (its
    ``Sec-Fetch-Dest`` becomes ``empty``); a browser that sends neither header is taken at its word."""
    if is_warm():
        return False
    return request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"


def flashed_messages() -> list[tuple[str, str]]:
    """The messages waiting for the pupil, taken only by a page they see: a background save that
    lands between a form's redirect and its page would otherwise take "Saved" with it (and keep
    it in the offline copy)."""
    if is_warm():
        return []
    return get_flashed_messages(with_categories=True)


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie is sent back when the session changed, and otherwise (to renew its
    expiry) only on a page the user opens: never on a background fetch that changed nothing (the
    service worker saving pages, sync.js sending the outbox). Such a fetch started before a form
    was sent can answer after it, and its cookie, older, would replace the one the form's answer
    set: a flashed "Saved" (kept in the cookie) would be lost on the page after the redirect."""

    def should_set_cookie(self, app, session) -> bool:
        if session.modified:
            return True
        return super().should_set_cookie(app, session) and is_real_open()
