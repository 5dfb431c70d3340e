"""The careers leader's reports (issue 11): the cohort report by year group and criterion, with
a verified-only switch and breakdowns by SEN, EHC plan, FSM, pupil premium, in care and gender
(requirements item 32), each figure opening the pupils behind it; exports as CSV and XLSX."""

from __future__ import annotations

from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import send_file
from flask import stream_with_context
from flask import url_for
from flask_login import current_user

from .. import access
from .. import clock
from ..documents import tabular
from ..documents.links import public_url
from ..domain import action_lists as lists
from ..domain import provider_access as provider_rules
from ..domain import reports as rules
from ..extensions import db
from ..models import CareersPage
from ..operations import careers_page as page_ops
from ..operations import exports as export_ops
from ..queries import action_lists as lists_q
from ..queries import exports
from ..queries import provider_access as access_q
from ..queries import reports as q
from . import bp
from .website_form import WebsiteForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _verified_only() -> bool:
    return request.args.get("verified") == "1"


@bp.get("/reports")
def reports():
    """One year group's cohort report: a chart of how many have met each criterion, and the
    table by group of pupils. Only that year's pupils are read (bench/reports.py)."""
    verified_only = _verified_only()
    years = q.year_groups(current_user.school)
    wanted = request.args.get("year", "")
    chosen = next((y for y in years if str(y) == wanted), years[0] if years else None)
    reports = (
        q.cohort(current_user.school, clock.today(), verified_only=verified_only, year_group=chosen)
        if chosen is not None else []
    )
    school = current_user.school
    sectors = q.sectors(school, chosen, verified_only=verified_only) if chosen is not None else None
    return render_template(
        "staff/reports.html", years=years, year=reports[0] if reports else None, verified_only=verified_only,
        sectors=sectors, genders=rules.GENDERS,
        groups=rules.GROUPS, may_list=access.allowed("staff.report_pupils", current_user.role),
    )


@bp.get("/reports/years/<int:year_group>/<key>")
def report_pupils(year_group: int, key: str):
    """The pupils behind one figure of the cohort report, not met first."""
    group = rules.GROUP_KEYS.get(request.args.get("group", "all"))
    if group is None:
        abort(404)
    verified_only = _verified_only()
    today = clock.today()
    years = q.cohort(current_user.school, today, verified_only=verified_only, year_group=year_group)
    year = years[0] if years else None
    row = next((r for r in year.rows if r.key == key), None) if year else None
    if row is None:
        abort(404)
    pupils = q.pupils_behind(current_user.school, today, year_group, key, group, verified_only=verified_only)
    return render_template(
        "staff/report_pupils.html", year=year, row=row, group=group, pupils=pupils,
        figure=row.figures[group.key], verified_only=verified_only,
        may_open_groups=access.allowed("staff.group", current_user.role),
    )


@bp.get("/reports/actions")
def report_actions():
    """Lists that need action (issue 11 item 2): no employer encounter this school year, no
    STEM encounter before Year 11, targeted support, overdue actions and follow-ups."""
    school, today = current_user.school, clock.today()
    return render_template(
        "staff/report_actions.html", today=today,
        no_employer=lists_q.no_employer_this_year(school, today), no_stem=lists_q.no_stem_yet(school),
        targeted=lists_q.targeted_support(school, today), actions=lists_q.overdue_actions(school, today),
        follow_ups=lists_q.overdue_follow_ups(school, today), follow_up_days=lists.FOLLOW_UP_DAYS,
        may_open_groups=access.allowed("staff.group", current_user.role),
    )


@bp.get("/reports/provider-access")
def report_provider_access():
    """Provider access (issue 11 item 3): each year group's pupils by their phase's encounters,
    who has fewer than two (the careers leader), and this school year's provider statement."""
    school, today = current_user.school, clock.today()
    return render_template(
        "staff/report_provider_access.html", years=access_q.by_year(school, today),
        statement=access_q.statement(school, today), phases=provider_rules.PHASES,
        statuses=list(provider_rules.PhaseStatus), needed=provider_rules.NEEDED,
        may_list=access.allowed("staff.report_pupils", current_user.role),
        may_open_groups=access.allowed("staff.group", current_user.role),
    )


