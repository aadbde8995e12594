"""`workbench users add|list|disable|enable|set-role|set-password`: accounts for team mode."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from workbench.accounts.roles import Action
from workbench.accounts.users import UserService
from workbench.cli.app import app, console, open_workbench, print_json
from workbench.cli.auth import USER, new_password, password_of, signed_in
from workbench.records import Role, User

users_app = typer.Typer(
    help="Accounts and roles (team mode). The first account must be an admin.",
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")

ROLE = typer.Option(..., "--role", case_sensitive=False, help="reviewer, editor or admin")


def _said(user: User) -> str:
    return f"{escape(user.name)} ({user.role.value}{', disabled' if user.disabled else ''})"


@users_app.command("add")
def add(name: str, role: Role = ROLE, user: str | None = USER) -> None:
    """Add an account. Its password: $WORKBENCH_NEW_PASSWORD, or a prompt (typed twice).

    The first account needs no --user and must be an admin; after it, an admin adds the
    others. For the first account $WORKBENCH_PASSWORD is read as the new password too.
    """
    with open_workbench() as wb:
        users = UserService(wb)
        first = not users.team_mode()
        by = None if first else signed_in(wb, user, Action.MANAGE_USERS)
        added = users.add(name, role, new_password(name, first_account=first), by)
    console.print(f"added {_said(added)}" + (": team mode is on" if first else ""))


@users_app.command("list")
def list_(as_json: bool = typer.Option(False, "--json")) -> None:
    """List accounts: name, role, whether disabled, last sign-in (never a password)."""
    with open_workbench() as wb:
        accounts = UserService(wb).list()
    if as_json:
        print_json([a.model_dump(mode="json") for a in accounts])
        return
    table = Table("name", "role", "state", "created", "last sign-in")
    for a in accounts:
        table.add_row(
            escape(a.name),
            a.role.value,
            "disabled" if a.disabled else "active",
            f"{a.created_at:%Y-%m-%d %H:%M}",
            f"{a.last_sign_in_at:%Y-%m-%d %H:%M}" if a.last_sign_in_at else "never",
        )
    console.print(
        table
        if accounts
        else "no account: laptop mode. Create the first admin with "
        "`workbench users add NAME --role admin`"
    )


@users_app.command("disable")
def disable(name: str, user: str | None = USER) -> None:
    """Disable an account: it can no longer sign in (its past actions stay under its name)."""
    with open_workbench() as wb:
        changed = UserService(wb).disable(name, signed_in(wb, user, Action.MANAGE_USERS))
    console.print(f"disabled {_said(changed)}")


@users_app.command("enable")
def enable(name: str, user: str | None = USER) -> None:
    """Enable an account again, and lift a lock after failed sign-ins."""
    with open_workbench() as wb:
        changed = UserService(wb).enable(name, signed_in(wb, user, Action.MANAGE_USERS))
    console.print(f"enabled {_said(changed)}")


@users_app.command("set-role")
def set_role(
    name: str,
    role: Role = typer.Argument(..., case_sensitive=False, help="reviewer, editor or admin"),
    user: str | None = USER,
) -> None:
    """Change an account's role."""
    with open_workbench() as wb:
        changed = UserService(wb).set_role(name, role, signed_in(wb, user, Action.MANAGE_USERS))
    console.print(f"{_said(changed)}")


@users_app.command("set-password")
def set_password(name: str, user: str | None = USER) -> None:
    """Set a new password: your own (--user NAME), or anyone's as an admin."""
    with open_workbench() as wb:
        users = UserService(wb)
        if not user:
            raise ValueError("sign in with --user NAME: your own name, or an admin's")
        own = user.strip().casefold() == name.strip().casefold()
        by = users.authenticate(user, password_of(user)) if own else None
        by = by or signed_in(wb, user, Action.MANAGE_USERS)
        changed = users.set_password(name, new_password(name, first_account=False), by)
    console.print(f"new password set for {_said(changed)}")
