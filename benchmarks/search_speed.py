"""Hybrid search latency at 10k and 100k passages, against a bare Chroma query on the same
collection in the same run. Goals (issue 2): p95 <= 30 ms; hybrid / bare <= 1.3.

How the sets are made: real SciFact abstracts are chunked and each distinct passage is
embedded once; passages up to the target size are those real texts (with their real
vectors), and beyond the real ~12k they are the same texts again in synthetic documents,
with the vector plus small gaussian noise, re-normalised. Everything is written through the
real catalog (SQLite), Chroma collection and BM25 index, so search runs as in production.

    .venv/bin/python benchmarks/search_speed.py [--quick]
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

import numpy as np
from _common import SHARED, fresh_workbench, machine, median, percentile, read_jsonl

from workbench.corpus.chunking import Chunker
from workbench.llm.embeddings import embeddings_id
from workbench.records import Document, Passage, SourceText, passage_id
from workbench.store import catalog


def build(wb, size: int, texts: list[str], vectors: np.ndarray, rng) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    embedder = embeddings_id(wb.embeddings)
    with wb.db.transaction() as session:
        catalog.ensure_corpus(session, "bench", embedder, now)
    batch_docs, batch_passages, batch_vectors = [], [], []
    for i in range(size):
        j = i % len(texts)
        text = texts[j]
        doc = Document.from_source(
            "bench",
            SourceText(text=f"{text}\n[{i}]", source=f"synthetic/{i}", title=f"doc {i}"),
            now,
        )
        passage = Passage(
            passage_id=passage_id(doc.doc_id, 0, len(text)),
            doc_id=doc.doc_id,
            start=0,
            end=len(text),
            text=text,
        )
        vector = (
            vectors[j] if i < len(texts) else vectors[j] + rng.normal(0, 0.02, vectors.shape[1])
        )
        batch_docs.append(doc)
        batch_passages.append(passage)
        batch_vectors.append(vector / np.linalg.norm(vector))
        if len(batch_docs) == 2000 or i == size - 1:
            wb.index.add(
                "bench", embedder, batch_passages, np.asarray(batch_vectors, dtype=np.float32)
            )
            with wb.db.transaction() as session:
                for d, p in zip(batch_docs, batch_passages, strict=True):
                    catalog.put_document(session, d, [p])
            batch_docs, batch_passages, batch_vectors = [], [], []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k and 3k passages, 50 queries")
    args = parser.parse_args()
    sizes = (1_000, 3_000) if args.quick else (10_000, 100_000)
    queries = [c["claim"] for c in read_jsonl(SHARED / "scifact" / "claims.jsonl")][
        : 50 if args.quick else 200
    ]
    rows = read_jsonl(SHARED / "scifact" / "corpus.jsonl")
    chunker = Chunker()
    now = datetime.now(UTC)
    texts = sorted(
        {
            p.text
            for r in rows
            for p in chunker.split(
                Document.from_source("x", SourceText(text=r["text"], source="s", title="t"), now)
            )
        }
    )[: sizes[-1]]
    print(
        f"search latency ({machine()}); {len(texts)} distinct real passages; {len(queries)} queries"
    )
    probe = fresh_workbench("embed")
    started = time.perf_counter()
    vectors = np.asarray(probe.embeddings.embed_documents(texts), dtype=np.float32)
    print(f"embedded {len(texts)} passages in {time.perf_counter() - started:.0f} s")
    query_vectors = [probe.embeddings.embed_query(q) for q in queries]
    embed_times = []
    for q in queries:
        t = time.perf_counter()
        probe.embeddings.embed_query(q)
        embed_times.append((time.perf_counter() - t) * 1000)
    print(
        f"{'passages':>9} {'bare p50':>9} {'bare p95':>9} {'hybrid p50':>11} "
        f"{'hybrid p95':>11} {'p95 ratio':>10} {'BM25 build s':>13}"
    )
    rng = np.random.default_rng(0)
    for size in sizes:
        wb = fresh_workbench(f"search{size}")
        wb.embeddings = probe.embeddings
        build(wb, size, texts, vectors, rng)
        t = time.perf_counter()
        wb.searcher.search("bench", "warm up the keyword index", 5)
        bm25_build = time.perf_counter() - t
        bare, hybrid = [], []
        for query, vector in zip(queries, query_vectors, strict=True):
            t = time.perf_counter()
            wb.index.query("bench", vector, 5)
            bare.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            wb.searcher.search("bench", query, 5)
            hybrid.append((time.perf_counter() - t) * 1000)
        print(
            f"{size:9d} {median(bare):9.1f} {percentile(bare, 95):9.1f} {median(hybrid):11.1f} "
            f"{percentile(hybrid, 95):11.1f} "
            f"{percentile(hybrid, 95) / percentile(bare, 95):10.2f} {bm25_build:13.1f}"
        )
        wb.close()
    print(
        f"query embedding alone: p50 {median(embed_times):.1f} ms, "
        f"p95 {percentile(embed_times, 95):.1f} ms (inside hybrid, not bare)"
    )
    print("goals: hybrid p95 <= 30 ms; hybrid / bare <= 1.3")
    probe.close()


if __name__ == "__main__":
    main()
