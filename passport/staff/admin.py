"""The careers leader's school administration: staff accounts, tutor groups and the school's
settings (issue 8, item 2). Who may open these pages: passport/access.py (LEADER); every read
is within the leader's school, so another school's ids answer 404."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user

from ..formfields import ascii_int
from ..models import Role
from ..operations import staff_admin as ops
from ..queries import admin as q
from . import bp
from .admin_forms import DeactivateForm
from .admin_forms import GroupForm
from .admin_forms import RenameForm
from .admin_forms import ROLE_LABELS
from .admin_forms import RoleForm
from .admin_forms import SettingsForm
from .admin_forms import StaffForm
from .admin_forms import TutorForm
from .forms import ActionForm


def _member_or_404(user_id: int):
    """The staff account ``user_id`` of the leader's school; 404 for anyone else's."""
    user = q.staff_member_or_none(current_user.school_id, user_id)
    if user is None:
        abort(404)
    return user


def _group_or_404(group_id: int):
    """The tutor group ``group_id`` of the leader's school; 404 for anyone else's."""
    group = q.group_or_none(current_user.school_id, group_id)
    if group is None:
        abort(404)
    return group


_REFUSED = object()
TAKEN_EMAIL = "This email address already has an account."
TAKEN_GROUP = "The school already has a group with this name."


def _submitted(form, field, attempt, taken: str | None = None):
    """When ``form`` is valid, run ``attempt()`` and give its result; a refusal from the
    operation (``ops.Refused``, or ``ops.Taken`` shown as ``taken``) becomes ``field``'s error
    and gives ``_REFUSED``, as does an invalid form."""
    if not form.validate_on_submit():
        return _REFUSED
    try:
        return attempt()
    except ops.Taken as problem:
        field.errors.append(taken or str(problem))
    except ops.Refused as problem:
        field.errors.append(str(problem))
    return _REFUSED


def _done(message: str, endpoint: str, **values):
    flash(message, "success")
    return redirect(url_for(endpoint, **values), 303)


@bp.get("/admin")
def admin_home():
    """The school's administration: links to staff, tutor groups and settings."""
    return render_template("staff/admin/home.html")


@bp.get("/admin/staff")
def admin_staff():
    """Every staff account of the school: name, role, email, active, has a password."""
    staff = q.staff(current_user.school_id)
    return render_template("staff/admin/staff.html", staff=staff, roles=ROLE_LABELS)


@bp.route("/admin/staff/new", methods=["GET", "POST"])
def admin_staff_new():
    """Add a member of staff; 422 with the typed values kept when something is wrong."""
    form = StaffForm()
    user = _submitted(form, form.email, lambda: ops.add_staff_member(
        current_user, current_user.school, role=Role(form.role.data),
        first_name=form.first_name.data, last_name=form.last_name.data, email=form.email.data,
    ), TAKEN_EMAIL)
    if user is not _REFUSED:
        message = f"{user.display_name} added. Give them a setup code to choose a password."
        return _done(message, "staff.admin_member", user_id=user.id)
    status = 422 if form.errors else 200
    return render_template("staff/admin/staff_new.html", form=form), status


def _member_page(user, status: int = 200, **forms):
    forms.setdefault("role_form", RoleForm(formdata=None, role=user.role.value))
    forms.setdefault("deactivate_form", DeactivateForm(formdata=None))
    return render_template(
        "staff/admin/member.html", member=user, roles=ROLE_LABELS, action=ActionForm(), **forms
    ), status


@bp.get("/admin/staff/<int:user_id>")
def admin_member(user_id: int):
    """One staff account: its role, setup code, deactivation or reactivation."""
    return _member_page(_member_or_404(user_id))


@bp.post("/admin/staff/<int:user_id>/setup-code")
def admin_setup_code(user_id: int):
    """Issue a one-time setup code and show it once (never cached)."""
    user = _member_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        code = ops.issue_setup_code(current_user, user)
    except ops.Refused as refused:
        flash(str(refused), "error")
        return redirect(url_for("staff.admin_member", user_id=user.id), 303)
    response = make_response(render_template("staff/admin/setup_code.html", member=user, code=code))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/admin/staff/<int:user_id>/role")
def admin_role(user_id: int):
    """Change an account's role (the last active careers leader keeps theirs: 422)."""
    user = _member_or_404(user_id)
    form = RoleForm()
    done = _submitted(form, form.role, lambda: ops.change_role(current_user, user, Role(form.role.data)))
    if done is not _REFUSED:
        message = f"{user.display_name} is now: {ROLE_LABELS[user.role.value]}."
        return _done(message, "staff.admin_member", user_id=user.id)
    return _member_page(user, 422, role_form=form)


