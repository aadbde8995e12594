"""`workbench eval DATASET_DIR`: on a claims folder (corpus.jsonl + claims.jsonl) accuracy and
citation quality of the check chain; on a check-worthiness folder (sentences.jsonl) how well
the learned score ranks each document's sentences; on a claim-matching folder
(factchecks.jsonl + queries.jsonl) how well the matcher finds earlier fact-checks."""

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
from workbench.evaluate_matching import (
    FACTCHECKS,
    QUERIES,
    fitted_on_these,
    is_matching_dataset,
    run_matching_eval,
)


@app.command("eval")
def eval_(
    dataset_dir: Path = typer.Argument(
        ...,
        help="folder with corpus.jsonl and claims.jsonl, with sentences.jsonl, or with "
        "factchecks.jsonl and queries.jsonl",
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="claims or queries to sample"),
    seed: int = typer.Option(42, "--seed", help="sampling seed"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Run a dataset's claims through the check chain and score the verdicts (resumable),
    rank a check-worthiness dataset's sentences and score the rankings, or look up every
    query of a claim-matching dataset in its fact-checks and score the rankings."""
    if is_matching_dataset(dataset_dir):
        _matching(dataset_dir, limit, seed, as_json)
        return
    if is_checkworthy_dataset(dataset_dir):
        if limit is not None:
            console.print("[bold red]error:[/] --limit applies to claims datasets only")
            raise typer.Exit(2)
        _checkworthiness(dataset_dir, as_json)
        return
    if not (dataset_dir / "claims.jsonl").is_file():
        console.print(
            f"[bold red]error:[/] {escape(str(dataset_dir))} holds neither claims.jsonl (with "
            f"corpus.jsonl: a claims dataset), nor {SENTENCES} (a check-worthiness dataset), nor "
            f"{FACTCHECKS} with {QUERIES} (a claim-matching dataset)"
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
        "confident_share",
        "confident_accuracy",
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


def _matching(dataset_dir: Path, limit: int | None, seed: int, as_json: bool) -> None:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        in_sample = fitted_on_these(dataset_dir)
        with open_workbench() as wb, Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(f"evaluating {dataset_dir.name}", total=None)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, description=stage, completed=done, total=total)

            summary = run_matching_eval(wb.settings.home, dataset_dir, limit, seed, progress)
    except (ValueError, OSError) as exc:
        console.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if in_sample:  # on stderr, so --json output stays one JSON document
        console.print(
            "[yellow]note:[/] the shipped re-ranker and its threshold were fitted on these "
            "queries: these figures are in-sample, not a measurement on unseen claims (the "
            "training script's cross-validated figures are, see BENCHMARKS.md)"
        )
    if as_json:
        print_json(summary)
        return
    table = Table("figure", "value", title=f"{summary['dataset']}: {summary['n']} queries")
    for key, value in summary.items():
        if key not in ("dataset", "n"):
            table.add_row(key, str(value))
    console.print(table)
    how = "imported and embedded now" if summary["imported_now"] else "imported by an earlier run"
    console.print(
        f"{summary['factchecks']} fact-checks {how} ({summary['import_seconds']} s); MAP@5 is the "
        "CheckThat! 2020 scorer's (AP cut at 5 over every relevant fact-check of the query)."
    )
