"""Browser hardening on every response (issue 7, item 7): what the browser may load, run,
frame, send on and use, whatever page, error or file the response is.

The policy and the reasons for each part are in docs/decisions.md ("Security headers").
"""

from __future__ import annotations

from flask import Flask
from flask import request
from flask import Response

# No inline script, no eval, no inline style: htmx is configured for it in base.html
# (allowEval false, includeIndicatorStyles false, allowScriptTags false).
# worker-src blob: the vendored qr-scanner 1.4.2 starts its decoder as a Worker made from a
# Blob of its own code (qr-scanner-worker.min.js: ``new Worker(URL.createObjectURL(...))``);
# blob: there admits only workers this page's own scripts made, nothing from elsewhere.
# img-src data: the photo fallback of the scanner draws the chosen file through a data URL.
# media-src 'self' blob: the camera stream plays in a <video> (a MediaStream, not a URL) and
# some browsers report it as blob:.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

# Features no page uses are off everywhere; the camera only where scanning happens.
_DENIED = (
    "geolocation=()",
    "microphone=()",
    "payment=()",
    "usb=()",
    "serial=()",
    "bluetooth=()",
    "hid=()",
    "midi=()",
    "magnetometer=()",
    "gyroscope=()",
    "accelerometer=()",
    "display-capture=()",
    "interest-cohort=()",
    "browsing-topics=()",
)
PERMISSIONS_POLICY = ", ".join(("camera=()", *_DENIED))
SCANNING_PERMISSIONS_POLICY = ", ".join(("camera=(self)", *_DENIED))

# The pages that load static/js/scan.js (templates/pupil/scan.html): the scan page and the
# check-in form's answer, which re-renders that page when a full-page post is refused.
SCANNING_ENDPOINTS = frozenset({"pupil.scan", "pupil.checkin"})

# no-referrer: a verifier link (/v/<secret>), a pass (/p/<token>) and a check-in link
# (/c/<token>) carry their secret in the path; no click or subresource may send it on.
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def permissions_policy(endpoint: str | None) -> str:
    """The Permissions-Policy for a page of ``endpoint``: the camera only where it scans."""
    return SCANNING_PERMISSIONS_POLICY if endpoint in SCANNING_ENDPOINTS else PERMISSIONS_POLICY


# Public pages a school's own website may show in a frame (issue 11 item 8): any https site.
EMBEDDABLE_ENDPOINTS = frozenset({"website.careers"})
EMBEDDABLE_CSP = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors https:")


def add_security_headers(response: Response) -> Response:
    """Set the hardening headers on ``response``; HSTS only on https (``request.is_secure``
    honours X-Forwarded-Proto when ProxyFix trusts the proxy)."""
    for name, value in HEADERS.items():
        response.headers[name] = value
    if request.endpoint in EMBEDDABLE_ENDPOINTS:
        response.headers["Content-Security-Policy"] = EMBEDDABLE_CSP
        del response.headers["X-Frame-Options"]
    response.headers["Permissions-Policy"] = permissions_policy(request.endpoint)
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    return response


def register_security(app: Flask) -> None:
    """Install the headers, the public address checks and the one builder of absolute links
    (passport/documents/links.py), which templates call as ``public_url(endpoint, ...)``."""
    from .documents.links import configure_public_address
    from .documents.links import public_url

    configure_public_address(app)
    app.jinja_env.globals["public_url"] = public_url
    app.after_request(add_security_headers)
