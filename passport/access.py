"""Who may open each page, and which pupils and which of their data each role may see: one
table for the whole app (issue 8, item 1; requirements §5 and item 38).

``ENDPOINTS`` classifies every endpoint of ``app.url_map``. ``init_app`` guards every request
from it once, before any view runs: an endpoint missing from the table is refused (403) and
logged, and ``tests/web/test_access_matrix.py`` fails on it, so a new route is never left open
by forgetting it. Views still check the *school* and the *pupil* (``pupil_scope``): the table
says which roles may open a page, not whose records they may read.
"""

from __future__ import annotations

import logging

from flask import abort
from flask import Flask
from flask import request
from flask_login import current_user
from sqlalchemy import ColumnElement
from sqlalchemy import false
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import true

from .models import Pupil
from .models import Role
from .models import TutorGroup
from .models import User

log = logging.getLogger(__name__)

R = Role
# Anyone, signed in or not: sign-in pages, public proofs, verifier links (their own secret),
# the PWA's shell. A view here that shows private data checks its own secret or session.
PUBLIC = frozenset({"public"})
SIGNED_IN = frozenset(Role)
PUPIL = frozenset({R.PUPIL})
# Every member of staff: they run events (check-in screens) and see the start page.
STAFF = frozenset(
    {R.TUTOR, R.CAREERS_LEADER, R.CAREERS_ADVISER, R.SENCO, R.DESIGNATED_TEACHER, R.SENIOR_LEADER}
)
LEADER = frozenset({R.CAREERS_LEADER})
# Staff who read individual pupils' records (each only their own pupils: ``pupil_scope``).
RECORD_READERS = frozenset({R.TUTOR, R.CAREERS_LEADER, R.CAREERS_ADVISER, R.SENCO, R.DESIGNATED_TEACHER})
# Staff who confirm or reject a pupil's self-reported entry, or undo a mistaken verification.
VERIFIERS = frozenset({R.TUTOR, R.CAREERS_LEADER})
# Staff who record guidance interviews (requirements item 10; 001 ¶17: distinct from the leader).
GUIDANCE_RECORDERS = frozenset({R.CAREERS_ADVISER, R.CAREERS_LEADER})
# Staff who open a pupil's guidance page: the recorders all of it, a tutor what the pupil shares
# (requirements item 22; 002 B8 "with individual agreement").
GUIDANCE_READERS = frozenset({R.CAREERS_ADVISER, R.CAREERS_LEADER, R.TUTOR})
TUTOR = frozenset({R.TUTOR})
# Staff who see SEND, EHC plan, free school meals, pupil premium and looked-after flags: the
# careers leader, the SENCO and the designated teacher (requirements item 38; 001 ¶36, ¶71).
_SENSITIVE = frozenset({R.CAREERS_LEADER, R.SENCO, R.DESIGNATED_TEACHER})
EHC_SUMMARY_READERS = _SENSITIVE
# Staff who see tutor groups as groups (a SENCO's or designated teacher's pupils cut across them).
GROUP_READERS = frozenset({R.TUTOR, R.CAREERS_LEADER})
# Staff who see the whole school's figures by year group (counts, no pupil's record).
SCHOOL_READERS = frozenset({R.CAREERS_LEADER, R.SENIOR_LEADER})
PARENT = frozenset({R.PARENT})
GOVERNORS_PAGE = frozenset({R.GOVERNOR, R.CAREERS_LEADER, R.SENIOR_LEADER})
# Staff who keep a pupil's leavers' folder (issue 9): put certificates and references in and
# print it: the pupil's tutor and the careers leader (each within ``pupil_scope``).
FOLDER_KEEPERS = VERIFIERS

