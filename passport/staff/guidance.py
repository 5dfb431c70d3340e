"""Guidance interviews for staff: careers advisers and the careers leader record them with the
agreed actions; a tutor reads only what the pupil shares and follows each interview up
(requirements items 10, 20, 22, 23, 39; 001 ¶70; 002 B8)."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import render_template
from flask import url_for
from flask_login import current_user

from ..access import may
from ..access import SEE_INTERVIEW_CONTEXT
from ..domain.kinds import ActionStatus
from ..htmx import redirect_or_hx
from ..operations import guidance as ops
from ..operations.record_views import note_record_view
from ..queries import guidance as q
from ..queries import staff as staff_q
from . import bp
from .forms import ActionStatusForm
from .forms import FollowUpForm
from .forms import InterviewForm


def _pupil_or_404(group_id: int, pupil_id: int):
    """The group and pupil if the signed-in staff may read the pupil's record
    (``access.pupil_scope``); 404 for another school's ids or a pupil not theirs."""
    pupil = staff_q.pupil_or_none(current_user, group_id, pupil_id)
    if pupil is None or pupil.tutor_group is None:
        abort(404)
    return pupil.tutor_group, pupil


def _records_all() -> bool:
    """Advisers and the careers leader see every interview; a tutor only the shared ones."""
    return current_user.role in ops.RECORDERS


@bp.get("/groups/<int:group_id>/pupils/<int:pupil_id>/guidance", endpoint="guidance")
def guidance(group_id: int, pupil_id: int):
    """The pupil's guidance interviews and action plans; for a tutor, only those the pupil
    shares with them, read now (an unshare hides them at once)."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    note_record_view(current_user, pupil, "staff.guidance")
    shared_only = not _records_all()
    return render_template(
        "staff/guidance.html", group=group, pupil=pupil, may_record=not shared_only,
        interviews=q.interviews_of(pupil, shared_only=shared_only),
    )


def _form_page(group, pupil, form: InterviewForm, status: int = 200):
    context = may(current_user.role, SEE_INTERVIEW_CONTEXT)
    return render_template(
        "staff/interview_form.html", group=group, pupil=pupil, form=form, show_context=context,
    ), status


@bp.route("/groups/<int:group_id>/pupils/<int:pupil_id>/guidance/new", methods=["GET", "POST"],
          endpoint="interview_new")
def interview_new(group_id: int, pupil_id: int):
    """Record an interview: advice given and agreed actions; 422 with the problems and what
    was typed when something is wrong."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    form = InterviewForm()
    if not form.is_submitted():
        form.adviser_name.data = current_user.display_name
        return _form_page(group, pupil, form)
    if not form.validate():
        return _form_page(group, pupil, form, 422)
    try:
        ops.record_interview(pupil, current_user, form.to_data())
    except ops.GuidanceRefused:
        abort(403)
    flash("Interview recorded. The pupil can see it now.", "success")
    return redirect_or_hx(url_for("staff.guidance", group_id=group.id, pupil_id=pupil.id))


@bp.post("/groups/<int:group_id>/pupils/<int:pupil_id>/guidance/<int:interview_id>/follow-up")
def follow_up_done(group_id: int, pupil_id: int, interview_id: int):
    """The pupil's tutor has followed up the interview (001 ¶70)."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    interview = q.interview_of_or_none(pupil, interview_id)
    if interview is None or not FollowUpForm().validate_on_submit():
        abort(404 if interview is None else 400)
    try:
        ops.mark_follow_up_done(interview, current_user)
    except ops.GuidanceRefused:
        abort(409)
    flash(f"Follow-up for {pupil.user.first_name} marked done.", "success")
    return redirect_or_hx(url_for("staff.home"))


@bp.post("/groups/<int:group_id>/pupils/<int:pupil_id>/guidance/actions/<int:action_id>")
def interview_action(group_id: int, pupil_id: int, action_id: int):
    """An adviser or the careers leader sets any agreed action open or done."""
    group, pupil = _pupil_or_404(group_id, pupil_id)
    action = q.action_of_or_none(pupil, action_id)
    if action is None:
        abort(404)
    form = ActionStatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        ops.tick_action(action, current_user, ActionStatus(form.status.data))
    except ops.GuidanceRefused:
        abort(403)
    anchor = f"interview-{action.interview_id}"
    return redirect_or_hx(url_for("staff.guidance", group_id=group.id, pupil_id=pupil.id, _anchor=anchor))
