"""``flask passport ...`` commands for set-up and administration."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func
from sqlalchemy import select

from . import clock
from . import demo
from .extensions import db
from .models import Role
from .models import School
from .models import TutorGroup
from .models import User
from .operations import accounts
from .operations import imports
from .operations import people
from .operations import staff_admin
from .queries.import_preview import preview_pupils_csv

passport_cli = AppGroup("passport", help="Career Passport administration.")


def _school(code: str) -> School:
    """The school with ``code``, or a usage error naming the command that makes one."""
    school = db.session.scalar(select(School).where(School.code == code.strip().lower()))
    if school is None:
        raise click.ClickException(f"No school has the code {code!r} (see `flask passport create-school`).")
    return school


@passport_cli.command("create-school")
@click.argument("name")
@click.argument("code")
def create_school_command(name: str, code: str) -> None:
    """Add the school NAME, known to the other commands by its short CODE (e.g. oak)."""
    try:
        school = people.create_school(name, code)
    except people.Taken:
        raise click.ClickException(f"A school with the code {code!r} already exists.") from None
    click.echo(f"Created {school.name} (code {school.code}).")


@passport_cli.command("add-staff")
@click.option("--school", "code", required=True, help="The school's code.")
@click.option("--role", type=click.Choice([role.value for role in staff_admin.ADMIN_ROLES]), required=True)
@click.option("--first", required=True, help="First name.")
@click.option("--last", required=True, help="Last name.")
@click.option("--email", required=True, help="Email address, which is also their username.")
def add_staff_command(code: str, role: str, first: str, last: str, email: str) -> None:
    """Add a member of staff and print the one-time code they set their password with."""
    school = _school(code)
    if "@" not in email:
        raise click.BadParameter("is not an email address.", param_hint="--email")
    try:
        user = staff_admin.add_staff_member(
            None, school, role=Role(role), first_name=first, last_name=last, email=email
        )
    except people.Taken:
        raise click.ClickException(f"{email!r} already has an account.") from None
    setup_code = accounts.issue_setup_codes(None, [user])[user.id]
    click.echo(f"Added {user.display_name} ({role}) to {school.name}.")
    click.echo(f"Username: {user.username}")
    days = current_app.config["SETUP_CODE_DAYS"]
    click.echo(f"Setup code: {setup_code} (shown once; it works once, on the /setup page, for {days} days)")


def _user(username: str) -> User:
    """The account ``username`` (any case), or a usage error."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account has the username {username!r}.")
    return user


@passport_cli.command("deactivate-user")
@click.argument("username")
@click.option("--reason", required=True, help="Why (kept in the audit trail), e.g. 'left the school'.")
def deactivate_user_command(username: str, reason: str) -> None:
    """Stop USERNAME signing in and end all their sessions at once (their record stays). The
    school's last active careers leader cannot be deactivated."""
    user = _user(username)
    try:
        staff_admin.deactivate(None, user, reason)
    except staff_admin.Refused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Deactivated {user.username}: every session ended, and they can no longer sign in.")


@passport_cli.command("reactivate-user")
@click.argument("username")
def reactivate_user_command(username: str) -> None:
    """Let the deactivated USERNAME sign in again (with their old password or a setup code)."""
    user = _user(username)
    staff_admin.reactivate(None, user)
    click.echo(f"Reactivated {user.username}.")


@passport_cli.command("purge-destinations")
def purge_destinations_command() -> None:
    """Delete leavers' destinations past the retention rule (kept 3 years after leaving), in
    every school. Run it daily, e.g. from cron; saving a destination applies it too."""
    from .operations import destinations

    count = destinations.purge_expired(None, clock.today())
    db.session.commit()
    click.echo(f"Deleted {count} destination{'s' if count != 1 else ''} past the retention rule.")


@passport_cli.command("set-tutor")
@click.argument("group")
@click.argument("username")
def set_tutor_command(group: str, username: str) -> None:
    """Make the tutor USERNAME the tutor of GROUP (a tutor group of their own school)."""
    tutor = _user(username)
    found = db.session.scalar(
        select(TutorGroup).where(
            TutorGroup.school_id == tutor.school_id, func.lower(TutorGroup.name) == group.strip().lower()
        )
    )
    if found is None:
        raise click.ClickException(f"{tutor.school.name} has no tutor group {group!r}.")
    try:
        staff_admin.set_tutor(None, found, tutor)
    except staff_admin.Refused as refused:
        raise click.ClickException(f"{tutor.username}: {refused}") from None
    click.echo(f"{found.name} ({tutor.school.name}): tutor {tutor.display_name} ({tutor.username}).")


