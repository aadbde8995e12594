"""`workbench review blind|resolve|disagreements|agreement`: blind double review from the
command line (team mode): an editor names a run's two reviewers, resolves where they
disagree, and reads how far reviewers agree (Cohen's kappa)."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from workbench.accounts.roles import Action
from workbench.cli.app import console, open_workbench, print_json
from workbench.cli.auth import USER, team_account
from workbench.cli.review import CONFLICT_EXIT, SEEN, review_app
from workbench.desk import agreement
from workbench.desk.blind import BlindReviewService
from workbench.desk.queues import disagreements as disagreement_queue
from workbench.records import Label, ReviewState
from workbench.review import VersionConflict


@review_app.command("blind")
def blind(
    run_id: str,
    reviewers: str = typer.Option(
        ..., "--reviewers", help="the two accounts that review the run blind: A,B"
    ),
    user: str | None = USER,
) -> None:
    """Put a run under blind double review by two reviewers (editors).

    Each decides every pending verdict without seeing the other's decision until both
    have; agreement settles it, a disagreement goes to an editor.
    """
    with open_workbench() as wb:
        editor = team_account(wb, user, Action.BLIND_REVIEW)
        made = BlindReviewService(wb).switch_on(run_id, reviewers.split(","), by=editor)
    a, b = made.reviewers
    console.print(
        f"run {made.run_id}: blind double review by {escape(a)} and {escape(b)} "
        f"(set by {escape(made.set_by)})"
    )


@review_app.command("resolve")
def resolve(
    run_id: str,
    assertion_id: str,
    take: str | None = typer.Option(
        None, "--take", help="take this blind reviewer's decision as it is"
    ),
    label: Label | None = typer.Option(
        None, "--label", case_sensitive=False, help="or set the label yourself"
    ),
    rationale: str | None = typer.Option(None, "--rationale", help="with --label"),
    user: str | None = USER,
    seen: int | None = SEEN,
) -> None:
    """Decide a verdict two blind reviewers disagree on (editors, not one of the two).

    The decision is a review event that records both votes.
    """
    conflict: VersionConflict | None = None
    state: ReviewState | None = None
    with open_workbench() as wb:
        editor = team_account(wb, user, Action.RESOLVE)
        try:
            state = BlindReviewService(wb).resolve(
                run_id,
                assertion_id,
                editor,
                take=take,
                label=label,
                rationale=rationale,
                seen_version=seen,
            )
        except VersionConflict as exc:
            conflict = exc
    # Exit outside open_workbench, which turns RuntimeErrors (VersionConflict) into code 2.
    if conflict is not None:
        console.print(f"[bold red]conflict:[/] {escape(str(conflict))}")
        raise typer.Exit(CONFLICT_EXIT)
    assert state is not None
    settled = state.current.label.value if state.current.label else "—"
    console.print(
        f"{assertion_id}: {state.status.value} ({settled}) by {escape(editor.name)}, "
        f"version {state.version}"
    )


@review_app.command("disagreements")
def disagreements(
    user: str | None = typer.Option(
        None, "--user", "-u", help="leave out the verdicts this account voted on"
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The verdicts whose two blind reviewers disagree, waiting for an editor."""
    with open_workbench() as wb:
        items = disagreement_queue(wb, user or "")
    if as_json:
        print_json([item.model_dump(mode="json") for item in items])
        return
    if not items:
        console.print("no disagreement waits")
        return
    table = Table("run", "assertion", "text", "votes", "version")
    for item in items:
        table.add_row(
            item.run_id,
            item.assertion_id,
            escape(item.text[:60]),
            escape("; ".join(item.blind_votes)),
            str(item.version),
        )
    console.print(table)


def _kappa(found: agreement.Agreement) -> str:
    if found.kappa is None:
        return "undefined" if found.n else "—"
    return f"{found.kappa:.3f}"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@review_app.command("agreement")
def agreement_(
    run: str | None = typer.Option(None, "--run", help="one run only"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Cohen's kappa of the blind reviewers, per reviewer pair and per run.

    Over the verdicts both decided (their first round), each vote counted as the label it
    leaves: the machine's when accepted, the reviewer's when edited, REJECTED when rejected.
    """
    with open_workbench() as wb:
        pairs = agreement.by_pair(wb, run)
        runs = agreement.by_run(wb, run)
    if as_json:
        print_json(
            {
                "pairs": [p.model_dump(mode="json") for p in pairs],
                "runs": [r.model_dump(mode="json") for r in runs],
            }
        )
        return
    if not runs:
        console.print("no run is under blind double review: `workbench review blind RUN_ID`")
        return
    by_pair = Table("reviewers", "runs", "n", "observed", "expected", "kappa", title="per pair")
    for p in pairs:
        found = p.agreement
        by_pair.add_row(
            escape(" & ".join(p.reviewers)),
            str(len(p.runs)),
            str(found.n),
            _share(found.observed),
            _share(found.expected),
            _kappa(found),
        )
    by_run = Table("run", "article", "reviewers", "n", "observed", "expected", "kappa")
    by_run.title = "per run"
    for r in runs:
        found = r.agreement
        by_run.add_row(
            r.run_id,
            escape(r.article_title[:40]),
            escape(" & ".join(r.reviewers)),
            str(found.n),
            _share(found.observed),
            _share(found.expected),
            _kappa(found),
        )
    console.print(by_pair)
    console.print(by_run)
    if any(r.agreement.n and r.agreement.kappa is None for r in runs):
        console.print(
            "kappa is undefined where both reviewers gave every verdict one and the same "
            "label: chance agreement is then 1"
        )