STATEMENT_HEADER = ["Date", "Session", "Provider type", "Providers", "Year groups", "Phases", "Pupils"]


@bp.get("/reports/provider-statement.csv")
def report_provider_statement_csv():
    """The provider statement to publish (item 14): this school year's qualifying sessions."""
    found = access_q.statement(current_user.school, clock.today())
    rows = (
        [s.on, s.title, s.provider_type, "; ".join(s.providers), s.year_groups,
         ", ".join(map(str, s.phases)), s.pupils]
        for s in found.sessions
    )
    name = f"provider-statement-{found.school_year.replace('–', '-')}.csv"
    return download_of(tabular.csv_lines(STATEMENT_HEADER, rows), "text/csv; charset=utf-8", name)


# --- exports (issue 11 item 6; requirements item 34) --------------------------------------------


def download_of(body, mimetype: str, name: str) -> Response:
    """A file object (closed when the download ends) or an iterator of text, as an attachment."""
    if hasattr(body, "read"):
        response = send_file(body, mimetype=mimetype, as_attachment=True, download_name=name)
    else:
        response = Response(body, mimetype=mimetype)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _cohort_export(kind: str):
    verified_only = _verified_only()
    years = q.cohort(current_user.school, clock.today(), verified_only=verified_only)
    name = f"cohort-report{'-verified-only' if verified_only else ''}-{clock.today().isoformat()}"
    if kind == "csv":
        return download_of(
            tabular.csv_lines(exports.COHORT_HEADER, exports.cohort_rows(years)), "text/csv; charset=utf-8",
            f"{name}.csv",
        )
    return download_of(
        tabular.xlsx_file([("Cohort report", exports.COHORT_HEADER, exports.cohort_rows(years))]), XLSX,
        f"{name}.xlsx",
    )


@bp.get("/reports/cohort.csv")
def report_cohort_csv():
    """The cohort report's figures, one row per year group, criterion and group of pupils."""
    return _cohort_export("csv")


@bp.get("/reports/cohort.xlsx")
def report_cohort_xlsx():
    return _cohort_export("xlsx")


def _activities_export(kind: str):
    school_id = current_user.school_id
    export_ops.note_export(current_user, "activities", kind)
    name = f"activities-{clock.today().isoformat()}"
    rows = exports.activity_rows(school_id)
    if kind == "csv":
        body = stream_with_context(tabular.csv_lines(exports.ACTIVITY_HEADER, rows))
        return download_of(body, "text/csv; charset=utf-8", f"{name}.csv")
    book = tabular.xlsx_file([("Activities", exports.ACTIVITY_HEADER, rows)])
    return download_of(book, XLSX, f"{name}.xlsx")


@bp.get("/reports/activities.csv")
def report_activities_csv():
    """Every activity on every pupil's record, one row per pupil per activity, streamed."""
    return _activities_export("csv")


@bp.get("/reports/activities.xlsx")
def report_activities_xlsx():
    return _activities_export("xlsx")


# --- the website snippet (issue 11 item 8; requirements item 35) --------------------------------

def _website_page(form, status: int = 200):
    page = db.session.get(CareersPage, current_user.school_id)
    url = public_url("website.careers", code=current_user.school.code) if page else None
    return render_template("staff/website.html", form=form, page=page, url=url, today=clock.today()), status


@bp.get("/reports/website")
def report_website():
    """The careers leader writes what the school publishes; the page shows its address and the
    code to embed it."""
    page = db.session.get(CareersPage, current_user.school_id)
    form = WebsiteForm(formdata=None, obj=page)
    if page is None:
        form.leader_name.data = current_user.display_name
        form.leader_email.data = current_user.email or ""
    return _website_page(form)


@bp.post("/reports/website")
def report_website_save():
    form = WebsiteForm()
    if not form.validate():
        return _website_page(form, 422)
    page_ops.save_page(current_user, page_ops.PageData(
        form.leader_name.data, form.leader_email.data, form.leader_phone.data or "", form.summary.data,
        form.impact.data, form.next_review.data,
    ))
    flash("Published. The careers page shows it now.", "success")
    return redirect(url_for("staff.report_website"), 303)


