"""`workbench export ARTICLE_OR_RUN_ID --format FMT -o FILE`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer

from workbench.accounts.roles import Action
from workbench.cli.app import app, console, open_workbench
from workbench.cli.auth import USER, signed_in
from workbench.export import ExportFormat, render, team_mode
from workbench.export.claimreview import claimreview_scope
from workbench.export.report import build_report


def write_atomically(path: Path, data: bytes) -> None:
    """A crash mid-write leaves the old file (or none), never half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@app.command()
def export(
    article_or_run_id: str = typer.Argument(
        ..., help="a run id, or an article id (its latest run)"
    ),
    fmt: ExportFormat = typer.Option(
        ..., "--format", "-f", help="md, html, pdf, csv, json or claimreview"
    ),
    output: Path = typer.Option(..., "--output", "-o", help="file to write"),
    include_all: bool = typer.Option(
        False,
        "--all",
        help="ClaimReview: also verdicts not published yet (team mode: not signed off; "
        "laptop mode: pending). A rejected verdict is never exported",
    ),
    user: str | None = USER,
) -> None:
    """Export a checked article's verdicts as a report or as schema.org ClaimReview."""
    with open_workbench() as wb:
        if fmt == ExportFormat.CLAIMREVIEW:  # what gets published: editors and admins only
            signed_in(wb, user, Action.EXPORT_CLAIMREVIEW)
        report = build_report(wb, article_or_run_id)
        published_only = team_mode(wb)
        data = render(report, fmt, wb.settings.export, include_all, published_only)
    write_atomically(output, data)
    console.print(f"wrote {output} ({len(data):,} bytes, {fmt.value})")
    if fmt == ExportFormat.CLAIMREVIEW:
        console.print(claimreview_scope(report, include_all, published_only))
