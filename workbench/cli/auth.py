"""Signing in from the command line: `--user NAME`, the password from WORKBENCH_PASSWORD or a
hidden prompt. With no account in the database (laptop mode) nothing is asked."""

from __future__ import annotations

import os

import typer

from workbench.accounts.roles import AccessDenied, Action, a_role, lowest_role
from workbench.accounts.users import UserService
from workbench.records import User
from workbench.services import Workbench

PASSWORD_ENV = "WORKBENCH_PASSWORD"
NEW_PASSWORD_ENV = "WORKBENCH_NEW_PASSWORD"

USER = typer.Option(
    None,
    "--user",
    "-u",
    help=f"team mode: your account (password from ${PASSWORD_ENV} or a prompt)",
)


def password_of(name: str) -> str:
    """The signed-in user's password: the environment's for scripts, else asked for."""
    return os.environ.get(PASSWORD_ENV) or typer.prompt(f"Password for {name}", hide_input=True)


def new_password(name: str, first_account: bool) -> str:
    """A new account's password: WORKBENCH_NEW_PASSWORD, or (for the very first account,
    where nobody signs in) WORKBENCH_PASSWORD, else asked for twice."""
    from_env = os.environ.get(NEW_PASSWORD_ENV) or (
        os.environ.get(PASSWORD_ENV) if first_account else None
    )
    return from_env or typer.prompt(
        f"New password for {name}", hide_input=True, confirmation_prompt=True
    )


def signed_in(wb: Workbench, user: str | None, action: Action) -> User | None:
    """The signed-in user allowed `action` in team mode; None in laptop mode.

    AccessDenied (exit code 2 through open_workbench) when team mode has no --user, the
    password is wrong, the name is locked, or the role may not do `action`.
    """
    users = UserService(wb)
    if not users.team_mode():
        if user:
            raise ValueError(
                "--user is for team mode, and no account exists yet: create the first with "
                "`workbench users add NAME --role admin`"
            )
        return None
    if not user:
        raise AccessDenied(
            f"team mode: to {action} sign in with --user NAME "
            f"({a_role(lowest_role(action))} account or above)"
        )
    return users.sign_in(user, password_of(user), action)


def team_account(wb: Workbench, user: str | None, action: Action) -> User:
    """The signed-in account for a desk action (assign, sign off) that only team mode has."""
    account = signed_in(wb, user, action)
    if account is None:
        raise ValueError(
            f"to {action} the desk needs accounts (team mode): create the first with "
            "`workbench users add NAME --role admin`"
        )
    return account
