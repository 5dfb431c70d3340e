"""The school's published careers page (issue 11 item 8; requirements item 35): saved by the
careers leader, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import clock
from ..extensions import db
from ..models import CareersPage
from ..models import Role
from ..models import User
from . import audit


@dataclass(frozen=True)
class PageData:
    leader_name: str
    leader_email: str
    leader_phone: str
    summary: str
    impact: str
    next_review: date


class PageRefused(ValueError):
    pass


def save_page(actor: User, data: PageData) -> CareersPage:
    if actor.role is not Role.CAREERS_LEADER:
        raise PageRefused("Only the careers leader publishes the careers page.")
    page = db.session.get(CareersPage, actor.school_id)
    if page is None:
        page = CareersPage(school_id=actor.school_id)
        db.session.add(page)
    page.leader_name, page.leader_email = data.leader_name.strip(), data.leader_email.strip()
    page.leader_phone, page.summary = data.leader_phone.strip(), data.summary.strip()
    page.impact, page.next_review = data.impact.strip(), data.next_review
    page.updated_at, page.updated_by_id = clock.utcnow(), actor.id
    audit.log(
        actor, actor.school_id, "careers_page_saved", actor.school, next_review=data.next_review.isoformat()
    )
    db.session.commit()
    return page
