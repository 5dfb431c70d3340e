"""A small school with one of everything, and every rule of ``app.url_map`` turned into a real
URL of it: the walks of the security-header and public-link tests (issue 7, item 7) request
every route with values that reach the view, not only its 404."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from flask import Flask
from passport.extensions import db
from passport.models import ActionOwner
from passport.models import CheckinClaim
from passport.models import DocumentKind
from passport.models import ParentLink
from passport.models import Role
from passport.models._base import utcnow
from passport.operations import batches
from passport.operations import checkin
from passport.operations import entitlement as entitlement_ops
from passport.operations import entries
from passport.operations import folder as folder_ops
from passport.operations import guidance
from passport.operations import reflections
from passport.operations import sharing
from passport.operations import targets
from passport.operations import verification
from passport.queries import events as event_queries
from sqlalchemy import select
from werkzeug.routing import Rule

from tests import factories
from tests.verifier_helpers import make_fair
from tests.verifier_helpers import pass_path


@dataclass
class World:
    """The ids and secrets the URLs of the walk are made of."""

    pupil: object
    leader: object
    args: dict[tuple[str, str], str]
    parent: object = None


def build_world(school) -> World:
    """A careers leader, a Year 9 group with a pupil who has a verified entry and an unverified
    one (both reflections shared, the verified one commented on), a target and a guidance
    interview with an action, a fair on now with two attending organisations."""
    leader = factories.make_staff(school, Role.CAREERS_LEADER)
    group = factories.make_group(school, "9A", 9)
    pupil = factories.make_pupil(school, first_name="Amy", last_name="Jones", group=group)
    verified = factories.make_entry(pupil, organisation="Arup")
    verification.verify_entry(verified, leader)
    pending = factories.make_entry(pupil, organisation="NHS Leeds")
    # Both reflections shared, the verified one with a comment: the thread routes reach their views.
    for entry in (verified, pending):
        entries.save_reflection(entry, pupil.user, {"next": "Ask about apprenticeships"}, 0, shared=True)
    reflections.post_comment(verified, leader, "What will you ask?")
    fair = make_fair(school)
    organisation = fair.organisations[0]
    _url, checkin_token, _typed = event_queries.checkin_url(fair, utcnow() - timedelta(seconds=1))
    pass_token = pass_path(pupil).removeprefix("/p/")
    late = _late_claim(school, group, fair)
    # The administration pages' staff account: a tutor (POSTs with an empty form may change it).
    colleague = factories.make_staff(school, Role.TUTOR)
    review_on = utcnow().date() + timedelta(days=7)
    target = targets.set_target(pupil, pupil.user, "Ask about apprenticeships", review_on)
    interview = guidance.record_interview(pupil, leader, guidance.InterviewData(
        held_on=date(2026, 3, 2), adviser_name="Jo Adviser", adviser_level6=True, advice="Try college.",
        actions=(guidance.ActionData("Visit the open evening", ActionOwner.PUPIL),),
    ))
    # A certificate in the pupil's folder and a batch of Year 9's folders (issue 9).
    document = folder_ops.add_document(leader, pupil, DocumentKind.CERTIFICATE, "Bronze award", _png())
    batch = batches.start_batch(leader, 9)
    # A parent linked to the pupil, and the school's own entitlement item (issue 10).
    parent = factories.make_parent(pupil)
    own_item = entitlement_ops.add_item(
        leader, 9, "By the end of Year 9 you will have been to our careers fair.", criterion_key="b5_year_9"
    )
    args = {
        ("*", "document_id"): str(document.id),
        ("*", "batch_id"): str(batch.id),
        ("*", "entry_uuid"): str(verified.client_uuid),
        ("*", "group_id"): str(group.id),
        ("*", "pupil_id"): str(pupil.id),
        ("*", "entry_id"): str(pending.id),
        ("*", "event_id"): str(fair.id),
        ("*", "organisation_id"): str(organisation.id),
        ("*", "secret"): organisation.verifier_secret,
        ("*", "statement"): sharing.statement_for(verified),
        ("*", "filename"): "css/app.css",
        ("*", "token"): pass_token,
        ("checkin_landing", "token"): checkin_token,
        ("*", "claim_id"): str(late.id),
        ("*", "user_id"): str(colleague.id),
        ("*", "target_id"): str(target.id),
        ("*", "interview_id"): str(interview.id),
        ("*", "action_id"): str(interview.actions[0].id),
        ("*", "link_id"): str(_link_id(parent)),
        ("*", "item_id"): str(own_item.id),
        ("*", "key"): "y9_employer",
        ("staff.report_pupils", "key"): "b5_year_9",
        ("*", "year_group"): "9",
        ("*", "code"): school.code,
        ("*", "fmt"): "xlsx",
    }
    return World(pupil=pupil, leader=leader, args=args, parent=parent)


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 0, 0)).save(out, "PNG")
    return out.getvalue()


def _late_claim(school, group, fair) -> CheckinClaim:
    """A classmate's check-in at the fair that reached the server six hours after its code was
    shown: one for the careers leader to review."""
    classmate = factories.make_pupil(school, first_name="Ben", last_name="Khan", group=group)
    shown = utcnow() - timedelta(seconds=1)
    _url, token, _typed = event_queries.checkin_url(fair, shown)
    checkin.claim_attendance(
        classmate, classmate.user, token=token, scanned_at=shown, received_at=shown + timedelta(hours=6),
        op=uuid.uuid4(),
    )
    return db.session.scalar(select(CheckinClaim).where(CheckinClaim.pupil_id == classmate.id))


def url_of(rule: Rule, world: World) -> str:
    """The rule's path with the world's values for its arguments."""
    path = rule.rule
    for name in rule.arguments:  # a set: each value goes where its own name is, not in turn
        value = world.args.get((rule.endpoint, name), world.args[("*", name)])
        path = re.sub(rf"<(?:[^<>:]+:)?{re.escape(name)}>", lambda _m, v=value: v, path)
    return path


def requests_of(app: Flask, world: World) -> list[tuple[str, str, str]]:
    """``(method, url, endpoint)`` for every rule: GET where it allows GET, otherwise POST (an
    empty form: bad input, which must still be answered with every header). Signing out last,
    so the walk stays signed in."""
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout", r.rule))
    return [
        ("GET" if "GET" in rule.methods else "POST", url_of(rule, world), rule.endpoint) for rule in rules
    ]


def _link_id(parent) -> int:
    return db.session.scalar(select(ParentLink.id).where(ParentLink.parent_id == parent.id))
