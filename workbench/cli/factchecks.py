"""`workbench factchecks import|list|show|remove|search|sync`: the fact-check archive."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from workbench.cli.app import app, console, open_workbench, print_json
from workbench.factchecks.archive import (
    archive_size,
    get_factcheck,
    list_factchecks,
    remove_factcheck,
    search_factchecks,
    stale_reasons,
    sync_all_reviewed,
)
from workbench.factchecks.importer import import_files
from workbench.records import FactCheck, ImportReport
from workbench.services import Workbench

factchecks_app = typer.Typer(
    help="The fact-check archive: verdicts accepted or edited in review (they enter by "
    "themselves) and fact-checks imported from ClaimReview or JSON Lines files.",
    no_args_is_help=True,
)
app.add_typer(factchecks_app, name="factchecks")

AS_JSON = typer.Option(False, "--json", help="print JSON on stdout")
LIMIT = typer.Option(100, "--limit", "-n", min=0, help="at most this many (0: all)")
SHOWN_PROBLEMS = 50  # per kind; --json has them all


def _as_json(found: list[FactCheck], stale: dict[str, tuple[str, ...]]) -> list[dict[str, object]]:
    return [{**fc.model_dump(mode="json"), "stale": list(stale.get(fc.id, ()))} for fc in found]


def _table(
    found: list[FactCheck], title: str, stale: dict[str, tuple[str, ...]] | None = None
) -> Table:
    stale = stale or {}
    table = Table(title=title)
    table.add_column("id", min_width=23, overflow="fold")  # whole: `show` and `remove` take it
    for name in ("label", "rating", "claim", "by", "date"):  # origin: `show ID`
        table.add_column(name)
    for fc in found:
        table.add_row(
            fc.id,
            (fc.label.value if fc.label else "—") + (" STALE" if fc.id in stale else ""),
            escape(fc.rating[:24]),
            escape(fc.claim[:70]),
            escape((fc.reviewer_or_publisher or "")[:24]),
            fc.date.isoformat() if fc.date else "",
        )
    return table


def _print_report(report: ImportReport) -> None:
    files = f"{report.files} file{'' if report.files == 1 else 's'}"
    console.print(
        f"{files}: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.failed)} failed"
    )
    for kind, colour, problems in (
        ("failed", "red", report.failed),
        ("warning", "yellow", report.warnings),
    ):
        for p in problems[:SHOWN_PROBLEMS]:
            where = f"{p.file} line {p.line}" if p.line else p.file
            console.print(f"  [{colour}]{kind}[/] {escape(where)}: {escape(p.reason)}")
        if len(problems) > SHOWN_PROBLEMS:
            console.print(f"  … and {len(problems) - SHOWN_PROBLEMS} more (--json lists all)")


IMPORT_HELP = (
    "Import fact-checks from files: schema.org ClaimReview JSON-LD (one object, a JSON list, "
    'or one per line) and plain JSON Lines {"claim", "rating", "url", "title", "date", '
    '"publisher"}. A fact-check\'s key is its URL, else its claim + rating + publisher: '
    "importing a file again adds nothing.\n\n"
    "Bad records are listed by file and line and the good ones kept; a file that is not JSON "
    "at all is listed and skipped. Exit code 1 if anything failed (the good records are still "
    "imported), 0 otherwise. New entries are embedded for claim matching (`check` looks each "
    "assertion up in the archive)."
)


@factchecks_app.command("import", help=IMPORT_HELP)
def import_(
    paths: list[Path] = typer.Argument(..., help="ClaimReview .json / .jsonl or plain .jsonl"),
    as_json: bool = AS_JSON,
) -> None:
    with open_workbench() as wb:
        report = import_files(wb, paths)
        if report.added or report.updated:
            _index_for_matching(wb)
    if as_json:
        print_json(report.model_dump(mode="json"))
    else:
        _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _index_for_matching(wb: Workbench) -> None:
    """Embed the new entries now, so that the next `check` finds them without the wait."""
    from workbench.matching.matcher import ClaimMatcher

    with console.status("indexing the archive for claim matching"):
        matcher = ClaimMatcher(wb)
        matcher.refresh()
    console.print(
        f"indexed for claim matching: {matcher.store.last_embedded} new texts embedded "
        f"in {matcher.store.last_seconds:.1f} s"
    )


@factchecks_app.command("list")
def list_(as_json: bool = AS_JSON, limit: int = LIMIT) -> None:
    """List the archive, newest first."""
    with open_workbench() as wb:
        found = list_factchecks(wb, limit or None)
        total = archive_size(wb)
        stale = stale_reasons(wb, found)
    if as_json:
        print_json(_as_json(found, stale))
        return
    if not found:
        console.print(
            "the archive is empty: accept verdicts in review, or `workbench factchecks import`"
        )
        return
    console.print(_table(found, f"{len(found)} of {total} fact-checks", stale))


@factchecks_app.command("search")
def search(text: str, as_json: bool = AS_JSON, limit: int = LIMIT) -> None:
    """Fact-checks whose claim, title, rating or rationale has every word of TEXT (as the
    start of a word, any case); claims that have them all come first."""
    with open_workbench() as wb:
        found = search_factchecks(wb, text, limit or None)
        stale = stale_reasons(wb, found)
    if as_json:
        print_json(_as_json(found, stale))
        return
    console.print(_table(found, f"{len(found)} found", stale) if found else "nothing found")


@factchecks_app.command("show")
def show(factcheck_id: str, as_json: bool = AS_JSON) -> None:
    """Show one fact-check with where it came from (exit code 2 if there is no such id)."""
    with open_workbench() as wb:
        fc = get_factcheck(wb, factcheck_id)
        stale = stale_reasons(wb, [fc])
    if as_json:
        print_json(_as_json([fc], stale)[0])
        return
    fields = {
        "claim": fc.claim,
        "label": fc.label.value if fc.label else "— (the rating maps to no label)",
        "rating": fc.rating,
        "rationale": fc.rationale,
        "by": fc.reviewer_or_publisher,
        "claimant": fc.claimant,
        "title": fc.title,
        "date": fc.date.isoformat() if fc.date else None,
        "url": fc.url,
        "language": fc.language,
        "origin": fc.origin.describe(),
        "stale": "; ".join(stale.get(fc.id, ())) + " (`workbench recheck RUN` re-runs it)"
        if fc.id in stale
        else None,
    }
    console.print(f"[bold]{fc.id}[/]")
    for name, value in fields.items():
        if value:
            console.print(f"  [bold]{name}[/]: {escape(value)}")


@factchecks_app.command("remove")
def remove(factcheck_id: str) -> None:
    """Remove an imported fact-check (exit code 2 if there is no such id). A verdict reviewed
    here leaves the archive when it is rejected in review."""
    with open_workbench() as wb:
        fc = remove_factcheck(wb, factcheck_id)
    console.print(f"removed {fc.id} ({escape(fc.origin.describe())})")


@factchecks_app.command("sync")
def sync() -> None:
    """Recompute the archive entries of reviewed verdicts from their review events: brings in
    verdicts reviewed before the archive existed, and new rating names after a scale change."""
    with open_workbench() as wb:
        count = sync_all_reviewed(wb)
    console.print(f"{count} reviewed verdicts in the archive")
