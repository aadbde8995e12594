"""`workbench corpus add|list|show|remove`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from workbench.accounts.roles import Action
from workbench.cli.app import app, console, open_workbench, print_json
from workbench.cli.auth import USER, signed_in
from workbench.corpus.ingest import ingest
from workbench.corpus.manage import corpus_documents, list_corpora, remove_corpus

corpus_app = typer.Typer(help="Manage corpora of trusted sources.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("add")
def add(
    name: str = typer.Argument(..., help="corpus name (letters, digits, . _ -)"),
    paths: list[Path] = typer.Argument(..., help="files, folders (recursive) or .jsonl corpora"),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
    user: str | None = USER,
) -> None:
    """Add documents to a corpus; unchanged files are left alone, changed ones replaced.

    Files of an unsupported type inside a folder are listed as skipped; one named here fails.
    """
    with open_workbench() as wb:
        signed_in(wb, user, Action.MANAGE_CORPORA)  # team mode: admins only
        columns = (*Progress.get_default_columns()[:-1], MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(f"embedding passages into {name}", total=None)
            report = ingest(
                wb,
                name,
                paths,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    if as_json:
        print_json(report.model_dump())
    else:
        console.print(
            f"[bold]{name}[/]: {report.added} added, {report.unchanged} unchanged, "
            f"{report.replaced} replaced, {report.duplicates} duplicates, "
            f"{report.passages} passages, {len(report.failed)} failed, "
            f"{len(report.skipped)} skipped"
        )
        for failure in report.failed:
            console.print(f"  [red]failed[/] {escape(failure.source)}: {escape(failure.reason)}")
        for skipped in report.skipped:
            console.print(
                f"  [yellow]skipped[/] {escape(skipped.source)}: {escape(skipped.reason)}"
            )
    if report.failed:  # skipped files of a folder are listed only; named ones failed above
        raise typer.Exit(1)


@corpus_app.command("list")
def list_(as_json: bool = typer.Option(False, "--json")) -> None:
    """List corpora with their document and passage counts."""
    with open_workbench() as wb:
        infos = list_corpora(wb)
    if as_json:
        print_json([i.model_dump() for i in infos])
        return
    table = Table("corpus", "documents", "passages", "state")
    for info in infos:
        table.add_row(info.name, str(info.documents), str(info.passages), info.state)
    console.print(
        table if infos else "no corpus yet: add one with `workbench corpus add NAME PATH`"
    )


@corpus_app.command("show")
def show(name: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """Show a corpus's documents with their provenance."""
    with open_workbench() as wb:
        info, documents = corpus_documents(wb, name)
    if as_json:
        print_json(
            {**info.model_dump(), "documents": [d.model_dump(exclude={"text"}) for d in documents]}
        )
        return
    table = Table(
        "doc_id",
        "title",
        "source",
        "chars",
        "ingested",
        title=f"{name}: {info.documents} documents",
    )
    for d in documents:
        table.add_row(
            d.doc_id,
            escape(d.title[:50]),
            escape(d.source[-60:]),
            str(len(d.text)),
            f"{d.ingested_at:%Y-%m-%d %H:%M}",
        )
    console.print(table)


@corpus_app.command("remove")
def remove(name: str, user: str | None = USER) -> None:
    """Remove a corpus: its catalog entries, vectors and keyword index."""
    with open_workbench() as wb:
        signed_in(wb, user, Action.MANAGE_CORPORA)  # team mode: admins only
        info = remove_corpus(wb, name)
    console.print(f"removed {name} ({info.documents} documents, {info.passages} passages)")
