"""The event page's evidence costs the same number of SQL queries however many pupils were
checked in or confirmed."""

from __future__ import annotations

import uuid
from datetime import timedelta

from passport.extensions import db
from passport.models import Role
from passport.operations import checkin as checkin_ops
from passport.operations import employer as employer_ops
from passport.queries.attendance import attendance_at

from tests import factories
from tests.checkin_helpers import FAIR_STARTS
from tests.checkin_helpers import make_checkin_event
from tests.checkin_helpers import token_at
from tests.querycount import count_queries
from tests.verifier_helpers import org_named


def fill(school, event, confirmations: int) -> None:
    """``confirmations`` pieces of evidence, from different pupils in different tutor groups:
    half check-ins at the screen, half confirmations by Arup (with a comment)."""
    groups = [factories.make_group(school, f"9{letter}", 9) for letter in "XYZ"]
    for i in range(confirmations):
        pupil = factories.make_pupil(school, first_name=f"P{i}", group=groups[i % 3], password=None)
        at = FAIR_STARTS + timedelta(minutes=i + 1)
        if i % 2:
            employer_ops.confirm_pupil(org_named(event, "Arup"), pupil, "Keen", uuid.uuid4(), at=at)
        else:
            checkin_ops.claim_attendance(
                pupil, pupil.user, token=token_at(event, at), scanned_at=at, received_at=at, op=uuid.uuid4()
            )


def test_the_evidence_is_read_in_two_queries_for_2_and_30_confirmations(app, ctx):
    counts = []
    for n in (2, 30):
        school = factories.make_school()
        event = make_checkin_event(school)
        fill(school, event, n)
        db.session.expire_all()
        db.session.refresh(event)  # the page has the event already (event_or_none)
        with count_queries(db.engine) as statements:
            attendance = attendance_at(event)
            names = [(row.full_name, row.tutor_group, row.organisation) for row in attendance.confirmations]
        assert len(names) == n and attendance.checked_in == n // 2
        counts.append(len(statements))
    assert counts == [2, 2]  # the check-in claims, then the employers' confirmations


def test_the_event_page_costs_the_same_for_2_and_30_confirmations(app, ctx):
    counts = []
    for n in (2, 30):
        school = factories.make_school()
        event = make_checkin_event(school)
        fill(school, event, n)
        leader = factories.make_staff(school, Role.CAREERS_LEADER)
        client = app.test_client()
        client.post("/login", data={"username": leader.username, "password": factories.PASSWORD})
        url = f"/staff/events/{event.id}"
        db.session.expire_all()
        with count_queries(db.engine) as statements:
            response = client.get(url)
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('<th scope="row">') == n
        counts.append(len(statements))
    # The user, the event, its organisations, the check-ins, the confirmations, the late check-ins
    # to review (issue 7 item 1), the feedback (issue 10 item 6): never one per pupil.
    assert counts[0] == counts[1] <= 7
