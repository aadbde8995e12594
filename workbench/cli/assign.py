"""`workbench assign RUN_ID USER [--assertion ID ...]` and `workbench assign --list`: an
editor gives a run, or single assertions of it, to a reviewer (team mode)."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from workbench.accounts.roles import Action
from workbench.cli.app import app, console, open_workbench, print_json
from workbench.cli.auth import PASSWORD_ENV, team_account
from workbench.desk.assignments import AssignmentService
from workbench.records import Assignment


def _what(a: Assignment) -> str:
    return f"assertion {a.assertion_id} of run {a.run_id}" if a.assertion_id else f"run {a.run_id}"


def _list(assignee: str | None, run_id: str | None, as_json: bool) -> None:
    with open_workbench() as wb:
        found = AssignmentService(wb).list(assignee=assignee, run_id=run_id)
    if as_json:
        print_json([a.model_dump(mode="json") for a in found])
        return
    if not found:
        console.print("no assignment" + (f" for {escape(assignee)}" if assignee else ""))
        return
    table = Table("run", "assertion", "assignee", "assigned by", "at")
    for a in found:
        table.add_row(
            a.run_id,
            a.assertion_id or "(whole run)",
            escape(a.assignee),
            escape(a.assigned_by),
            f"{a.assigned_at:%Y-%m-%d %H:%M}",
        )
    console.print(table)


@app.command()
def assign(
    run_id: str | None = typer.Argument(None, help="the run to assign (all of it, or --assertion)"),
    assignee: str | None = typer.Argument(None, metavar="USER", help="the account that reviews it"),
    assertion: list[str] | None = typer.Option(
        None, "--assertion", "-a", help="one assertion of the run (repeatable); default: all"
    ),
    remove: bool = typer.Option(False, "--remove", help="take the assignment back (no USER)"),
    list_: bool = typer.Option(False, "--list", help="list assignments (no sign-in needed)"),
    as_json: bool = typer.Option(False, "--json", help="with --list: JSON on stdout"),
    user: str | None = typer.Option(
        None,
        "--user",
        "-u",
        help=f"your account, an editor or admin (password from ${PASSWORD_ENV} or a prompt); "
        "with --list: whose assignments to list",
    ),
) -> None:
    """Assign a run, or single assertions of it, to a reviewer (editors and admins).

    Assigning what is assigned already hands it over to the new assignee. With --list,
    the assignments (of --user NAME, or of RUN_ID) and who made them.
    """
    if list_:
        _list(user, run_id, as_json)
        return
    with open_workbench() as wb:
        if not run_id or not (assignee or remove):
            raise ValueError("say what to assign to whom: `workbench assign RUN_ID USER -u YOU`")
        if remove and assignee:
            raise ValueError("--remove takes the run (and --assertion), not an assignee")
        editor = team_account(wb, user, Action.ASSIGN)
        service = AssignmentService(wb)
        if remove:
            removed = service.unassign(run_id, assertion or (), by=editor)
            console.print(f"took back {removed} assignment{'' if removed == 1 else 's'}")
            return
        assert assignee is not None
        made = service.assign(run_id, assignee, assertion or (), by=editor)
    for a in made:
        console.print(f"assigned {_what(a)} to {escape(a.assignee)} (by {escape(a.assigned_by)})")
