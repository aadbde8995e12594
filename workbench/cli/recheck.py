"""`workbench recheck RUN_OR_ARTICLE_ID [--json]`: re-run a run's stale verdicts."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.progress import Progress

from workbench.cli.app import app, console, open_workbench, print_json
from workbench.recheck import recheck
from workbench.review import ReviewService


@app.command("recheck")
def recheck_command(
    article_or_run_id: str = typer.Argument(..., help="a run id, or an article id (latest run)"),
    as_json: bool = typer.Option(False, "--json", help="print the result as JSON"),
) -> None:
    """Re-run only the verdicts whose cited documents were replaced or removed since the
    check; each goes back to pending with a 'recheck' event, the review history kept."""
    with open_workbench() as wb:
        run = ReviewService(wb).resolve_run(article_or_run_id)
        with Progress(console=console, transient=True) as bar:
            task = bar.add_task("rechecking", total=None)

            def progress(done: int, total: int, text: str) -> None:
                bar.update(task, completed=done, total=total, description=f"{text[:40]!r}")

            report = recheck(wb, run.run_id, progress)
    if as_json:
        print_json(
            {
                "run_id": report.run_id,
                "current": report.current,
                "rechecked": [
                    {
                        "assertion_id": r.assertion_id,
                        "text": r.text,
                        "reasons": list(r.reasons),
                        "before": r.before.value if r.before else None,
                        "after": r.after.value if r.after else None,
                    }
                    for r in report.rechecked
                ],
                "llm_calls": report.usage.calls,
            }
        )
        return
    for r in report.rechecked:
        before = r.before.value if r.before else "—"
        after = r.after.value if r.after else "—"
        why = escape("; ".join(r.reasons))
        console.print(f"{r.assertion_id}: {before} -> {after} (pending review); {why}")
    console.print(
        f"run {report.run_id}: {len(report.rechecked)} rechecked, {report.current} still current"
    )