# --- every other report as CSV or Excel (issue 11 item 6: "every report as CSV (and XLSX)") -----


def sheets_download(fmt: str, name: str, sheets: list[tuple[str, list[str], list[list]]]):
    """Tables as one Excel workbook (a sheet each), or one CSV (a first column naming the table
    when there are several)."""
    if fmt == "xlsx":
        return download_of(tabular.xlsx_file(sheets), XLSX, f"{name}.xlsx")
    if len(sheets) == 1:
        _title, header, rows = sheets[0]
    else:
        header = ["Table", *max((h for _t, h, _r in sheets), key=len)]
        rows = [[title, *row] for title, _h, table in sheets for row in table]
    return download_of(tabular.csv_lines(header, rows), "text/csv; charset=utf-8", f"{name}.csv")


@bp.get("/reports/actions.<any(csv, xlsx):fmt>")
def report_actions_export(fmt: str):
    school, today = current_user.school, clock.today()
    export_ops.note_export(current_user, "action_lists", fmt)
    pupil = ["Pupil", "Year group", "Tutor group", "Why"]

    def rows(found):
        return [[p.name, p.year_group, p.tutor_group, p.why] for p in found]

    actions = lists_q.overdue_actions(school, today)
    sheets = [
        ("No employer this year", pupil, rows(lists_q.no_employer_this_year(school, today))),
        ("No STEM yet", pupil, rows(lists_q.no_stem_yet(school))),
        ("Targeted support", pupil, rows(lists_q.targeted_support(school, today))),
        ("Overdue actions", ["Pupil", "Year group", "Action", "Due"],
         [[a.pupil.name, a.pupil.year_group, a.text, a.due_on] for a in actions]),
        ("Follow-ups overdue", ["Pupil", "Tutor group", "Interview"],
         [[p.name, p.tutor_group, held] for p, held in lists_q.overdue_follow_ups(school, today)]),
    ]
    return sheets_download(fmt, f"lists-that-need-action-{today.isoformat()}", sheets)


@bp.get("/reports/provider-access.<any(csv, xlsx):fmt>")
def report_provider_access_export(fmt: str):
    """Each year group's counts by phase (no names), and the provider statement."""
    school, today = current_user.school, clock.today()
    statuses = list(provider_rules.PhaseStatus)
    years = [[f"Year {y.year_group}", y.phase.number, *(y.counts.get(s, 0) for s in statuses)]
             for y in access_q.by_year(school, today)]
    found = access_q.statement(school, today)
    sessions = [[s.on, s.title, s.provider_type, "; ".join(s.providers), s.year_groups,
                 ", ".join(map(str, s.phases)), s.pupils] for s in found.sessions]
    sheets = [
        ("Year groups", ["Year group", "Phase", *(s.value for s in statuses)], years),
        ("Provider statement", STATEMENT_HEADER, sessions),
    ]
    return sheets_download(fmt, f"provider-access-{today.isoformat()}", sheets)


@bp.get("/reports/sectors.<any(csv, xlsx):fmt>")
def report_sectors_export(fmt: str):
    """One year group's areas of work by gender, and sector breadth (no names)."""
    years = q.year_groups(current_user.school)
    wanted = request.args.get("year", "")
    chosen = next((y for y in years if str(y) == wanted), years[0] if years else None)
    if chosen is None:
        abort(404)
    found = q.sectors(current_user.school, chosen, verified_only=_verified_only())
    genders = rules.GENDERS
    by_sector = [[r.label, *(r.pupils[g] for g, _ in genders)] for r in found.rows]
    breadth = [[n if n < 4 else "4 or more", *(found.breadth[g][n] for g, _ in genders)] for n in range(5)]
    labels = [label for _g, label in genders]
    sheets = [
        (f"Year {chosen} areas of work", ["Area of work", *labels], by_sector),
        (f"Year {chosen} sector breadth", ["Areas met", *labels], breadth),
    ]
    return sheets_download(fmt, f"year-{chosen}-areas-of-work-{clock.today().isoformat()}", sheets)
