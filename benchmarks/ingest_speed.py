"""Ingest throughput against the embedder alone, in the same run; re-ingest cost.

Goals (issue 2): ingest >= 0.95 of the embedder's own throughput; re-ingesting an unchanged
corpus < 0.02 of the first ingest. Printed, never asserted.

    .venv/bin/python benchmarks/ingest_speed.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from _common import SHARED, fresh_workbench, machine, read_jsonl

from workbench.corpus.chunking import Chunker
from workbench.corpus.ingest import ingest
from workbench.records import Document, SourceText


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="60 documents only")
    parser.add_argument("--corpus", default=str(SHARED / "fm2" / "corpus.jsonl"))
    args = parser.parse_args()
    rows = read_jsonl(Path(args.corpus))
    if args.quick:
        rows = rows[:60]
    wb = fresh_workbench("ingest")
    source = wb.settings.home / "corpus.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    embeddings = wb.embeddings
    embeddings.embed_documents(["warm up the model", "and its thread pool"])

    chunker = Chunker(wb.settings.chunk_size, wb.settings.chunk_overlap)
    now = datetime.now(UTC)
    texts = [
        p.text
        for r in rows
        for p in chunker.split(
            Document.from_source("x", SourceText(text=r["text"], source="s", title="t"), now)
        )
    ]
    started = time.perf_counter()
    embeddings.embed_documents(texts)
    embed_seconds = time.perf_counter() - started

    started = time.perf_counter()
    first = ingest(wb, "bench", [source])
    ingest_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = ingest(wb, "bench", [source])
    reingest_seconds = time.perf_counter() - started
    wb.close()

    embed_rate, ingest_rate = len(texts) / embed_seconds, first.passages / ingest_seconds
    print(f"ingest speed on {len(rows)} documents, {first.passages} passages ({machine()})")
    figures = [
        ("embedder alone, passages/s", f"{embed_rate:.1f}", ""),
        ("full ingest (read, chunk, embed, index, commit), passages/s", f"{ingest_rate:.1f}", ""),
        ("ingest / embedder throughput", f"{ingest_rate / embed_rate:.3f}", ">= 0.95"),
        ("first ingest, s", f"{ingest_seconds:.2f}", ""),
        (f"re-ingest, {again.unchanged} documents unchanged, s", f"{reingest_seconds:.2f}", ""),
        ("re-ingest / first ingest", f"{reingest_seconds / ingest_seconds:.4f}", "< 0.02"),
    ]
    print(f"{'figure':60} {'value':>10} {'goal':>8}")
    for name, value, goal in figures:
        print(f"{name:60} {value:>10} {goal:>8}")


if __name__ == "__main__":
    main()
