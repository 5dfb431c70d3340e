"""Checking in at an event: the scan page, the claim, and ``/c/<token>``, where a phone's own
camera app lands when it reads the event's QR code. docs/verification.md, "Check-in codes".

The check-in form lives here rather than in forms.py because the sync endpoint (sync.py) and
these views are its only users and they share ``claim_from_form``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from datetime import UTC

from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField
from wtforms import StringField
from wtforms.validators import Length
from wtforms.validators import ValidationError

from ..domain import tokens
from ..extensions import db
from ..htmx import is_htmx
from ..htmx import redirect_or_hx
from ..htmx import render_page_or_block
from ..htmx import trigger
from ..models import Entry
from ..models import Event
from ..models import Role
from ..models._base import utcnow
from ..operations import checkin as ops
from ..operations.entries import AlreadyApplied
from ..operations.entries import NotYours
from . import bp

DAMAGED = "This form is damaged. Reload the page and try again."
# A scan time outside these is no phone's clock; within them, adding hours cannot overflow.
EARLIEST_SCAN = datetime(2000, 1, 1)
LATEST_SCAN = datetime(2199, 12, 31)


def parse_scanned_at(text: str | None) -> datetime | None:
    """The phone's ISO timestamp as naive UTC (a time without a zone is taken as UTC), or None
    when there is none. Raises ValueError when it is not a timestamp."""
    if not text or not text.strip():
        return None
    if not text.strip().isascii():
        raise ValueError("not an ISO timestamp")
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:  # year 1 or 9999 with an offset (issue 7, item 2)
            raise ValueError("timestamp out of range") from None
    if not EARLIEST_SCAN <= moment <= LATEST_SCAN:
        raise ValueError("timestamp out of range")
    return moment


class CheckinForm(FlaskForm):
    """A claim: the scanned ``token`` or the ``typed`` code, when it was scanned, and its id."""

    token = HiddenField(validators=[Length(max=300, message=DAMAGED)])
    typed = StringField(
        "Check-in code",
        validators=[Length(max=20, message="Check-in codes have 6 letters and numbers, like K7M2QX.")],
    )
    scanned_at = HiddenField()
    op = HiddenField()

    def validate_typed(self, field):
        if not (self.token.data or "").strip() and not (field.data or "").strip():
            raise ValidationError("Type the 6-character code from the screen, or scan it.")

    def validate_scanned_at(self, field):
        try:
            parse_scanned_at(field.data)
        except ValueError:
            raise ValidationError(DAMAGED) from None

    def validate_op(self, field):
        if field.data:
            try:
                uuid.UUID(field.data)
            except ValueError:
                raise ValidationError(DAMAGED) from None


def claim_from_form(form: CheckinForm, op: uuid.UUID | None = None) -> tuple[Entry, bool]:
    """Claim attendance with a validated form, for the signed-in pupil, received now (a claim
    with no scan time is taken as scanned now). Returns the entry and whether an earlier claim
    made it (a second scan, a replay: its ``verified_at`` is when that claim arrived). Raises
    what ``claim_attendance`` raises."""
    received_at = utcnow()
    entry = ops.claim_attendance(
        current_user.pupil,
        current_user,
        token=(form.token.data or "").strip() or None,
        typed=form.typed.data,
        scanned_at=parse_scanned_at(form.scanned_at.data) or received_at,
        received_at=received_at,
        op=op or (uuid.UUID(form.op.data) if form.op.data else uuid.uuid4()),
    )
    return entry, entry.verified_at is not None and entry.verified_at < received_at


def _fresh_form() -> CheckinForm:
    form = CheckinForm()
    form.op.data = str(uuid.uuid4())
    return form


@bp.get("/scan")
def scan():
    """Scan the event's code with the camera, from a photo, or type the code under it."""
    return render_template("pupil/scan.html", form=_fresh_form())


@bp.get("/checkin")
def checkin_page():
    """The claim is a POST; a GET (a reload, a "try again" link) goes to the scan page."""
    return redirect(url_for("pupil.scan"), 303)


def _refused(form: CheckinForm, message: str, status: int):
    form.token.data = ""  # a re-sent form must not send the refused token again
    form.scanned_at.data = ""
    return render_page_or_block("pupil/scan.html", "checkin", status=status, form=form, error=message)


@bp.post("/checkin")
def checkin():
    """Check the claim; a valid one puts a verified entry on the pupil's record."""
    form = CheckinForm()
    if not form.validate():
        message = " ".join(m for name, errs in form.errors.items() for m in errs if name != "csrf_token")
        return _refused(form, message or DAMAGED, 422)
    try:
        entry, repeat = claim_from_form(form)
    except ops.CheckinRefused as refused:
        return _refused(form, refused.message, 429 if refused.reason == "rate_limited" else 422)
    except (NotYours, AlreadyApplied):
        return _refused(form, DAMAGED, 422)
    event = db.session.get(Event, entry.event_id)
    if is_htmx():
        response = render_page_or_block(
            "pupil/checked_in.html", "checkin", status=201, entry=entry, event=event, repeat=repeat
        )
        return trigger(response, "entrySaved", {"uuid": str(entry.client_uuid)})
    if repeat:
        flash(f"You had already checked in to {event.title}. It is on your passport once.", "info")
    else:
        flash(f"You're checked in to {event.title}.", "success")
    return redirect_or_hx(url_for("pupil.entry_detail", entry_uuid=entry.client_uuid))


def landing(token: str):
    """``/c/<token>``: a pupil signed in here gets a button that makes the claim; anyone else is
    told to scan in the app (a phone's camera opens links in the browser, which on an iPhone
    does not share the installed app's sign-in)."""
    pupil = current_user.pupil if current_user.is_authenticated and current_user.role == Role.PUPIL else None
    event = None
    if pupil is not None:
        try:
            code = tokens.parse_checkin(token).event_code
        except tokens.TokenError:
            code = None
        if code:
            event = db.session.scalar(
                select(Event).where(Event.public_code == code, Event.school_id == pupil.school_id)
            )
    form = _fresh_form()
    form.token.data = token
    form.scanned_at.data = datetime.now(UTC).isoformat(timespec="seconds")
    response = make_response(render_template("pupil/checkin_link.html", form=form, pupil=pupil, event=event))
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token never leaves in a Referer
    return response


@bp.record_once
def _register_landing(state) -> None:
    # /c/ sits outside /passport and outside the pupil-only guard: whoever opens it must get
    # an answer, signed in or not.
    state.app.add_url_rule("/c/<token>", "checkin_landing", landing, methods=["GET"])
