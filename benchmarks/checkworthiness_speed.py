"""Milliseconds per sentence for the learned check-worthiness score (features + score).

Goal (issue 13): <= 5 ms per sentence on 2 cores. Timed as the check runs it: one batch per
document, the embedding the ranker was fitted on (the packaged MiniLM, or its first layers;
batch 32, all cores) plus rule features, word features and the dot products. Two samples: the
assertions of the three sample articles (``rank``, as ``check`` calls it), and whole CheckThat!
2019 dev documents (the kinds classified beforehand, as ``extract_assertions`` has done by
then). Wall-clock time depends on how busy the cores are, so the load is printed and so is the
process's CPU time per sentence (both threads' work summed: on two free cores the wall time
would be about half of it, less the threads' overhead). Printed, never asserted.

    .venv/bin/python benchmarks/checkworthiness_speed.py [--repeats N] [--documents N]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from _common import SHARED, machine, median

from workbench.check.assertions import classify, extract_assertions
from workbench.check.checkworthiness import default_ranker, rank
from workbench.evaluate_checkworthy import load_documents
from workbench.llm.embeddings import LAYERS, MiniLMEmbeddings
from workbench.records import Article, article_id

ARTICLES = Path(__file__).resolve().parents[1] / "samples" / "articles"
LIMIT_MS = 5.0


def _article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    return Article(
        article_id=article_id(text),
        title=path.name,
        source="bench",
        text=text,
        sha256="0" * 64,
        added_at=datetime(2025, 1, 1, tzinfo=UTC),
    )


def _report(name: str, sentences: int, wall_ms: list[float], cpu_ms: list[float]) -> None:
    typical, worst, cpu = median(wall_ms), max(wall_ms), median(cpu_ms)
    print(
        f"{name}: {sentences} sentences; wall ms per sentence median {typical:.2f}, max "
        f"{worst:.2f} (ratio to the {LIMIT_MS:g} ms limit: median {typical / LIMIT_MS:.2f}, "
        f"max {worst / LIMIT_MS:.2f}); CPU ms per sentence median {cpu:.2f}"
    )


def _timed(work: Callable[[], object], sentences: int, wall: list[float], cpu: list[float]) -> None:
    started, used = time.perf_counter(), time.process_time()
    work()
    wall.append((time.perf_counter() - started) * 1000 / max(1, sentences))
    cpu.append((time.process_time() - used) * 1000 / max(1, sentences))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--documents", type=int, default=4, help="dev documents to time")
    args = parser.parse_args()
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} (1 min)")
    embedder = MiniLMEmbeddings()  # the check's embedder: batch 32, all cores
    ranker = default_ranker()
    ranker.score(["Warm-up: the first call loads the session."], embedder=embedder)
    own = ranker.embedder_for(embedder)  # the ranker's own: MiniLM's first layers, if so fitted
    print(f"ranker {ranker.version}: embedding {own.model_id} ({own.layers} of {LAYERS} layers)")

    articles = [extract_assertions(_article(p)) for p in sorted(ARTICLES.glob("*.txt"))]
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(args.repeats):
        for assertions in articles:
            _timed(lambda a=assertions: rank(a, embedder), len(assertions), wall, cpu)
    _report(f"{len(articles)} sample articles", sum(len(a) for a in articles), wall, cpu)

    documents = load_documents(SHARED / "checkworthy" / "sentences.jsonl")
    chosen = sorted(documents, key=lambda s: len(documents[s]))[: args.documents]
    wall, cpu, total = [], [], 0
    for source in chosen:
        texts = [s.text for s in documents[source]]
        kinds = [classify(t)[0] for t in texts]
        total += len(texts)
        for _ in range(args.repeats):
            _timed(lambda t=texts, k=kinds: ranker.score(t, k, embedder), len(texts), wall, cpu)
    _report(f"{len(chosen)} dev documents (the shortest)", total, wall, cpu)
    wall, cpu = [], []
    for source in chosen:  # the share of the MiniLM embedding in the figure above
        texts = [s.text for s in documents[source]]
        for _ in range(args.repeats):
            _timed(lambda t=texts: own.embed_array(t), len(texts), wall, cpu)
    _report("  of which the MiniLM embedding", total, wall, cpu)
    wall, cpu = [], []
    for source in chosen:  # for scale: the whole model, as the ranker used before
        texts = [s.text for s in documents[source]]
        for _ in range(args.repeats):
            _timed(lambda t=texts: embedder.embed_array(t), len(texts), wall, cpu)
    _report("  for scale, the whole MiniLM (6 layers)", total, wall, cpu)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
