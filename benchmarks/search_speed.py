"""Hybrid search latency at 10k and 100k passages against "embed the query + bare Chroma
query", both timed in the same run on the same queries. Goals (issue 16): hybrid top-10
p95 <= 30 ms and hybrid p95 / baseline p95 <= 1.3, on 2 cores.

How the sets are made: real SciFact abstracts are chunked and each distinct passage is
embedded once; passages up to the target size are those real texts (with their real
vectors), and beyond the real ~12k they are the same texts again in synthetic documents,
with the vector plus small gaussian noise, re-normalised. Everything is written through the
real catalog (SQLite), Chroma collection and BM25 index, so search runs as in production.

The passage vectors and the built sets are cached in --cache, so a rerun only times
(--build-only makes them without timing anything, e.g. before a quiet window on a busy box).

    .venv/bin/python benchmarks/search_speed.py [--quick] [--build-only] [--cache DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from _common import SHARED, machine, median, percentile, read_jsonl

from workbench.corpus.chunking import Chunker
from workbench.llm.embeddings import embeddings_id
from workbench.records import Document, Passage, SourceText, passage_id
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import catalog

REPO = Path(__file__).resolve().parents[1]
CORPUS = "bench"
K = 10
GOAL_P95_MS = 30.0
GOAL_RATIO = 1.3
_BUILD_VERSION = "2"  # bump when build() changes, so stale cached sets are not reused


def passage_texts(limit: int) -> list[str]:
    rows = read_jsonl(SHARED / "scifact" / "corpus.jsonl")
    chunker = Chunker()
    now = datetime.now(UTC)
    texts = {
        p.text
        for r in rows
        for p in chunker.split(
            Document.from_source("x", SourceText(text=r["text"], source="s", title="t"), now)
        )
    }
    return sorted(texts)[:limit]


def cached_vectors(wb: Workbench, texts: list[str], cache: Path) -> np.ndarray:
    """Passage vectors, embedded once per (texts, embedder) and kept in the cache."""
    key = hashlib.sha256("\x00".join([embeddings_id(wb.embeddings), *texts]).encode())
    path = cache / f"vectors-{key.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    vectors = np.asarray(wb.embeddings.embed_documents(texts), dtype=np.float32)
    print(f"embedded {len(texts)} passages in {time.perf_counter() - started:.0f} s")
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path.with_suffix(".tmp.npy"), vectors)
    path.with_suffix(".tmp.npy").rename(path)
    return vectors


def build(wb: Workbench, size: int, texts: list[str], vectors: np.ndarray) -> None:
    rng = np.random.default_rng(0)
    now = datetime.now(UTC)
    embedder = embeddings_id(wb.embeddings)
    with wb.db.transaction() as session:
        catalog.ensure_corpus(session, CORPUS, embedder, now)
    batch_docs, batch_passages, batch_vectors = [], [], []
    for i in range(size):
        j = i % len(texts)
        text = texts[j]
        doc = Document.from_source(
            CORPUS,
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
                CORPUS, embedder, batch_passages, np.asarray(batch_vectors, dtype=np.float32)
            )
            with wb.db.transaction() as session:
                for d, p in zip(batch_docs, batch_passages, strict=True):
                    catalog.put_document(session, d, [p])
            batch_docs, batch_passages, batch_vectors = [], [], []


def cached_set(
    size: int, texts: list[str], vectors: np.ndarray, probe: Workbench, cache: Path
) -> Workbench:
    """A workbench home holding `size` passages (and its BM25 index), built once."""
    key = hashlib.sha256(vectors.tobytes() + _BUILD_VERSION.encode()).hexdigest()[:12]
    home = cache / f"set-{size}-{key}"
    wb = Workbench(Settings(home=home, chroma_url=None, database_url=None))
    wb.embeddings = probe.embeddings  # one ONNX session for the whole run
    if not (home / ".built").exists():
        started = time.perf_counter()
        build(wb, size, texts, vectors)
        t = time.perf_counter()
        wb.searcher.search(CORPUS, "build the keyword index", K)
        print(
            f"built {size} passages in {time.perf_counter() - started:.0f} s "
            f"(BM25 index {time.perf_counter() - t:.1f} s)"
        )
        (home / ".built").touch()
    return wb


def time_queries(wb: Workbench, queries: list[str]) -> tuple[list[float], list[float]]:
    """(baseline ms, hybrid ms) per query; the order alternates so neither always goes first."""
    embeddings, index, searcher = wb.embeddings, wb.index, wb.searcher

    def baseline(query: str) -> None:
        index.nearest(CORPUS, embeddings.embed_query(query), K)  # ids and distances only

    def hybrid(query: str) -> None:
        searcher.search(CORPUS, query, K)

    for query in queries[:20]:  # warm up: loads, caches, thread pools
        baseline(query)
        hybrid(query)
    times: dict[str, list[float]] = {"baseline": [], "hybrid": []}
    for i, query in enumerate(queries):
        pair = [("baseline", baseline), ("hybrid", hybrid)]
        for name, run in pair if i % 2 == 0 else pair[::-1]:
            t = time.perf_counter()
            run(query)
            times[name].append((time.perf_counter() - t) * 1000)
    return times["baseline"], times["hybrid"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k and 3k passages, 100 queries")
    parser.add_argument("--build-only", action="store_true", help="embed and build, time nothing")
    parser.add_argument(
        "--cache", type=Path, default=REPO / ".workbench-cache" / "search-bench", help="scratch"
    )
    args = parser.parse_args()
    sizes = (1_000, 3_000) if args.quick else (10_000, 100_000)
    claims = dict.fromkeys(c["claim"] for c in read_jsonl(SHARED / "scifact" / "claims.jsonl"))
    queries = list(claims)[: 100 if args.quick else None]
    texts = passage_texts(sizes[-1])
    probe = Workbench(Settings(home=args.cache / "probe", chroma_url=None, database_url=None))
    vectors = cached_vectors(probe, texts, args.cache)
    sets = [cached_set(size, texts, vectors, probe, args.cache) for size in sizes]
    if args.build_only:
        return
    print(
        f"search latency ({machine()}); {len(texts)} distinct real passages; "
        f"{len(queries)} queries; top {K}; baseline = embed the query + bare Chroma query"
    )
    print(
        f"{'passages':>9} {'base p50':>9} {'base p95':>9} {'hybrid p50':>11} {'hybrid p95':>11} "
        f"{'p95 ratio':>10} {'p95/30ms':>9} {'ratio/1.3':>10}"
    )
    load_before = os.getloadavg()[0]  # other work on the same cores shows in every figure
    for size, wb in zip(sizes, sets, strict=True):
        base, hybrid = time_queries(wb, queries)
        ratio = percentile(hybrid, 95) / percentile(base, 95)
        print(
            f"{size:9d} {median(base):9.1f} {percentile(base, 95):9.1f} {median(hybrid):11.1f} "
            f"{percentile(hybrid, 95):11.1f} {ratio:10.2f} "
            f"{percentile(hybrid, 95) / GOAL_P95_MS:9.2f} {ratio / GOAL_RATIO:10.2f}"
        )
        wb.close()
    print(f"goals: hybrid p95 <= {GOAL_P95_MS:.0f} ms and p95 ratio <= {GOAL_RATIO} (both <= 1.00)")
    print(f"load average before / after timing: {load_before:.2f} / {os.getloadavg()[0]:.2f}")
    probe.close()


if __name__ == "__main__":
    main()
