"""`workbench search`: hybrid retrieval over one corpus."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from workbench.cli.app import app, console, open_workbench, print_json
from workbench.corpus.manage import require_corpus


@app.command()
def search(
    query: str,
    corpus: str = typer.Option(..., "--corpus", "-c", help="corpus to search"),
    k: int = typer.Option(5, "-k", min=1, max=100, help="number of passages"),
    as_json: bool = typer.Option(False, "--json", help="print passages as JSON"),
) -> None:
    """Find the passages that best match QUERY (BM25 + dense, fused)."""
    with open_workbench() as wb:
        require_corpus(wb, corpus)
        hits = wb.searcher.search(corpus, query, k)
    if as_json:
        print_json(
            [
                h.model_dump(
                    include={"passage_id", "doc_id", "title", "text", "start", "end", "score"}
                )
                for h in hits
            ]
        )
        return
    table = Table("#", "title", "passage", "score", show_lines=True)
    for rank, hit in enumerate(hits, 1):
        table.add_row(str(rank), escape(hit.title), escape(hit.text[:300]), f"{hit.score:.4f}")
    console.print(table if hits else "no matching passage")
