"""The EHC annual-review careers summary: a printable page for a pupil with an EHC plan, from
Year 9, for the SENCO, the designated teacher and the careers leader (requirements item 39;
001 ¶44). Its URL names no tutor group: a SENCO's pupil may have none."""

from __future__ import annotations

from flask import abort
from flask import render_template
from flask_login import current_user

from .. import clock
from ..access import may
from ..access import SEE_ALL_GUIDANCE
from ..domain import ehc
from ..operations.record_views import note_record_view
from ..queries import ehc as q
from . import bp


@bp.get("/pupils/<int:pupil_id>/ehc-summary", endpoint="ehc_summary")
def ehc_summary(pupil_id: int):
    """The summary, ready to print; 404 for a pupil the viewer may not read (another school's,
    or not theirs), and 404 with the reason for their own pupil who has no plan or is below
    Year 9."""
    pupil = q.pupil_or_none(current_user, pupil_id)
    if pupil is None:
        abort(404)
    refusal = ehc.refusal(ehc_plan=pupil.ehc_plan, year_group=pupil.year_group)
    if refusal is not None:
        page = render_template("staff/ehc_summary_refused.html", pupil=pupil, refusal=refusal, ehc=ehc)
        return page, 404
    # A staff read of the record, noted like every other (issue 7 item 8).
    note_record_view(current_user, pupil, "staff.ehc_summary")
    summary = q.summary(pupil, clock.today(), guidance_in_full=may(current_user.role, SEE_ALL_GUIDANCE))
    return render_template("staff/ehc_summary.html", s=summary)
