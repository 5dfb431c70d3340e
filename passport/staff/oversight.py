"""The careers leader's log of which staff have looked at one pupil's record (issue 7 item 8)."""

from __future__ import annotations

from datetime import UTC

from flask import abort
from flask import render_template
from flask import request

from .. import clock
from ..queries import oversight as q
from . import bp
from .pupils import _pupil_or_404

PAGE_MAX = 100_000  # a page number past any real log; bigger numbers are refused, not queried


def _page_number() -> int:
    """``?page=N`` (1 by default); 404 for anything that is not a page number in range."""
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or not 1 <= int(raw) <= PAGE_MAX:
        abort(404)
    return int(raw)


@bp.get("/groups/<int:group_id>/pupils/<int:pupil_id>/views", endpoint="record_views")
def record_views(group_id: int, pupil_id: int):
    """Who has looked at this pupil's record, newest first, 25 a page. Only the careers
    leader (passport/access.py): a tutor may not see their colleagues' reads (403)."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    log = q.views_of(pupil, _page_number())
    return render_template(
        "staff/record_views.html", group=group, pupil=pupil, log=log, labels=q.PAGE_LABELS,
        in_england=lambda at: at.replace(tzinfo=UTC).astimezone(clock.LONDON),
    )
