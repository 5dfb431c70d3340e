"""What the reports' tests share: the careers leader, and a hand-counted Year 9."""

from __future__ import annotations

from datetime import date

import pytest
from passport.extensions import db
from passport.models import Role
from passport.operations import verification

from tests import factories


@pytest.fixture
def leader(school):
    return factories.make_staff(school, Role.CAREERS_LEADER)


@pytest.fixture
def year9(school, leader):
    """Hand-counted: Amy (girl, SEN support, FSM) met it, confirmed by school; Bob (boy) met it
    on his own word only; Cat (girl, in care, pupil premium) and Dan (gender not recorded, EHC
    plan) have not. Also a Year 9 pupil who left (inactive) and one at another school, with
    encounters, who must not count."""
    group = factories.make_group(school, "9A", 9)
    amy = factories.make_pupil(
        school,
        first_name="Amy",
        last_name="Adams",
        group=group,
        gender="F",
        sen_support=True,
        free_school_meals=True,
    )
    bob = factories.make_pupil(school, first_name="Bob", last_name="Brown", group=group, gender="M")
    factories.make_pupil(
        school,
        first_name="Cat",
        last_name="Clark",
        group=group,
        gender="F",
        looked_after=True,
        pupil_premium=True,
    )
    factories.make_pupil(school, first_name="Dan", last_name="Davis", group=group, ehc_plan=True)
    talk = factories.make_entry(amy, organisation="Arup", occurred_on=date(2025, 10, 1))
    verification.verify_entry(talk, leader)
    factories.make_entry(bob, organisation="BT", occurred_on=date(2025, 11, 1))
    gone = factories.make_pupil(school, first_name="Gone", last_name="Away", group=group)
    factories.make_entry(gone, organisation="Left")
    gone.user.is_active = False
    other = factories.make_school("Elm School", "elm")
    factories.make_entry(factories.make_pupil(other, first_name="Elsewhere"), organisation="Elm Co")
    db.session.commit()
    return group
