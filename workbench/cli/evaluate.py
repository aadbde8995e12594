"""`workbench eval DATASET_DIR`: accuracy and citation quality on a benchmark folder."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from workbench.cli.app import app, console, open_workbench, print_json
from workbench.evaluate import run_eval, summarise


@app.command("eval")
def eval_(
    dataset_dir: Path = typer.Argument(..., help="folder with corpus.jsonl and claims.jsonl"),
    limit: int | None = typer.Option(None, "--limit", min=1, help="claims to sample"),
    seed: int = typer.Option(42, "--seed", help="sampling seed"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Run a dataset's claims through the check chain and score the verdicts (resumable)."""
    with open_workbench() as wb:
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(f"evaluating {dataset_dir.name}", total=None)
            name, outcomes = run_eval(
                wb,
                dataset_dir,
                limit,
                seed,
                lambda done, total: bar.update(task, completed=done, total=total),
            )
    summary = summarise(name, outcomes)
    if as_json:
        print_json(summary)
        return
    table = Table("figure", "value", title=f"{name}: {summary['n']} claims")
    for key in (
        "accuracy",
        "macro_f1",
        "confidence_ece",
        "evidence_recall_at_5",
        "n_with_gold",
        "citation_precision",
        "proposed_citations",
        "fabricated_citations",
        "citation_drop_rate",
        "gold_evidence_unlocated",
        "llm_calls_per_claim",
        "tokens_per_claim",
        "seconds_per_claim",
    ):
        table.add_row(key, str(summary[key]))
    console.print(table)
    labels = Table("label", "precision", "recall", "f1", "support")
    for label, figures in summary["per_label"].items():
        labels.add_row(label, *(str(figures[k]) for k in ("precision", "recall", "f1", "support")))
    console.print(labels)
    console.print(
        "confusion (gold -> predicted): "
        + "; ".join(
            f"{gold} -> " + ", ".join(f"{p} {k}" for p, k in row.items())
            for gold, row in summary["confusion"].items()
        )
    )
    console.print(
        "macro-F1 averages over gold and predicted labels; evidence recall@5 is hit@5 over the "
        f"distinct documents shown to the model, over the {summary['n_with_gold']} claims "
        "that name a gold document."
    )
