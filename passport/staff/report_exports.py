"""The reports as downloads (issue 11 item 6; requirements item 34: "CSV/Excel export"): the
cohort report, every activity (one row per pupil per activity, streamed, audited), and every
other report as CSV or one Excel workbook (documents/tabular.py neutralises formulas)."""

from __future__ import annotations

from flask import abort
from flask import stream_with_context
from flask_login import current_user

from .. import clock
from ..documents import tabular
from ..documents.download import attachment
from ..documents.download import CSV
from ..documents.download import XLSX
from ..domain import provider_access as provider_rules
from ..domain import reports as rules
from ..operations import exports as export_ops
from ..queries import action_lists as lists_q
from ..queries import exports
from ..queries import provider_access as access_q
from ..queries import reports as q
from . import bp
from .reports import chosen_year
from .reports import STATEMENT_HEADER
from .reports import wants_verified_only

# --- exports (issue 11 item 6; requirements item 34) --------------------------------------------


def _cohort_export(kind: str):
    verified_only = wants_verified_only()
    years = q.cohort(current_user.school, clock.today(), verified_only=verified_only)
    name = f"cohort-report{'-verified-only' if verified_only else ''}-{clock.today().isoformat()}"
    if kind == "csv":
        return attachment(
            tabular.csv_lines(exports.COHORT_HEADER, exports.cohort_rows(years)), f"{name}.csv", CSV
        )
    return attachment(
        tabular.xlsx_file([("Cohort report", exports.COHORT_HEADER, exports.cohort_rows(years))]),
        f"{name}.xlsx",
        XLSX,
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
        return attachment(body, f"{name}.csv", CSV)
    book = tabular.xlsx_file([("Activities", exports.ACTIVITY_HEADER, rows)])
    return attachment(book, f"{name}.xlsx", XLSX)


@bp.get("/reports/activities.csv")
def report_activities_csv():
    """Every activity on every pupil's record, one row per pupil per activity, streamed."""
    return _activities_export("csv")


@bp.get("/reports/activities.xlsx")
def report_activities_xlsx():
    return _activities_export("xlsx")


# --- every other report as CSV or Excel (issue 11 item 6: "every report as CSV (and XLSX)") -----


def sheets_download(fmt: str, name: str, sheets: list[tuple[str, list[str], list[list]]]):
    """Tables as one Excel workbook (a sheet each), or one CSV (a first column naming the table
    when there are several)."""
    if fmt == "xlsx":
        return attachment(tabular.xlsx_file(sheets), f"{name}.xlsx", XLSX)
    if len(sheets) == 1:
        _title, header, rows = sheets[0]
    else:
        header = ["Table", *max((h for _t, h, _r in sheets), key=len)]
        rows = [[title, *row] for title, _h, table in sheets for row in table]
    return attachment(tabular.csv_lines(header, rows), f"{name}.csv", CSV)


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
        (
            "Overdue actions",
            ["Pupil", "Year group", "Action", "Due"],
            [[a.pupil.name, a.pupil.year_group, a.text, a.due_on] for a in actions],
        ),
        (
            "Follow-ups overdue",
            ["Pupil", "Tutor group", "Interview"],
            [[p.name, p.tutor_group, held] for p, held in lists_q.overdue_follow_ups(school, today)],
        ),
    ]
    return sheets_download(fmt, f"lists-that-need-action-{today.isoformat()}", sheets)


@bp.get("/reports/provider-access.<any(csv, xlsx):fmt>")
def report_provider_access_export(fmt: str):
    """Each year group's counts by phase (no names), and the provider statement."""
    school, today = current_user.school, clock.today()
    statuses = list(provider_rules.PhaseStatus)
    years = [
        [f"Year {y.year_group}", y.phase.number, *(y.counts.get(s, 0) for s in statuses)]
        for y in access_q.by_year(school, today)
    ]
    found = access_q.statement(school, today)
    sessions = [
        [
            s.on,
            s.title,
            s.provider_type,
            "; ".join(s.providers),
            s.year_groups,
            ", ".join(map(str, s.phases)),
            s.pupils,
        ]
        for s in found.sessions
    ]
    sheets = [
        ("Year groups", ["Year group", "Phase", *(s.value for s in statuses)], years),
        ("Provider statement", STATEMENT_HEADER, sessions),
    ]
    return sheets_download(fmt, f"provider-access-{today.isoformat()}", sheets)


@bp.get("/reports/sectors.<any(csv, xlsx):fmt>")
def report_sectors_export(fmt: str):
    """One year group's areas of work by gender, and sector breadth (no names)."""
    chosen = chosen_year(q.year_groups(current_user.school))
    if chosen is None:
        abort(404)
    found = q.sectors(current_user.school, chosen, verified_only=wants_verified_only())
    genders = rules.GENDERS
    by_sector = [[r.label, *(r.pupils[g] for g, _ in genders)] for r in found.rows]
    breadth = [[n if n < 4 else "4 or more", *(found.breadth[g][n] for g, _ in genders)] for n in range(5)]
    labels = [label for _g, label in genders]
    sheets = [
        (f"Year {chosen} areas of work", ["Area of work", *labels], by_sector),
        (f"Year {chosen} sector breadth", ["Areas met", *labels], breadth),
    ]
    return sheets_download(fmt, f"year-{chosen}-areas-of-work-{clock.today().isoformat()}", sheets)
