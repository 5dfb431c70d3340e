"""Configuration from the environment; school rules live in the database, not here."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment() -> dict:
    """Settings read from environment variables when the app is built (see README.md)."""
    secure = _flag("SESSION_COOKIE_SECURE", True)
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'passport.sqlite3'}"
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Pupils leave tabs open all day at a fair; the token stays tied to the session instead.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "PASSWORD_HASH_METHOD": "scrypt",  # werkzeug's scrypt, n=2**15 (operations/accounts.py)
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(days=int(os.environ.get("SESSION_DAYS", "30"))),
        # Server-side sessions (passport/operations/sessions.py): staff sessions are shorter.
        "STAFF_SESSION_HOURS": int(os.environ.get("STAFF_SESSION_HOURS", "12")),
        "STAFF_IDLE_MINUTES": int(os.environ.get("STAFF_IDLE_MINUTES", "30")),
        # Sign-in throttling (passport/operations/throttle.py): slowed, never locked out.
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_IP_MAX_FAILURES": int(os.environ.get("LOGIN_IP_MAX_FAILURES", "100")),
        "LOGIN_WINDOW_MINUTES": int(os.environ.get("LOGIN_WINDOW_MINUTES", "15")),
        "LOGIN_BACKOFF_SECONDS": int(os.environ.get("LOGIN_BACKOFF_SECONDS", "30")),
        "LOGIN_BACKOFF_MAX_SECONDS": int(os.environ.get("LOGIN_BACKOFF_MAX_SECONDS", "900")),
        "DEVICE_COOKIE_DAYS": int(os.environ.get("DEVICE_COOKIE_DAYS", "365")),
        # Proxies in front of the app whose X-Forwarded-For/-Proto are believed (ProxyFix).
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "SETUP_CODE_DAYS": int(os.environ.get("SETUP_CODE_DAYS", "14")),
        # A parent's link code comes home in a letter, so it lasts longer (issue 10).
        "PARENT_CODE_DAYS": int(os.environ.get("PARENT_CODE_DAYS", "30")),
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Events and QR verification (docs/verification.md).
        "CHECKIN_SLOT_SECONDS": int(os.environ.get("CHECKIN_SLOT_SECONDS", "30")),
        "CHECKIN_TOLERANCE_SLOTS": int(os.environ.get("CHECKIN_TOLERANCE_SLOTS", "2")),
        "CHECKIN_MAX_DELAY_HOURS": int(os.environ.get("CHECKIN_MAX_DELAY_HOURS", "72")),
        "PASS_DAYS": int(os.environ.get("PASS_DAYS", "7")),
        # How long the service worker waits for a page before it shows the saved copy (captive
        # Wi-Fi that never answers); a write waits longer (templates/pwa/sw.js).
        "SW_PAGE_TIMEOUT_MS": int(os.environ.get("SW_PAGE_TIMEOUT_MS", "4000")),
        # The address people reach the app at; QR codes and links are built from it, never
        # from a request's Host. Required outside debug/testing (passport/documents/links.py).
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", ""),
        # Host names requests may carry (comma-separated); default: PUBLIC_URL's host.
        "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", ""),
        # The task queue (passport/tasks.py): unset, Huey on SQLite in instance/tasks.sqlite3;
        # redis://host:6379/0 for Redis; sqlite:////path/tasks.sqlite3 for another file.
        "TASK_QUEUE_URL": os.environ.get("TASK_QUEUE_URL", ""),
        "TASK_WORKERS": int(os.environ.get("TASK_WORKERS", "2")),
        # Other Career Passport installs whose schools' signatures an import may check
        # (space-separated addresses; docs/portability.md). Empty: only this install's schools.
        "TRUSTED_INSTALLS": os.environ.get("TRUSTED_INSTALLS", ""),
    }
