"""`workbench eval DATASET_DIR`: on a claims folder (corpus.jsonl + claims.jsonl) accuracy and
citation quality of the check chain; on a check-worthiness folder (sentences.jsonl) how well
the learned score ranks each document's sentences."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from workbench.cli.app import app, console, open_workbench, print_json
from workbench.evaluate import run_eval, summarise
from workbench.evaluate_checkworthy import (
    SENTENCES,
    fitted_on,
    is_checkworthy_dataset,
    run_checkworthy_eval,
)


@app.command("eval")
def eval_(
    dataset_dir: Path = typer.Argument(
        ..., help="folder with corpus.jsonl and claims.jsonl, or with sentences.jsonl"
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="claims to sample"),
    seed: int = typer.Option(42, "--seed", help="sampling seed"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Run a dataset's claims through the check chain and score the verdicts (resumable), or
    rank a check-worthiness dataset's sentences and score the rankings."""
    if is_checkworthy_dataset(dataset_dir):
        if limit is not None:
            console.print("[bold red]error:[/] --limit applies to claims datasets only")
            raise typer.Exit(2)
        _checkworthiness(dataset_dir, as_json)
        return
    if not (dataset_dir / "claims.jsonl").is_file():
        console.print(
            f"[bold red]error:[/] {escape(str(dataset_dir))} holds neither claims.jsonl (with "
            f"corpus.jsonl: a claims dataset) nor {SENTENCES} (a check-worthiness dataset)"
        )
        raise typer.Exit(2)
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
        "majority_label",
        "majority_accuracy",
        "majority_macro_f1",
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


def _checkworthiness(dataset_dir: Path, as_json: bool) -> None:
    try:
        with console.status(f"ranking the sentences of {dataset_dir.name}"):
            summary = run_checkworthy_eval(dataset_dir)
    except (ValueError, OSError) as exc:
        console.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    seen = fitted_on(summary["per_document"])
    if seen:  # on stderr, so --json output stays one JSON document
        console.print(
            f"[yellow]note:[/] the shipped weights were fitted on {len(seen)} of these "
            f"{summary['n_documents']} documents: their figures are not a measurement on "
            "unseen documents (the training script's leave-one-document-out figures are)"
        )
    if as_json:
        print_json(summary)
        return
    table = Table(
        "figure", "value", title=f"{summary['dataset']}: {summary['n_documents']} documents"
    )
    for key in ("map", "map_speeches", "map_debates", "rr", "p_at_10"):
        table.add_row(key, str(summary[key]))
    console.print(table)
    documents = Table("document", "AP")
    for source, ap in summary["per_document"].items():
        documents.add_row(escape(source), f"{ap:.4f}")
    console.print(documents)
