"""An event's check-in screen for a laptop or projector: a QR code and a typed code that change
every slot (CHECKIN_SLOT_SECONDS), and how many pupils have checked in. Any member of staff of
the event's school may open it (a tutor running the hall, as well as the careers leader)."""

from __future__ import annotations

from flask import abort
from flask import current_app
from flask import make_response
from flask import render_template
from flask import Response
from flask_login import current_user

from ..domain import event_times
from ..domain.event_times import WindowState
from ..htmx import render_block
from ..models._base import utcnow
from ..queries import events as q
from . import bp

TEMPLATE = "staff/checkin.html"


def refresh_seconds() -> int:
    """How often the screen asks for a fresh code: about two-thirds of a slot, so a code is
    never shown long after its slot ends, and at least once a second."""
    return max(1, round(current_app.config["CHECKIN_SLOT_SECONDS"] * 2 / 3))


def _event_or_404(event_id: int):
    event = q.event_or_none(current_user.school_id, event_id)
    if event is None:
        abort(404)
    return event


def _code_context(event) -> dict:
    """The code for now, or why there is none, and the live count."""
    now = utcnow()
    state = q.window_state(event, now)
    url = token = typed = None
    if state is WindowState.OPEN:
        url, token, typed = q.checkin_url(event, now)
    return {
        "event": event, "state": state, "url": url, "token": token, "typed": typed,
        "checkins": q.checkin_count(event), "refresh": refresh_seconds(),
        "polling": state in (WindowState.NOT_YET, WindowState.OPEN),
        "opens_at": event_times.describe_moment(event.starts_at),
    }


def _fresh(response: Response) -> Response:
    """A code must never come from a cache: it would be stale (and a screenshot of it, kept)."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/events/<int:event_id>/checkin")
def checkin_screen(event_id: int):
    """The full-screen check-in page, which refreshes its code by itself."""
    event = _event_or_404(event_id)
    return _fresh(make_response(render_template(TEMPLATE, **_code_context(event))))


@bp.get("/events/<int:event_id>/checkin/code")
def checkin_code(event_id: int):
    """The self-replacing code fragment the screen polls (always a fragment)."""
    event = _event_or_404(event_id)
    return _fresh(make_response(render_block(TEMPLATE, "code", **_code_context(event))))
