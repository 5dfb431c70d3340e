"""Browser tests: Playwright in Debian Chromium against a live server (see conftest.py)."""
