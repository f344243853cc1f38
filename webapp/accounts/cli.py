"""`flask staff create|list|disable`: staff accounts from the command line (the first admin)."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from webapp.accounts import audit, users
from webapp.accounts.models import Role
from webapp.accounts.passwords import password_problems
from webapp.schema import require_current_schema


@click.group("staff", cls=AppGroup)
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
    try:
        users.create(email, role, password)
    except users.AlreadyExists:
        raise click.ClickException(f"There is already an account for {email}.") from None
    audit.record(audit.Action.INVITE, target=email, detail=f"made on the command line as {role}")
    click.echo(f"Created {role} account for {email}.")


@staff_group.command("list")
def list_staff() -> None:
    """List staff accounts: email, role, active, last sign-in."""
    everyone = users.everyone()
    if not everyone:
        click.echo("No staff accounts yet. Create one with: flask staff create EMAIL")
    for user in everyone:
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "never"
        state = "active" if user.active else "disabled"
        click.echo(f"{user.email}\t{user.role}\t{state}\tlast sign-in: {last}")


@staff_group.command("disable")
@click.argument("email")
def disable_staff(email: str) -> None:
    """Disable an account; its open sessions end at once."""
    user = users.find_user(email)
    if user is None:
        raise click.ClickException(f"There is no account for {email}.")
    users.disable(user)
    click.echo(f"Disabled {user.email}.")
