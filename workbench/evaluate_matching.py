"""Claim-matching evaluation: rank an archive of fact-checks for each query with the matcher
`check` uses, and score the rankings as the CLEF CheckThat! 2020 Task 2 scorer does
(``workbench eval DIR``).

A folder holds ``factchecks.jsonl`` (``{"factcheck_id", "claim", "title"}``, optionally
``"rating", "url", "date", "publisher"``) and ``queries.jsonl`` (``{"query_id", "text",
"relevant": [factcheck_id, ...]}``), the format of ../shared/benchmarks/claim_matching. The
fact-checks go into a scratch home of their own (``<home>/eval-homes/matching-<name>-<hash>``,
never the user's archive) once: a second run finds them imported and embedded and reuses them.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from workbench import metrics
from workbench.factchecks.ratings import label_for_rating
from workbench.matching.matcher import ClaimMatcher
from workbench.records import FactCheck, ImportedOrigin
from workbench.services import Workbench
from workbench.settings import ExportOptions, Settings
from workbench.store import factchecks as store

FACTCHECKS, QUERIES = "factchecks.jsonl", "queries.jsonl"
K = 5  # the task's official cut: MAP@5
UNRATED = "not given"  # the benchmark's fact-checks carry no rating
_MARKER = "imported.json"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Query:
    query_id: str
    text: str
    relevant: tuple[str, ...]


def is_matching_dataset(folder: Path) -> bool:
    return (folder / FACTCHECKS).is_file() and (folder / QUERIES).is_file()


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    out = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    out.append((number, json.loads(line)))
                except ValueError as exc:
                    raise ValueError(f"{path}, line {number}: not JSON ({exc})") from exc
    if not out:
        raise ValueError(f"{path} holds no records")
    return out


def load_queries(folder: Path) -> list[Query]:
    queries = []
    for number, row in _lines(folder / QUERIES):
        try:
            queries.append(
                Query(str(row["query_id"]), str(row["text"]), tuple(map(str, row["relevant"])))
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(
                f"{folder / QUERIES}, line {number}: not a query with query_id, text and "
                f"relevant ({exc})"
            ) from exc
    return queries


def read_factchecks(folder: Path) -> list[FactCheck]:
    """The folder's fact-checks as archive entries, keeping the dataset's ids."""
    options, out = ExportOptions(), []
    for number, row in _lines(folder / FACTCHECKS):
        try:
            rating = str(row.get("rating") or UNRATED)
            out.append(
                FactCheck(
                    id=str(row["factcheck_id"]),
                    claim=str(row["claim"]),
                    label=label_for_rating(rating, options) if rating != UNRATED else None,
                    rating=rating,
                    title=row.get("title") or None,
                    url=row.get("url") or None,
                    date=date.fromisoformat(row["date"][:10]) if row.get("date") else None,
                    reviewer_or_publisher=row.get("publisher") or None,
                    origin=ImportedOrigin(file=FACTCHECKS, line=number),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(
                f"{folder / FACTCHECKS}, line {number}: not a fact-check with factcheck_id and "
                f"claim ({exc})"
            ) from exc
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scratch_home(home: Path, folder: Path) -> Path:
    """Where this folder's fact-checks are imported: one per content of factchecks.jsonl."""
    digest = _digest(folder / FACTCHECKS)[:12]
    name = "".join(c if c.isalnum() or c in "._-" else "-" for c in folder.resolve().name)
    return home / "eval-homes" / f"matching-{name[:40]}-{digest}"


def is_prepared(scratch: Path) -> bool:
    """An earlier run imported and indexed everything (the marker is written last)."""
    return (scratch / _MARKER).exists()


def prepare(wb: Workbench, folder: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Import the fact-checks into the (fresh) scratch home and index them; the marker file
    records the figures. Returns them."""
    started = time.perf_counter()
    factchecks = read_factchecks(folder)
    with wb.db.transaction() as session:
        for fc in factchecks:
            store.put(session, fc, new=True)
    stored = time.perf_counter() - started

    def embedded(done: int, total: int) -> None:
        if progress:
            progress("embedding the fact-checks", done, total)

    matcher = ClaimMatcher(wb)
    matcher.refresh(embedded)
    figures = {
        "factchecks": len(factchecks),
        "import_seconds": round(time.perf_counter() - started, 1),
        "store_seconds": round(stored, 1),
        "index_seconds": round(matcher.store.last_seconds, 1),
        "embedded": matcher.store.last_embedded,
    }
    (wb.settings.home / _MARKER).write_text(json.dumps(figures))
    return figures


def sample(queries: list[Query], limit: int | None, seed: int) -> list[Query]:
    chosen = sorted(queries, key=lambda q: q.query_id)
    random.Random(seed).shuffle(chosen)
    return chosen[:limit] if limit else chosen


def run_matching_eval(
    home: Path,
    folder: Path,
    limit: int | None = None,
    seed: int = 42,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The figures ``workbench eval --json`` prints for a claim-matching folder."""
    queries = sample(load_queries(folder), limit, seed)
    scratch = scratch_home(home, folder)
    imported_now = not is_prepared(scratch)
    if imported_now:  # a run killed before the marker left a part: start over
        shutil.rmtree(scratch, ignore_errors=True)
    wb = Workbench(Settings(home=scratch, database_url=None, chroma_url=None))
    try:
        if imported_now:
            imported = prepare(wb, folder, progress)
        else:
            imported = json.loads((scratch / _MARKER).read_text())
        matcher = ClaimMatcher(wb)
        matcher.refresh()  # from the cache on disk: nothing is embedded again
        rankings, shown, seconds = [], [], []
        for done, query in enumerate(queries):
            started = time.perf_counter()
            ranked = matcher.rank(query.text)
            seconds.append(time.perf_counter() - started)
            labels = [int(fc_id in query.relevant) for fc_id, _ in ranked]
            rankings.append(labels)
            shown.append([labels[i] for i in matcher.attached(ranked)])  # as check attaches
            if progress:
                progress("ranking", done + 1, len(queries))
    finally:
        wb.close()
    relevant = [len(q.relevant) for q in queries]
    at_threshold = metrics.attachment_figures(shown, relevant)
    return {
        "dataset": folder.resolve().name,
        "n": len(queries),
        **{k: round(v, 4) for k, v in metrics.retrieval_summary(rankings, relevant, K).items()},
        "seconds_per_query": round(sum(seconds) / len(seconds), 4) if seconds else None,
        "import_seconds": imported["import_seconds"],
        "imported_now": imported_now,
        "factchecks": imported["factchecks"],
        "threshold": matcher.reranker.threshold,
        "attached_precision": None
        if at_threshold["precision"] is None
        else round(at_threshold["precision"], 4),
        "attached_recall": round(at_threshold["recall"], 4),
        "reranker": matcher.reranker.version,
    }


def fitted_on_these(folder: Path) -> bool:
    """True when the shipped re-ranker was fitted on this folder's queries (in-sample)."""
    from workbench.matching.reranker import default_reranker

    return _digest(folder / QUERIES) == default_reranker().fitted_on