def _echo_preview(preview, school: School) -> None:
    """What the import would do: name changes first and flagged, then every other change."""
    for update in preview.updates:
        flag = "NAME CHANGE " if update.renames else "change      "
        pupil = update.pupil.user
        changes = "; ".join(
            f"{c.what}: {c.old} -> {c.new}" if c.old else f"{c.what}: {c.new}" for c in update.changes
        )
        click.echo(f"{flag}{update.row.upn} {pupil.first_name} {pupil.last_name}: {changes}")
    for row in preview.new:
        where = f"Year {row.year_group}, {row.tutor_group}"
        click.echo(f"new         {row.upn} {row.first_name} {row.last_name} ({where})")
    for group, now, tutor in preview.tutor_changes:
        click.echo(f"tutor       {group}: {now} -> {tutor}")
    for message in preview.tutors_not_set:
        click.echo(f"NOT SET     tutor of {message}")
    click.echo(
        f"Preview for {school.name}: {len(preview.new)} new, {len(preview.updates)} changed, "
        f"{preview.unchanged} unchanged, {len(preview.new_groups)} new tutor group(s)."
    )
    if preview.renamed:
        click.echo(
            f"WARNING: {len(preview.renamed)} pupil(s) would get a different name. Pupils are matched "
            "by UPN: check each NAME CHANGE in your MIS before you confirm."
        )


@passport_cli.command("import-pupils")
@click.argument("file", type=click.File("rb"))
@click.option("--school", "code", required=True, help="The school's code.")
@click.option("--yes", is_flag=True, help="Apply without asking, after printing the preview.")
def import_pupils_command(file, code: str, yes: bool) -> None:
    """Create or update the pupils in FILE, a CSV exported from the school's MIS.

    Prints a preview of every change first (name changes flagged) and imports only after you
    confirm, or with --yes. All or nothing: if any row has a problem, each one is listed and
    nothing is imported.
    """
    school = _school(code)
    data = file.read()
    preview = preview_pupils_csv(school, data, clock.today())
    if not preview.ok:
        for problem in preview.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"Nothing was imported: {len(preview.problems)} problem(s) in {file.name}. "
            "Fix them and run it again."
        )
    _echo_preview(preview, school)
    if not yes:
        try:
            yes = click.confirm("Import these changes?", default=False)
        except click.Abort:  # no terminal to ask (CI): say how, rather than guess
            yes = False
        if not yes:
            raise click.ClickException("Nothing was imported. Run it again with --yes to apply the preview.")
    report = imports.import_pupils(school, None, preview.rows)
    if not report.ok:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("Nothing was imported.")
    for verb, users in (("created", report.created), ("updated", report.updated)):
        for user in users:
            group = user.pupil.tutor_group.name if user.pupil.tutor_group else "-"
            click.echo(f"{verb:<8} {user.username:<32} {user.display_name} ({group})")
    for message in report.tutors_not_set:
        click.echo(f"Tutor not set: {message}", err=True)
    click.echo(
        f"{len(report.created)} pupil(s) created, {len(report.updated)} updated, "
        f"{len(report.groups_created)} new tutor group(s) in {school.name}."
    )


@passport_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if the database already has a school.")
@click.option("--seed", type=int, default=demo.DEFAULT_SEED, show_default=True,
              help="The same seed and --today build the same school.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Build the records as they stand on this date (default: today in England).")
@click.option("--pupils-per-group", type=click.IntRange(1, 40), default=demo.PUPILS_PER_GROUP,
              show_default=True, help="Pupils in each of the 14 tutor groups (plus 0 or 1).")
def demo_command(if_empty: bool, seed: int, today, pupils_per_group: int) -> None:
    """Build a demo school (Years 7-13, about 200 pupils with records) and print sign-ins."""
    if if_empty and db.session.scalar(select(School.id).limit(1)) is not None:
        click.echo("The database already has a school, so no demo school was built.")
        return
    on = today.date() if today else clock.today()
    started = time.perf_counter()
    try:
        built = demo.build_demo(today=on, seed=seed, pupils_per_group=pupils_per_group)
    except people.Taken:
        raise click.ClickException(f"The demo school (code {demo.SCHOOL_CODE!r}) already exists.") from None
    click.echo("\n".join(demo.summary(built, on)))
    click.echo(f"(built in {time.perf_counter() - started:.1f} s)")


@passport_cli.command("worker")
@click.option("--workers", type=int, default=None, help="How many tasks at once (default TASK_WORKERS, 2).")
def worker_command(workers: int | None) -> None:
    """Run the task queue's worker (passport/tasks.py): the year group's leavers' folders are
    made here, not in the web app. Stop it with Ctrl-C; a task it was making is made again."""
    from flask import current_app

    from .tasks import consumer

    click.echo(f"Worker: {current_app.config.get('TASK_QUEUE_URL') or 'SQLite in instance/tasks.sqlite3'}")
    consumer(current_app._get_current_object(), workers=workers).run()
