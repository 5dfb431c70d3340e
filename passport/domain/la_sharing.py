"""Sharing with the local authority (issue 10 item 5; requirements item 36; 001 ¶37; 000 ¶86–87).

Schools must give the local authority a pupil's name, address and date of birth, and what it
needs to support participation (plans, offers, NEET risk). Only the basic information is shared
"if a pupil aged 16 or over, or the parent/carer of a pupil aged under 16, has instructed them not
to share". So who owns the choice turns on the pupil's age today.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from passport.domain.dates import age_on

# 001 ¶37: "a pupil aged 16 or over".
PUPIL_DECIDES_FROM_AGE = 16


class Chooser(StrEnum):
    PARENT = "parent"
    PUPIL = "pupil"


def chooser(date_of_birth: date, today: date) -> Chooser:
    """Who may choose "basic information only" for this pupil today."""
    return Chooser.PUPIL if age_on(date_of_birth, today) >= PUPIL_DECIDES_FROM_AGE else Chooser.PARENT
