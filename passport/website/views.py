"""``/schools/<code>/careers``: public, with no pupil's data; framed by any https site (the
school's own website embeds it), unlike every other page (security_headers.EMBEDDABLE)."""

from __future__ import annotations

from flask import abort
from flask import make_response
from flask import render_template
from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import CareersPage
from ..models import School
from ..queries.destinations import published
from . import bp


@bp.get("/schools/<code>/careers")
def careers(code: str):
    school = db.session.scalar(select(School).where(School.code == code))
    page = db.session.get(CareersPage, school.id) if school is not None else None
    if page is None:
        abort(404)
    destinations = published(school, clock.today())
    response = make_response(render_template(
        "website/careers.html", school=school, page=page, destinations=destinations
    ))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