ENDPOINTS: dict[str, frozenset] = {
    # --- signing in, the account ---
    "auth.index": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,  # signing out must work with an ended session too
    "auth.setup": PUBLIC,
    "auth.account": SIGNED_IN,
    "auth.change_password": SIGNED_IN,
    "auth.sign_out_everywhere": SIGNED_IN,
    # --- public proof and verifier links ---
    "checkin_landing": PUBLIC,
    "employer.home": PUBLIC,
    "employer.open_link": PUBLIC,
    "employer.pass_page": PUBLIC,
    "employer.confirm": PUBLIC,
    "employer.sync": PUBLIC,
    "employer.feedback": PUBLIC,  # through the organisation's link, from the event's start
    "verify.keys": PUBLIC,
    "verify.statement": PUBLIC,
    "verify.export_schema": PUBLIC,  # the published JSON Schema of a pupil's export (item 21)
    "static": PUBLIC,
    "system.healthz": PUBLIC,
    "pwa.manifest": PUBLIC,
    "pwa.offline": PUBLIC,
    "pwa.service_worker": PUBLIC,
    "pwa.csrf_token": PUBLIC,
    "pwa.outbox_keys": PUBLIC,  # answers 401 itself without a pupil session (JSON, not a redirect)
    # --- the pupil's own passport ---
    "pupil.home": PUPIL,
    "pupil.timeline": PUPIL,
    "pupil.entry_new": PUPIL,
    "pupil.entry_detail": PUPIL,
    "pupil.entry_edit": PUPIL,
    "pupil.entry_delete": PUPIL,
    "pupil.reflection": PUPIL,
    "pupil.feedback": PUPIL,
    "pupil.reflection_sharing": PUPIL,
    "pupil.reflection_comment": PUPIL,
    "pupil.sharing_choice": PUPIL,
    "pupil.my_pass": PUPIL,
    "pupil.pass_replace": PUPIL,
    "pupil.scan": PUPIL,
    "pupil.checkin_page": PUPIL,
    "pupil.checkin": PUPIL,
    "pupil.sync": PUPIL,
    "pupil.targets": PUPIL,
    "pupil.target_new": PUPIL,
    "pupil.target_status": PUPIL,
    "pupil.guidance": PUPIL,
    "pupil.guidance_action": PUPIL,
    "pupil.guidance_consent": PUPIL,
    # The leavers' folder (issue 9, item 2)
    "pupil.folder": PUPIL,
    "pupil.folder_contents": PUPIL,
    "pupil.folder_upload": PUPIL,
    "pupil.folder_document_delete": PUPIL,
    "pupil.folder_pdf": PUPIL,
    # The CV builder and its downloads (issue 9 item 1; requirements items 21, 26): the
    # pupil's own CV only; staff never open these (the leavers' folder reads queries.cv).
    "pupil.cv": PUPIL,
    "pupil.cv_preview": PUPIL,
    "pupil.cv_pdf": PUPIL,
    "pupil.cv_json": PUPIL,
    # Their own copy (UK GDPR access and portability, item 21) and what is held (item 38).
    "pupil.export_json": PUPIL,
    "pupil.badge": PUPIL,
    "pupil.badges_zip": PUPIL,
    "pupil.what_we_hold": PUPIL,
    # Sharing a guidance interview with their parents and carers (item 24; issue 10 item 3).
    "pupil.guidance_parents": PUPIL,
    "pupil.la_sharing": PUPIL,  # from 16 (requirements item 36; 001 ¶37)
    "pupil.statement_pdf": PUPIL,  # this year's entitlement statement (issue 10 item 4)
    # --- parents and carers (issue 10): their own children only (queries/parents.links_of) ---
    # Anonymised figures only (requirements item 33; 003 §6–8): governors, and the staff who
    # answer to them, see the same page.
    "governors.home": GOVERNORS_PAGE,
    # What the school publishes about its programme (item 35): no pupil's data.
    "website.careers": PUBLIC,
    "parent.sign_up": PUBLIC,  # with the code on a letter from school
    "parent.home": PARENT,
    "parent.link": PARENT,
    "parent.child": PARENT,
    "parent.child_pdf": PARENT,
    "parent.feedback": PARENT,  # on an event the child went to (requirements item 42)
    "parent.la_sharing": PARENT,  # before the child is 16 (requirements item 36; 001 ¶37)
    # --- staff: start page and events on the day ---
    "staff.home": STAFF,
    "staff.checkin_screen": STAFF,
    "staff.checkin_code": STAFF,
    # --- staff: tutor groups and pupils' records ---
    "staff.group": GROUP_READERS,
    "staff.school": SCHOOL_READERS,
    # The careers leader's reports (issue 11): aggregates for senior leaders too; the pupils
    # behind a figure (names, and so who is in each group) only for the careers leader.
    "staff.reports": SCHOOL_READERS,
    "staff.report_pupils": LEADER,
    "staff.report_actions": LEADER,
    "staff.report_provider_access": SCHOOL_READERS,  # pupils' names: the careers leader only
    "staff.report_provider_statement_csv": SCHOOL_READERS,
    "staff.report_provider_access_export": SCHOOL_READERS,  # counts, no names
    "staff.report_sectors_export": SCHOOL_READERS,  # counts, no names
    "staff.report_actions_export": LEADER,
    "staff.destinations_xlsx": LEADER,
    "staff.report_website": LEADER,
    # Leavers' destinations (item 31), the local authority's early-leaver notices (item 37).
    "staff.destinations": LEADER,
    "staff.destination_save": LEADER,
    "staff.destination_notified": LEADER,
    "staff.destinations_csv": LEADER,
    "staff.report_website_save": LEADER,  # names, and who is vulnerable (item 40): the careers leader
    "staff.report_cohort_csv": SCHOOL_READERS,
    "staff.report_cohort_xlsx": SCHOOL_READERS,
    # One row per pupil per activity, with names and UPNs: the careers leader only.
    "staff.report_activities_csv": LEADER,
    "staff.report_activities_xlsx": LEADER,
    "staff.setup_codes": GROUP_READERS,
    # Letters home with parents' link codes (issue 10 item 1): a group's tutor and the careers
    # leader for a group or one pupil, the careers leader for a year; only the leader unlinks.
    "staff.group_parent_letters": GROUP_READERS,
    "staff.parent_letter": VERIFIERS,
    "staff.year_parent_letters": LEADER,
    "staff.parent_unlink": LEADER,
    "staff.pupil": RECORD_READERS,
    "staff.pupil_sign_out": RECORD_READERS,
    "staff.entry_verify": VERIFIERS,
    "staff.entry_reject": VERIFIERS,
    "staff.entry_undo": VERIFIERS,
    # Comments on a reflection the pupil shares (issue 8 item 3): who reads the record.
    "staff.reflection_comment": RECORD_READERS,
    # Targets (item 25): the pupil's tutor and the careers leader set them (``pupil_scope``).
    "staff.target_new": VERIFIERS,
    "staff.record_views": LEADER,
    # The EHC annual-review careers summary (requirements item 39): those who see the EHC plan
    # flag (item 38); its URL needs no tutor group, since a SENCO's pupil may have none.
    "staff.ehc_summary": EHC_SUMMARY_READERS,
    # A pupil's leavers' folder (issue 9, item 2)
    "staff.pupil_folder": FOLDER_KEEPERS,
    "staff.pupil_folder_upload": FOLDER_KEEPERS,
    "staff.pupil_folder_document_delete": FOLDER_KEEPERS,
    "staff.pupil_folder_pdf": FOLDER_KEEPERS,
    # --- staff: guidance interviews (issue 8, item 4) ---
    "staff.guidance": GUIDANCE_READERS,
    "staff.interview_new": GUIDANCE_RECORDERS,
    "staff.interview_action": GUIDANCE_RECORDERS,
    "staff.follow_up_done": TUTOR,
    # --- the careers leader's programme ---
    "staff.events": LEADER,
    "staff.event_new": LEADER,
    "staff.event": LEADER,
    "staff.event_edit": LEADER,
    "staff.event_cancel": LEADER,
    "staff.organisation_add": LEADER,
    "staff.verifier_revoke": LEADER,
    "staff.verifier_reissue": LEADER,
    "staff.checkin_secret_rotate": LEADER,
    "staff.late_checkin_accept": LEADER,
    "staff.late_checkin_reject": LEADER,
    "staff.import_pupils": LEADER,
    "staff.import_confirm": LEADER,
    # The principal's letter and the year group's folders (issue 9, items 2 and 3)
    "staff.folders": LEADER,
    "staff.folder_letter": LEADER,
    "staff.folder_batch_start": LEADER,
    "staff.folder_batch": LEADER,
    "staff.folder_batch_retry": LEADER,
    "staff.folder_batch_zip": LEADER,
    "staff.folder_batch_pdf": LEADER,
    # The entitlement statements (issue 10 item 2; requirements item 29)
    "staff.la_sharing": LEADER,  # who shares only the basics with the local authority (item 36)
    "staff.entitlement": LEADER,
    "staff.entitlement_default": LEADER,
    "staff.entitlement_add": LEADER,
    "staff.entitlement_delete": LEADER,
    "staff.entitlement_batch_start": LEADER,
    # A pupil's record brought from another school's export (item 21, stage transition).
    "staff.transfer_import": LEADER,
    # --- the careers leader's school administration (issue 8, item 2) ---
    "staff.admin_home": LEADER,
    "staff.admin_staff": LEADER,
    "staff.admin_staff_new": LEADER,
    "staff.admin_member": LEADER,
    "staff.admin_setup_code": LEADER,
    "staff.admin_role": LEADER,
    "staff.admin_deactivate": LEADER,
    "staff.admin_reactivate": LEADER,
    "staff.admin_groups": LEADER,
    "staff.admin_group": LEADER,
    "staff.admin_group_rename": LEADER,
    "staff.admin_group_tutor": LEADER,
    "staff.admin_settings": LEADER,
    "staff.admin_settings_reset": LEADER,
}

