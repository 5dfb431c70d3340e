"""Readers for the demo school tests: the demo school as plain values, read back from the
database, and any rows that tie one school's events to another school's pupils."""

from __future__ import annotations

from datetime import date

from passport import demo
from passport.extensions import db
from passport.models import CheckinClaim
from passport.models import Entry
from passport.models import Event
from passport.models import EventOrganisation
from passport.models import GuidanceInterview
from passport.models import ParentLink
from passport.models import Pupil
from passport.models import Role
from passport.models import School
from passport.models import Target
from passport.models import TutorGroup
from passport.models import User
from passport.queries.events import provider_content
from passport.queries.events import provider_duty
from passport.queries.pupils import entries_of
from passport.queries.pupils import progress_of
from sqlalchemy import select
from sqlalchemy.orm import aliased


def snapshot(today: date) -> dict:
    """Everything the tests check about the demo school, as plain values. An entry is (kind,
    subtype, date, organisation, verification, verified at, verified by, reflection, method,
    its event's title, the organisation that confirmed it, the note)."""
    school_id = db.session.scalar(select(School.id).where(School.code == demo.SCHOOL_CODE))
    titles = dict(db.session.execute(select(Event.id, Event.title)).all())
    orgs = dict(db.session.execute(select(EventOrganisation.id, EventOrganisation.name)).all())
    pupils = []
    for pupil in db.session.scalars(select(Pupil).where(Pupil.school_id == school_id).order_by(Pupil.upn)):
        entries = entries_of(pupil)
        progress = progress_of(pupil, entries, today)
        pupils.append({
            "upn": pupil.upn, "dob": pupil.date_of_birth, "year": pupil.year_group,
            "group": pupil.tutor_group.name, "username": pupil.user.username,
            "has_password": pupil.user.password_hash is not None,
            "sen_support": pupil.sen_support, "ehc_plan": pupil.ehc_plan, "looked_after": pupil.looked_after,
            "entries": [(e.kind, e.subtype, e.occurred_on, e.organisation, e.verification, e.verified_at,
                         e.verified_by_id, e.reflection.answers if e.reflection else None,
                         e.verification_method, titles.get(e.event_id), orgs.get(e.verifier_org_id),
                         e.verification_note) for e in entries],
            "status": {c.key: c.status for c in progress.criteria},
        })
    groups = db.session.execute(
        select(TutorGroup.name, TutorGroup.year_group, User.role).join(User, TutorGroup.tutor_id == User.id)
        .where(TutorGroup.school_id == school_id)
    ).all()
    staff = db.session.execute(
        select(User.id, User.username, User.role)
        .where(User.role.not_in([Role.PUPIL, Role.PARENT]), User.school_id == school_id)
    ).all()
    child = aliased(User)
    parents = db.session.execute(
        select(User.username, child.username).join(ParentLink, ParentLink.parent_id == User.id)
        .join(child, child.id == ParentLink.pupil_id)
        .where(User.role == Role.PARENT, ParentLink.school_id == school_id).order_by(child.username)
    ).all()
    events = db.session.scalars(select(Event).where(Event.school_id == school_id).order_by(Event.starts_at))
    return {"pupils": pupils, "groups": groups, "staff": staff, "parents": parents,
            "events": [_event(e) for e in events], "interviews": _interviews(school_id),
            "targets": _targets(school_id)}


def _interviews(school_id: int) -> list[tuple]:
    """Each recorded guidance interview: (the pupil's UPN, year, EHC plan, looked after, held on,
    adviser's name, shared with the tutor, its actions as (owner, due, status))."""
    rows = db.session.scalars(
        select(GuidanceInterview)
        .where(GuidanceInterview.school_id == school_id)
        .order_by(GuidanceInterview.id)
    )
    return [
        (i.pupil.upn, i.pupil.year_group, i.pupil.ehc_plan, i.pupil.looked_after, i.held_on, i.adviser_name,
         i.shared_with_tutor, [(a.owner, a.due_on, a.status) for a in i.actions])
        for i in rows
    ]


def _targets(school_id: int) -> list[tuple]:
    """Each target: (the pupil's UPN, review date, status, the setter's role)."""
    rows = db.session.execute(
        select(Pupil.upn, Target.review_on, Target.status, User.role)
        .join(Pupil, Pupil.id == Target.pupil_id).join(User, User.id == Target.set_by_id)
        .where(Target.school_id == school_id).order_by(Target.id)
    ).all()
    return [tuple(row) for row in rows]


def _event(event: Event) -> dict:
    claims = select(CheckinClaim.method, CheckinClaim.scanned_at, CheckinClaim.received_at).where(
        CheckinClaim.event_id == event.id)
    return {
        "kind": event.kind, "title": event.title, "years": event.year_group_list,
        "starts_at": event.starts_at, "ends_at": event.ends_at, "duty": provider_duty(event),
        "content": provider_content(event),
        "organisations": [(o.name, o.sector) for o in event.organisations],
        "claims": sorted(db.session.execute(claims).all()),
    }


def crossings() -> list[int]:
    """Ids of entries and claims whose school is not that of their event, their confirming
    organisation or (a claim) their pupil."""
    def school_of(model, key):
        return select(model.school_id).where(model.id == key).scalar_subquery()

    entries = select(Entry.id).where(
        (Entry.school_id != school_of(Event, Entry.event_id))
        | (Entry.school_id != school_of(EventOrganisation, Entry.verifier_org_id))
    )
    claims = select(CheckinClaim.id).where(
        (CheckinClaim.school_id != school_of(Pupil, CheckinClaim.pupil_id))
        | (CheckinClaim.school_id != school_of(Event, CheckinClaim.event_id))
        | (CheckinClaim.entry_id.is_(None))
    )
    return [*db.session.scalars(entries), *db.session.scalars(claims)]
