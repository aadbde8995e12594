"""`workbench review bulk-accept RUN_ID --label L [--rule-only]`: list what a filter picks,
ask, then accept each at the version listed (a verdict changed meanwhile is skipped)."""

from __future__ import annotations

import typer
from rich.markup import escape

from workbench.accounts.roles import Action
from workbench.accounts.users import reviewer_name
from workbench.cli.app import console, open_workbench, print_json
from workbench.cli.auth import USER, signed_in
from workbench.cli.review import REVIEWER, review_app
from workbench.records import Label
from workbench.review import ReviewService
from workbench.review_bulk import BulkFilter, BulkOutcome, bulk_accept, bulk_candidates


@review_app.command("bulk-accept")
def bulk_accept_command(
    article_or_run_id: str,
    label: Label | None = typer.Option(None, "--label", case_sensitive=False),
    rule_only: bool = typer.Option(
        False, "--rule-only", help="only verdicts a rule settled (no model verdict)"
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="accept without asking"),
    as_json: bool = typer.Option(False, "--json"),
    reviewer: str | None = REVIEWER,
    user: str | None = USER,
) -> None:
    """Accept every pending, unflagged verdict of a run that the filter picks, after listing
    them; each gets its own versioned accept event."""
    chosen = BulkFilter(label=label, rule_only=rule_only)
    with open_workbench() as wb:
        who = reviewer_name(signed_in(wb, user, Action.REVIEW), reviewer)
        service = ReviewService(wb)
        run_id = service.resolve_run(article_or_run_id).run_id
        picked = bulk_candidates(service.results(run_id), chosen)
        for result, _ in picked:
            console.print(f"{result.assertion.assertion_id}  {escape(result.assertion.text[:70])}")
        console.print(f"{len(picked)} {chosen.describe()} in run {run_id}")
        outcome = BulkOutcome()
        if picked and (yes or typer.confirm(f"Accept these {len(picked)}?", err=True)):
            seen = {r.assertion.assertion_id: s.version for r, s in picked}
            outcome = bulk_accept(service, run_id, who, chosen, seen)
    for skip in outcome.skipped:
        console.print(f"[yellow]skipped[/] {skip.assertion_id}: {escape(skip.reason)}")
    console.print(f"accepted {len(outcome.accepted)}, skipped {len(outcome.skipped)}")
    if as_json:
        print_json(outcome.model_dump(mode="json"))
