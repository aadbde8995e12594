"""`workbench demo`: the main job on the embedded default, end to end, offline."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape

from workbench.check.pipeline import Checker, article_from_file
from workbench.cli.app import app, console, open_workbench
from workbench.cli.check import print_summary
from workbench.corpus.ingest import ingest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DEMO_CORPUS = "sample"
DEMO_QUERY = "When did the Brooklyn Bridge open?"


@app.command()
def demo() -> None:
    """Ingest the sample corpus, search it, and check the sample articles (offline)."""
    with open_workbench() as wb:
        report = ingest(wb, DEMO_CORPUS, [SAMPLES / "corpus" / "fm2-wikipedia-sample.jsonl"])
        console.print(
            f"corpus [bold]{DEMO_CORPUS}[/]: {report.added} added, {report.unchanged} unchanged, "
            f"{report.passages} passages embedded"
        )
        console.rule(f"search: {DEMO_QUERY}")
        for rank, hit in enumerate(wb.searcher.search(DEMO_CORPUS, DEMO_QUERY, k=3), 1):
            console.print(
                f"{rank}. [bold]{escape(hit.title)}[/] ({hit.score:.4f})  {escape(hit.text[:160])}"
            )
        console.rule("checking the sample articles on the embedded model")
        with console.status("starting the embedded model"):
            console.print(f"model: {wb.llm.model_name}")
        checker = Checker(wb)
        for path in sorted((SAMPLES / "articles").glob("*.txt")):
            article = article_from_file(path, int(wb.settings.max_file_mb * 2**20))
            with console.status(f"checking {path.name}") as status:

                def progress(
                    done: int, total: int, _text: str, status=status, name=path.name
                ) -> None:
                    status.update(f"checking {name}: {done}/{total} assertions")

                outcome = checker.check(article, DEMO_CORPUS, progress=progress)
            print_summary(outcome)
