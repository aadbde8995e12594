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
from workbench.corpus.removal import RemovalEffect, removal_effect, remove_document

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


def _print_effect(effect: RemovalEffect) -> None:
    console.print(escape(effect.summary()))
    for v in effect.becoming_stale:
        label = v.label.value if v.label else "—"
        console.print(
            f"  {v.run_id} {v.assertion_id} {label} ({v.status.value}) "
            f"{escape(v.text[:70])} · {escape(v.article_title[:40])}"
        )
    already = len(effect.verdicts) - len(effect.becoming_stale)
    if already:
        console.print(f"  ({already} more cite it but are stale already)")


@corpus_app.command("remove")
def remove(
    name: str,
    document: str | None = typer.Option(
        None, "--document", "-d", help="remove only this document (its doc_id, see `corpus show`)"
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="only say what would go and which verdicts would become stale"
    ),
    yes: bool = typer.Option(
        False, "--yes", "-y", help="remove even though verdicts cite it (they become stale)"
    ),
    user: str | None = USER,
) -> None:
    """Remove a corpus (catalog, vectors, keyword index) or one document of it.

    First says which verdicts cite what goes: they become stale (`workbench recheck` re-runs
    them). When any would, nothing is removed without --yes.
    """
    with open_workbench() as wb:
        if not dry_run:  # a preview is reading, which needs no account
            signed_in(wb, user, Action.MANAGE_CORPORA)  # team mode: admins only
        effect = removal_effect(wb, name, document)
        _print_effect(effect)
        if dry_run:
            return
        if effect.becoming_stale and not yes:
            console.print("nothing removed: add --yes to remove it anyway")
            raise typer.Exit(1)
        if document is None:
            info = remove_corpus(wb, name)
            console.print(f"removed {name} ({info.documents} documents, {info.passages} passages)")
        else:
            gone = remove_document(wb, name, document)
            console.print(f"removed {escape(gone.title)} ({gone.doc_id}) from {name}")
