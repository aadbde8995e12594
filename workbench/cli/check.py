"""`workbench check ARTICLE --corpus NAME [--top N] [--json]` and `check --resume RUN_ID`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from workbench.check.pipeline import Checker, CheckOutcome, article_from_file
from workbench.cli.app import app, console, open_workbench, print_json
from workbench.records import AssertionResult


def outcome_json(outcome: CheckOutcome) -> dict[str, Any]:
    return {
        "article_id": outcome.article.article_id,
        "run_id": outcome.run.run_id,
        "assertions": [_result_json(r) for r in outcome.results],
    }


def _result_json(result: AssertionResult) -> dict[str, Any]:
    a, v = result.assertion, result.verdict
    return {
        "assertion_id": a.assertion_id,
        "text": a.text,
        "standalone": a.standalone,  # what was checked, when the sentence opens with a pronoun
        "start": a.start,
        "end": a.end,
        "kind": a.kind.value,
        "attribution": a.attribution.value,
        "attributed_to": a.attributed_to,
        "checkworthy": a.checkworthy,
        "questions": list(result.questions),
        "not_verified_reason": result.not_verified_reason,
        "matches": [
            {
                "factcheck_id": m.factcheck_id,
                "claim": m.claim,
                "label": m.label.value if m.label else None,
                "rating": m.rating,
                "publisher": m.publisher,
                "url": m.url,
                "date": m.date.isoformat() if m.date else None,
                "score": m.score,
            }
            for m in result.matches
        ],
        "verdict": None
        if v is None
        else {
            "label": v.label.value,
            "confidence": v.confidence,
            "rationale": v.rationale,
            "citations": [
                {
                    "passage_id": c.passage_id,
                    "doc_id": c.doc_id,
                    "quote": c.quote,
                    "start": c.start,
                    "end": c.end,
                }
                for c in v.citations
            ],
            "needs_review": v.needs_review,
            "review_reasons": list(v.review_reasons),
        },
    }


def print_summary(outcome: CheckOutcome) -> None:
    table = Table(
        "#",
        "worth",
        "kind",
        "source",
        "assertion",
        "verdict",
        "conf.",
        title=escape(outcome.article.title),
    )
    for i, r in enumerate(outcome.results, 1):
        a, v = r.assertion, r.verdict
        who = a.attribution.value + (f": {a.attributed_to}" if a.attributed_to else "")
        if v is None:
            why = f": {r.not_verified_reason}" if r.not_verified_reason else ""
            verdict = f"—  (not verified{why})"
        else:
            verdict = v.label.value + (" ⚑" if v.needs_review else "")
        conf = "" if v is None else f"{v.confidence:.2f}"
        table.add_row(
            str(i),
            f"{a.checkworthy:.2f}",
            a.kind.value,
            escape(who[:28]),
            escape(a.text[:70]),
            escape(verdict),
            conf,
        )
    console.print(table)
    for i, r in enumerate(outcome.results, 1):
        for m in r.matches:  # earlier fact-checks: shown, never the verdict
            when = f", {m.date}" if m.date else ""
            console.print(
                f"#{i} already checked: {escape(m.rating)} ({escape(m.publisher or 'unknown')}"
                f'{when}) "{escape(m.claim[:60])}" · score {m.score:.2f} · {m.factcheck_id}'
            )
    labels = Counter(r.verdict.label.value for r in outcome.results if r.verdict)
    flagged = sum(1 for r in outcome.results if r.verdict and r.verdict.needs_review)
    usage = outcome.run.usage_by_stage
    calls = sum(u.calls for u in usage.values())
    tokens = sum(u.prompt_tokens + u.completion_tokens for u in usage.values())
    console.print(
        f"{len(outcome.results)} assertions, {sum(labels.values())} verified: "
        + ", ".join(f"{k} {n}" for k, n in sorted(labels.items()))
        + f"; {flagged} need review (⚑); {calls} LLM calls, {tokens} tokens; "
        f"model {outcome.run.model}; run {outcome.run.run_id}"
    )


@app.command()
def check(
    article: Path | None = typer.Argument(
        None, help="article file: txt, md, html, pdf or docx (not with --resume)"
    ),
    corpus: str | None = typer.Option(
        None, "--corpus", "-c", help="corpus of trusted sources (with ARTICLE)"
    ),
    verify_all: bool = typer.Option(False, "--all", help="also verify opinions and predictions"),
    top: int | None = typer.Option(
        None, "--top", min=1, help="verify only the N most check-worthy assertions"
    ),
    resume: str | None = typer.Option(
        None,
        "--resume",
        metavar="RUN_ID",
        help="go on with an unfinished run (`review runs` marks them) with its own settings",
    ),
    as_json: bool = typer.Option(False, "--json", help="print the result as JSON"),
) -> None:
    """Check an article against a corpus: assertions (most check-worthy verified first),
    questions, cited verdicts. A stopped check resumes: run it again, or `--resume RUN_ID`."""
    if (article is None) == (resume is None) or (article is not None and corpus is None):
        console.print("[bold red]error:[/] give ARTICLE --corpus NAME, or --resume RUN_ID")
        raise typer.Exit(2)
    with open_workbench() as wb:
        parsed = (
            None
            if article is None
            else article_from_file(article, int(wb.settings.max_file_mb * 2**20))
        )
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("starting the model", total=None)
            wb.llm  # noqa: B018  (start the embedded server before the bar counts assertions)

            def progress(done: int, total: int, text: str) -> None:
                bar.update(task, completed=done, total=total, description=f"checking {text[:40]!r}")

            checker = Checker(wb)
            if parsed is None:
                outcome = checker.resume(str(resume), progress=progress)
            else:
                outcome = checker.check(
                    parsed, str(corpus), progress=progress, verify_all=verify_all, top=top
                )
    if as_json:
        print_json(outcome_json(outcome))
    else:
        print_summary(outcome)