# What each role may see *inside* a pupil's record (requirements item 38; 002 B8; 001 ¶36, ¶71).
# SEND, EHC plan, free school meals, pupil premium and looked-after flags.
SEE_SENSITIVE = _SENSITIVE
# Who sees SEND, EHC plan and looked-after flags as context on the interview form: the careers
# leader and the adviser, who "uses EHCP and PEP" (requirements item 39; 001 ¶71).
SEE_INTERVIEW_CONTEXT = frozenset({R.CAREERS_LEADER, R.CAREERS_ADVISER})
# Who reads the advice and agreed actions of every guidance interview without the pupil's say:
# those who record them. The pupil is told "You, your careers adviser and the careers leader can
# always see it. Your tutor can see it only if you say yes" (templates/pupil/guidance.html;
# requirements item 22; 002 B8 "with individual agreement"). Everyone else, the SENCO and the
# designated teacher included, sees only that an interview was held, when and with whom.
SEE_ALL_GUIDANCE = GUIDANCE_RECORDERS


def allowed(endpoint: str | None, role: Role | None) -> bool:
    """Whether ``role`` (None: not signed in) may open ``endpoint``; False if unclassified."""
    roles = ENDPOINTS.get(endpoint or "")
    if roles is None:
        return False
    return roles is PUBLIC or (role is not None and role in roles)


