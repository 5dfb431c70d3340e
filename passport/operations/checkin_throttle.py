"""Slowing a pupil who keeps typing wrong check-in codes, without refusing the right one for long
and without writing a row per attempt (issue 7, item 9: after 10 wrong codes even the right code
was refused for 10 minutes, and every refusal, 429s included, wrote an audit row).

A typed code is 6 characters from a 31-letter alphabet (887 million codes, a handful valid at
any moment), so guessing needs many tries: after RATE_LIMIT refusals in RATE_WINDOW each further
typed try waits a little longer, doubling up to MAX_WAIT. An honest pupil waits seconds; a script
gets about two guesses a minute. A QR token carries a 96-bit signature, which no number of tries
guesses, so scans are never made to wait. One row per pupil counts the refusals; only the first
RATE_LIMIT (and the one that starts the wait) are audited, so N refusals write O(1) rows.
"""

from __future__ import annotations

import math
from datetime import datetime
from datetime import timedelta

from ..extensions import db
from ..models import CheckinThrottle
from ..models import Pupil

RATE_LIMIT = 10  # refusals in a window that are free and each audited...
RATE_WINDOW = timedelta(minutes=10)  # ...in this long; after that, typed tries wait
MAX_WAIT = timedelta(seconds=30)


def _current(pupil: Pupil, now: datetime) -> CheckinThrottle | None:
    row = db.session.get(CheckinThrottle, pupil.id)
    if row is not None and now - row.window_started_at > RATE_WINDOW:
        row.window_started_at, row.failures, row.next_try_at = now, 0, None
    return row


def wait(pupil: Pupil, now: datetime) -> int:
    """Seconds this pupil must wait before typing another code (0: they may try now). Reads
    only: a try refused for waiting writes nothing."""
    row = db.session.get(CheckinThrottle, pupil.id)
    if row is None or row.next_try_at is None or now >= row.next_try_at:
        return 0
    if now - row.window_started_at > RATE_WINDOW:
        return 0
    return math.ceil((row.next_try_at - now).total_seconds())


def note_refusal(pupil: Pupil, now: datetime) -> bool:
    """Count one refusal in the pupil's row (the caller commits) and say whether it should be
    audited: the first RATE_LIMIT in a window, and the one that starts the wait."""
    row = _current(pupil, now)
    if row is None:
        row = CheckinThrottle(pupil_id=pupil.id, school_id=pupil.school_id, window_started_at=now, failures=0)
        db.session.add(row)
    row.failures += 1
    if row.failures > RATE_LIMIT:
        seconds = min(2 ** (row.failures - RATE_LIMIT - 1), MAX_WAIT.total_seconds())
        row.next_try_at = now + timedelta(seconds=seconds)
    return row.failures <= RATE_LIMIT + 1


def is_throttling(pupil: Pupil) -> bool:
    """Whether the pupil's refusals have passed the free allowance (for the audit row)."""
    row = db.session.get(CheckinThrottle, pupil.id)
    return row is not None and row.failures > RATE_LIMIT