@bp.post("/admin/staff/<int:user_id>/deactivate")
def admin_deactivate(user_id: int):
    """Deactivate an account, ending every session of theirs at once (not yourself, nor the
    last active careers leader: 422)."""
    user = _member_or_404(user_id)
    form = DeactivateForm()
    done = _submitted(form, form.reason, lambda: ops.deactivate(current_user, user, form.reason.data))
    if done is not _REFUSED:
        message = f"{user.display_name} can no longer sign in; every session of theirs has ended."
        return _done(message, "staff.admin_member", user_id=user.id)
    return _member_page(user, 422, deactivate_form=form)


@bp.post("/admin/staff/<int:user_id>/reactivate")
def admin_reactivate(user_id: int):
    """Let a deactivated account sign in again."""
    user = _member_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    ops.reactivate(current_user, user)
    return _done(f"{user.display_name} can sign in again.", "staff.admin_member", user_id=user.id)


@bp.route("/admin/groups", methods=["GET", "POST"])
def admin_groups():
    """The school's tutor groups and a form to add one (422 with the typed values kept)."""
    form = GroupForm()
    group = _submitted(form, form.name, lambda: ops.create_group(
        current_user, current_user.school, name=form.name.data, year_group=form.year_group.data
    ), TAKEN_GROUP)
    if group is not _REFUSED:
        return _done(f"Group {group.name} added. Choose its tutor.", "staff.admin_group", group_id=group.id)
    status = 422 if form.errors else 200
    groups = q.groups(current_user.school_id)
    return render_template("staff/admin/groups.html", groups=groups, form=form), status


def _group_page(group, status: int = 200, **forms):
    tutors = q.tutors(group.school_id)
    forms.setdefault("rename_form", RenameForm(formdata=None, name=group.name))
    tutor_form = TutorForm(formdata=None, tutor=str(group.tutor_id or "")).set_tutors(tutors)
    forms.setdefault("tutor_form", tutor_form)
    return render_template("staff/admin/group.html", group=group, **forms), status


@bp.get("/admin/groups/<int:group_id>")
def admin_group(group_id: int):
    """One tutor group: rename it, set or change its tutor."""
    return _group_page(_group_or_404(group_id))


@bp.post("/admin/groups/<int:group_id>/rename")
def admin_group_rename(group_id: int):
    """Rename a tutor group (422 if the name is empty or taken)."""
    group = _group_or_404(group_id)
    form = RenameForm()
    rename = lambda: ops.rename_group(current_user, group, form.name.data)  # noqa: E731
    done = _submitted(form, form.name, rename, TAKEN_GROUP)
    if done is not _REFUSED:
        return _done(f"The group is now called {group.name}.", "staff.admin_group", group_id=group.id)
    return _group_page(group, 422, rename_form=form)


@bp.post("/admin/groups/<int:group_id>/tutor")
def admin_group_tutor(group_id: int):
    """Set or change a group's tutor: only an active tutor of the school (422 otherwise)."""
    group = _group_or_404(group_id)
    form = TutorForm().set_tutors(q.tutors(group.school_id))
    tutor_id = ascii_int(form.tutor.data)
    tutor = q.staff_member_or_none(group.school_id, tutor_id) if tutor_id else None
    if _submitted(form, form.tutor, lambda: ops.set_tutor(current_user, group, tutor)) is not _REFUSED:
        chosen = f"tutor {tutor.display_name}" if tutor else "no tutor"
        return _done(f"{group.name}: {chosen}.", "staff.admin_group", group_id=group.id)
    return _group_page(group, 422, tutor_form=form)


@bp.route("/admin/settings", methods=["GET", "POST"])
def admin_settings():
    """The school's year ranges, ages and thresholds, each with its statutory default and
    source; 422 with the typed values kept when one is wrong."""
    settings = current_user.school.settings
    form = SettingsForm() if request.method == "POST" else SettingsForm.from_settings(settings)
    if form.validate_on_submit():
        changed = ops.update_settings(current_user, current_user.school, form.values())
        flash(f"Settings saved ({len(changed)} changed)." if changed else "Nothing was changed.", "success")
        return redirect(url_for("staff.admin_settings"), 303)
    status = 422 if form.errors else 200
    return render_template(
        "staff/admin/settings.html", form=form, info=q.setting_info(), reset=ActionForm(formdata=None)
    ), status


@bp.post("/admin/settings/reset")
def admin_settings_reset():
    """Put every setting back to the statutory defaults."""
    if not ActionForm().validate_on_submit():
        abort(400)
    changed = ops.reset_settings(current_user, current_user.school)
    flash(f"Settings reset to the statutory defaults ({len(changed)} changed).", "success")
    return redirect(url_for("staff.admin_settings"), 303)
