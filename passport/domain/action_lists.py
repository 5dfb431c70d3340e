"""The careers leader's lists that need action (issue 11 item 2): who they are, in rules. Pure.

- No employer encounter this school year: B5 asks for "at least one meaningful encounter with
  an employer" every year from Year 7 (requirements §1); a pupil with none yet this year, 1
  September to today, is listed (a rejected entry does not count).
- No STEM encounter before Year 11: pupils in Years 7 to 10 with no activity marked STEM on
  their record (B4: "learning how STEM subjects lead to careers"), so there is still time.
- Targeted support (requirements item 40; 001 ¶31, 004 §7): vulnerable pupils (SEN support, an
  EHC plan, in care, or free school meals) or pupils at risk of NEET (the MIS's RONI flag),
  with a benchmark gap (a criterion missed).
- Overdue actions: an agreed next step from a guidance interview (item 20) still open after
  its due date.
- Follow-ups overdue: an interview the tutor has not followed up (item 23; 001 ¶70) within
  FOLLOW_UP_DAYS of it. The guidance gives no number; two weeks is this app's default.
"""

from __future__ import annotations

from datetime import date
from datetime import timedelta

STEM_BEFORE_YEAR = 11
FOLLOW_UP_DAYS = 14


def needs_targeting(
    *, sen_support: bool, ehc_plan: bool, looked_after: bool, free_school_meals: bool, neet_risk: bool
) -> bool:
    """Vulnerable, or at risk of NEET (item 40)."""
    return sen_support or ehc_plan or looked_after or free_school_meals or neet_risk


def follow_up_overdue(held_on: date, today: date) -> bool:
    return held_on < today - timedelta(days=FOLLOW_UP_DAYS)
