"""`workbench review sign-off|send-back RUN_ID ASSERTION_ID --user EDITOR`: the second
person's approval that publishes a verdict, or their refusal with a reason (team mode)."""

from __future__ import annotations

import typer
from rich.markup import escape

from workbench.accounts.roles import Action
from workbench.cli.app import console, open_workbench
from workbench.cli.auth import USER, team_account
from workbench.cli.review import CONFLICT_EXIT, SEEN, review_app
from workbench.desk.sign_off import SignOffService
from workbench.records import ReviewState
from workbench.review import VersionConflict


def _act(action: str, run_id: str, assertion_id: str, user: str | None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    conflict: VersionConflict | None = None
    state: ReviewState | None = None
    with open_workbench() as wb:
        editor = team_account(wb, user, Action.SIGN_OFF)
        try:
            state = getattr(SignOffService(wb), action)(run_id, assertion_id, editor, **kwargs)
        except VersionConflict as exc:
            conflict = exc
    # Exit outside open_workbench, which turns RuntimeErrors (VersionConflict) into code 2.
    if conflict is not None:
        console.print(
            f"[bold red]conflict:[/] {escape(str(conflict))}; reload with "
            f"`workbench review list {escape(run_id)} --json` and look again"
        )
        raise typer.Exit(CONFLICT_EXIT)
    assert state is not None
    if state.published:
        done = f"published, signed off by {state.signed_off_by}"
    else:
        done = f"sent back to pending by {state.history[-1].reviewer}"
    decided = f" (decided by {', '.join(state.deciders)})" if state.deciders else ""
    console.print(f"{assertion_id}: {escape(done)}{escape(decided)}, version {state.version}")


@review_app.command("sign-off")
def sign_off(
    run_id: str,
    assertion_id: str,
    user: str | None = USER,
    seen: int | None = SEEN,
) -> None:
    """Publish an accepted or edited verdict: an editor who did not decide it approves it."""
    _act("sign_off", run_id, assertion_id, user, seen_version=seen)


@review_app.command("send-back")
def send_back(
    run_id: str,
    assertion_id: str,
    user: str | None = USER,
    seen: int | None = SEEN,
    reason: str = typer.Option(..., "--reason", help="what the reviewer should look at again"),
) -> None:
    """Refuse to sign off (or withdraw a sign-off): back to pending, with the reason."""
    _act("send_back", run_id, assertion_id, user, reason=reason, seen_version=seen)
