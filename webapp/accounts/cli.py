"""Commands: `flask staff create|list|disable` and `flask purge --older-than 90d`."""

from __future__ import annotations

import re
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from webapp.accounts import audit
from webapp.accounts.models import Role, StaffUser
from webapp.accounts.passwords import hash_password, password_problems
from webapp.cli import require_current_schema
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.retention.purge import purge
from webapp.staff.blueprint import bp
from webapp.staff.views.auth import find_user

_AGE = re.compile(r"^\s*(\d+)\s*d?\s*$", re.IGNORECASE)


@bp.cli.group("staff")
@with_appcontext
def staff_group() -> None:
    """Manage campaign staff accounts."""
    require_current_schema()


@staff_group.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.EDITOR.value,
    show_default=True,
)
@click.password_option("--password", prompt="Password", confirmation_prompt=True)
def create_staff(email: str, role: str, password: str) -> None:
    """Create a staff account (the password is asked for twice, and not shown).

    The first admin is made this way (`--role admin`); admins invite everyone else in the browser.
    """
    email = email.strip()
    if "@" not in email:
        raise click.BadParameter("that is not an email address", param_hint="EMAIL")
    problems = password_problems(password, email=email)
    if problems:
        raise click.BadParameter(problems[0], param_hint="password")
    if find_user(email) is not None:
        raise click.ClickException(f"There is already an account for {email}.")
    user = StaffUser(
        email=email,
        password_hash=hash_password(password),
        role=role,
        active=True,
        password_changed_at=utcnow(),
    )
    db.session.add(user)
    db.session.commit()
    audit.record(audit.Action.INVITE, target=email, detail=f"made on the command line as {role}")
    click.echo(f"Created {role} account for {email}.")


@staff_group.command("list")
def list_staff() -> None:
    """List staff accounts: email, role, active, last sign-in."""
    users = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    if not users:
        click.echo("No staff accounts yet. Create one with: flask staff create EMAIL")
    for user in users:
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
        state = "active" if user.active else "disabled"
        click.echo(f"{user.email}\t{user.role}\t{state}\tlast sign-in: {last}")


@staff_group.command("disable")
@click.argument("email")
def disable_staff(email: str) -> None:
    """Disable an account; its open sessions end at once."""
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"There is no account for {email}.")
    user.active = False
    user.end_sessions()
    db.session.commit()
    audit.record(audit.Action.ACCOUNT_DISABLED, target=user.email, subject=user)
    click.echo(f"Disabled {user.email}.")


def parse_age(text: str) -> int:
    """Days from "90d" or "90"."""
    match = _AGE.match(text or "")
    if not match:
        raise click.BadParameter(
            "write it as a number of days, e.g. 90d", param_hint="--older-than"
        )
    return int(match.group(1))


@bp.cli.command("purge")
@click.option(
    "--older-than",
    "older_than",
    default=None,
    help="Age in days, e.g. 90d (default: the PURGE_AFTER_DAYS setting).",
)
def purge_command(older_than: str | None) -> None:
    """Forget supporters' personal data after a set time; letter counts are kept."""
    days = parse_age(older_than) if older_than else int(current_app.config["PURGE_AFTER_DAYS"])
    require_current_schema()
    purged = purge(days)
    click.echo(
        f"Deleted {purged.submissions} submission(s) and {purged.export_files} export file(s) "
        f"older than {days} days, and {purged.drafts} unfinished draft(s). "
        "Letter counts are kept."
    )
    click.echo(
        f"Staff audit log: forgot the address of {purged.audit_addresses} entry(ies) and deleted "
        f"{purged.audit_entries} entry(ies) past their time."
    )
    if purged.tables_rewritten:
        click.echo(f"Rewrote {len(purged.tables_rewritten)} table(s) without the deleted rows.")
    if purged.log_truncated is False:
        click.echo(
            "The database's write-ahead log could not be emptied while the site was reading "
            "it; deleted letters may stay in it until it is. Run the purge again.",
            err=True,
        )


@bp.cli.group("reminders")
def reminders_group() -> None:
    """The "did your MP reply?" reminder emails."""


@reminders_group.command("send")
@click.option("--timeout", default=600, show_default=True, help="Seconds to wait for the job.")
def reminders_send_command(timeout: int) -> None:
    """Queue the job that sends every due reminder, and wait for it (run it e.g. hourly)."""
    from webapp import jobs
    from webapp.replies.mail import reminders_enabled
    from webapp.replies.reminders import send_due_job

    require_current_schema()
    if not reminders_enabled():
        click.echo("No reminders sent: set SMTP_HOST, MAIL_FROM and SITE_URL to send them.")
        return
    job_id = jobs.enqueue(send_due_job)
    jobs.wait(job_id, timeout=timeout)  # a job run in this process; a worker's is polled below
    state = _finished_job(job_id, timeout)
    if state is None or state.result is None:
        click.echo(f"Reminders are being sent by background job {job_id}.")
        return
    result = state.result
    click.echo(
        f"Reminders: {result['sent']} sent, {result['failed']} to try again later, "
        f"{result['dropped']} dropped (letter deleted, or every attempt failed)."
    )


def _finished_job(job_id: int, timeout: int):
    """The job's final state, polling its row (an RQ worker elsewhere runs it), or None."""
    from webapp import jobs
    from webapp.jobs.models import JobStatus

    deadline = time.monotonic() + timeout
    while True:
        db.session.expire_all()
        state = jobs.status(job_id)
        if state is None or state.status in {JobStatus.DONE, JobStatus.FAILED}:
            return state
        if time.monotonic() > deadline:
            return None
        time.sleep(1)
