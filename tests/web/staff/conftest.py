"""Fixtures the staff page tests share."""

import pytest
from passport.models import Role

from tests import factories
from tests.checkin_helpers import make_checkin_event


@pytest.fixture
def leader(school):
    """The school's careers leader."""
    return factories.make_staff(school, Role.CAREERS_LEADER)


@pytest.fixture
def fair(school):
    """Year 9 careers fair, Tuesday 10 March 2026 9am to midday (GMT), Arup and NHS Leeds."""
    return make_checkin_event(school)
