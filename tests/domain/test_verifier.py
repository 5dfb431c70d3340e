"""When a verifier link works: the event window with its margin, revocation, cancellation, and
the late sync of confirmations saved offline."""

from datetime import datetime
from datetime import timedelta

import pytest
from passport.domain.verifier import accepts_late_sync
from passport.domain.verifier import link_state
from passport.domain.verifier import LinkFacts
from passport.domain.verifier import LinkState

STARTS = datetime(2026, 3, 10, 9, 0)
ENDS = datetime(2026, 3, 10, 12, 0)
FAIR = LinkFacts(STARTS, ENDS)
DAY = timedelta(hours=72)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (datetime(2026, 3, 10, 8, 29), LinkState.NOT_YET),
        (datetime(2026, 3, 10, 8, 30), LinkState.OPEN),  # half an hour early to set up
        (datetime(2026, 3, 10, 10, 0), LinkState.OPEN),
        (datetime(2026, 3, 10, 12, 30), LinkState.OPEN),  # and half an hour to pack away
        (datetime(2026, 3, 10, 12, 31), LinkState.ENDED),
        (datetime(2026, 3, 11, 10, 0), LinkState.ENDED),
    ],
)
def test_a_link_is_open_in_the_event_window_with_a_margin(now, state):
    assert link_state(FAIR, now) is state


def test_a_revoked_link_or_cancelled_event_never_opens():
    now = datetime(2026, 3, 10, 10, 0)
    revoked = LinkFacts(STARTS, ENDS, revoked_at=datetime(2026, 3, 10, 9, 30))
    assert link_state(revoked, now) is LinkState.REVOKED
    assert link_state(LinkFacts(STARTS, ENDS, cancelled_at=datetime(2026, 3, 1)), now) is LinkState.CANCELLED
    # Revoked later than "now" (a clock question): still open until then.
    assert link_state(LinkFacts(STARTS, ENDS, revoked_at=datetime(2026, 3, 10, 11, 0)), now) is LinkState.OPEN


@pytest.mark.parametrize(
    ("now", "accepted"),
    [
        (datetime(2026, 3, 10, 10, 0), True),
        (datetime(2026, 3, 13, 12, 30), True),  # 72 hours after the window closed
        (datetime(2026, 3, 13, 12, 31), False),
        (datetime(2026, 3, 10, 8, 0), False),  # before it opened nothing was saved
    ],
)
def test_confirmations_saved_offline_may_arrive_late_but_not_forever(now, accepted):
    assert accepts_late_sync(FAIR, now, DAY) is accepted


def test_a_revoked_link_sends_nothing_more_even_late():
    revoked = LinkFacts(STARTS, ENDS, revoked_at=datetime(2026, 3, 10, 13, 0))
    assert accepts_late_sync(revoked, datetime(2026, 3, 10, 14, 0), DAY) is False
