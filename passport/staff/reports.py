"""The careers leader's reports (issue 11): the cohort report by year group and criterion, with
a verified-only switch and breakdowns by SEN, EHC plan, FSM, pupil premium, in care and gender
(requirements item 32), each figure opening the pupils behind it; the lists that need action and
provider access. Their downloads are in report_exports.py, the website page in website.py."""

from __future__ import annotations

from flask import abort
from flask import render_template
from flask import request
from flask_login import current_user

from .. import access
from .. import clock
from ..documents import tabular
from ..documents.download import attachment
from ..documents.download import CSV
from ..domain import action_lists as lists
from ..domain import provider_access as provider_rules
from ..domain import reports as rules
from ..queries import action_lists as lists_q
from ..queries import provider_access as access_q
from ..queries import reports as q
from . import bp


def wants_verified_only() -> bool:
    """The reports' switch: count only entries school confirmed (``?verified=1``)."""
    return request.args.get("verified") == "1"


def chosen_year(years: list[int]) -> int | None:
    """The year group asked for (``?year=``) if it has pupils, else the youngest."""
    wanted = request.args.get("year", "")
    return next((y for y in years if str(y) == wanted), years[0] if years else None)


@bp.get("/reports")
def reports():
    """One year group's cohort report: a chart of how many have met each criterion, and the
    table by group of pupils. Only that year's pupils are read (bench/reports.py)."""
    verified_only = wants_verified_only()
    years = q.year_groups(current_user.school)
    chosen = chosen_year(years)
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
    verified_only = wants_verified_only()
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
    return attachment(tabular.csv_lines(STATEMENT_HEADER, rows), name, CSV)
