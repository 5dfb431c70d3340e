"""A pupil's entitlement statement as a one-page A4 PDF (issue 10 item 4): this year's items,
each done, still to come or missed, with the activities that met them; read by the pupil, a
linked parent or carer, or the pupil's staff. Never reflections or flags (requirements item 30)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import current_app
from flask import render_template

from ..models import Pupil
from ..queries import entitlement as q
from .pdf import render_pdf


def render_statement_pdf(pupil: Pupil, today: date) -> bytes:
    """This year's statement of ``pupil`` on ``today``; the same record on the same day gives
    the same bytes (the document's dates are ``today``, never the clock's time)."""
    years = q.years_of(pupil, today)
    this_year = next((y for y in years if y.current), None)
    html = render_template("pdf/statement.html", pupil=pupil, year=this_year, today=today)
    return render_pdf(html, static_root=Path(current_app.static_folder))
