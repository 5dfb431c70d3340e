"""My guidance: the pupil's interviews with a careers adviser, the actions agreed, ticking their
own off, and choosing whether their tutor sees each one (requirements items 20, 22; 001 table
B3 "All pupils should have access to these records")."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import g
from flask import render_template
from flask import url_for
from flask_login import current_user

from ..domain.kinds import ActionStatus
from ..htmx import redirect_or_hx
from ..operations import guidance as ops
from ..queries import guidance as q
from ..queries import parents as parents_q
from . import bp
from .guidance_forms import ActionTickForm
from .guidance_forms import ConsentForm
from .guidance_forms import ParentConsentForm


def _consent_form(interview, formdata=None) -> ConsentForm:
    """The interview's own consent form; field ids carry its id, so ids never repeat."""
    form = ConsentForm(prefix=f"i{interview.id}", formdata=formdata)
    if formdata is None:
        form.share.data = "yes" if interview.shared_with_tutor else "no"
    return form


def _parent_form(interview, formdata=None) -> ParentConsentForm:
    form = ParentConsentForm(prefix=f"p{interview.id}", formdata=formdata)
    if formdata is None:
        form.share.data = "yes" if interview.shared_with_parents else "no"
    return form


def _page(status: int = 200, given: dict | None = None, given_parents: dict | None = None):
    """The page; ``given`` (``given_parents``) maps an interview id to its submitted tutor
    (parents') consent form, with its problems."""
    given, given_parents = given or {}, given_parents or {}
    interviews = q.interviews_of(g.pupil)
    consent = {i.id: given.get(i.id) or _consent_form(i) for i in interviews}
    parents = {i.id: given_parents.get(i.id) or _parent_form(i) for i in interviews}
    return render_template(
        "pupil/guidance.html", interviews=interviews, consent=consent, parent_consent=parents,
        has_parents=bool(parents_q.parents_of(g.pupil)),
    ), status


@bp.get("/guidance")
def guidance():
    """My guidance interviews, what was agreed, and who can see them."""
    return _page()


@bp.post("/guidance/actions/<int:action_id>")
def guidance_action(action_id: int):
    """Tick one of my own actions done (or not done after all); 404 for anyone else's."""
    action = q.action_of_or_none(g.pupil, action_id)
    if action is None:
        abort(404)
    form = ActionTickForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        ops.tick_action(action, current_user, ActionStatus(form.status.data))
    except ops.GuidanceRefused:
        abort(403)
    flash("Well done!" if action.status == ActionStatus.DONE else "Marked as not done yet.", "success")
    return redirect_or_hx(url_for("pupil.guidance", _anchor=f"action-{action.id}"))


@bp.post("/guidance/<int:interview_id>/tutor")
def guidance_consent(interview_id: int):
    """Let my tutor see an interview, or stop them seeing it (at once)."""
    interview = q.interview_of_or_none(g.pupil, interview_id)
    if interview is None:
        abort(404)
    form = ConsentForm(prefix=f"i{interview.id}")
    if not form.validate_on_submit():
        return _page(422, {interview.id: form})
    shared = form.share.data == "yes"
    ops.set_tutor_consent(interview, current_user, shared)
    flash("Your tutor can see it now." if shared else "Your tutor cannot see it any more.", "success")
    return redirect_or_hx(url_for("pupil.guidance", _anchor=f"interview-{interview.id}"))


@bp.post("/guidance/<int:interview_id>/parents")
def guidance_parents(interview_id: int):
    """Let my parents and carers see an interview and its action plan, or stop them (at once)."""
    interview = q.interview_of_or_none(g.pupil, interview_id)
    if interview is None:
        abort(404)
    form = ParentConsentForm(prefix=f"p{interview.id}")
    if not form.validate_on_submit():
        return _page(422, given_parents={interview.id: form})
    shared = form.share.data == "yes"
    ops.set_parent_consent(interview, current_user, shared)
    message = "can see it now." if shared else "cannot see it any more."
    flash(f"Your parents or carers {message}", "success")
    return redirect_or_hx(url_for("pupil.guidance", _anchor=f"interview-{interview.id}"))
