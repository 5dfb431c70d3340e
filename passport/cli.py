"""``flask passport ...`` commands for set-up and administration."""

from __future__ import annotations

from flask.cli import AppGroup

passport_cli = AppGroup("passport", help="Career Passport administration.")
