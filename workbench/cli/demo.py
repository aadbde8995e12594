"""`workbench demo`: the main job on the embedded default, end to end, offline."""

from __future__ import annotations

from pathlib import Path

from workbench.cli.app import app, console, open_workbench
from workbench.corpus.ingest import ingest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DEMO_CORPUS = "sample"
DEMO_QUERIES = ("When did the Brooklyn Bridge open?", "Who wrote Wuthering Heights?")


@app.command()
def demo() -> None:
    """Ingest the sample corpus and search it (no API key, no network)."""
    with open_workbench() as wb:
        report = ingest(wb, DEMO_CORPUS, [SAMPLES / "corpus"])
        console.print(
            f"corpus [bold]{DEMO_CORPUS}[/]: {report.added} added, {report.unchanged} unchanged, "
            f"{report.passages} passages embedded"
        )
        for query in DEMO_QUERIES:
            console.rule(f"search: {query}")
            for rank, hit in enumerate(wb.searcher.search(DEMO_CORPUS, query, k=3), 1):
                console.print(
                    f"{rank}. [bold]{hit.title}[/] ({hit.score:.4f})\n   {hit.text[:200]}"
                )