def may(role: Role, capability: frozenset) -> bool:
    """Whether ``role`` has ``capability`` (one of the frozensets above, e.g. SEE_SENSITIVE)."""
    return role in capability


def pupil_scope(user: User) -> ColumnElement[bool]:
    """A condition on ``Pupil`` selecting the pupils ``user`` may read, always within their
    school: the careers leader and careers adviser every pupil; a tutor the pupils of their
    groups; the SENCO pupils on SEN support or with an EHC plan; the designated teacher
    looked-after pupils (001 ¶36, ¶71; 004 §8). Anyone else none."""
    school = Pupil.school_id == user.school_id
    match user.role:
        case R.CAREERS_LEADER | R.CAREERS_ADVISER:
            mine = true()
        case R.TUTOR:
            groups = select(TutorGroup.id).where(
                TutorGroup.tutor_id == user.id, TutorGroup.school_id == user.school_id
            )
            mine = Pupil.tutor_group_id.in_(groups)
        case R.SENCO:
            mine = or_(Pupil.sen_support, Pupil.ehc_plan)
        case R.DESIGNATED_TEACHER:
            mine = Pupil.looked_after
        case _:
            mine = false()
    return school & mine


def init_app(app: Flask) -> None:
    """Guard every request from ``ENDPOINTS``, once, before any view runs."""

    @app.before_request
    def check_access():
        endpoint = request.endpoint
        if endpoint is None:  # no route matched: the 404 (or 405) follows
            return None
        roles = ENDPOINTS.get(endpoint)
        if roles is None:
            log.error("endpoint %s is not in passport.access.ENDPOINTS: refused", endpoint)
            abort(403)
        if roles is PUBLIC:
            return None
        if not current_user.is_authenticated:
            from .extensions import login_manager

            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None
