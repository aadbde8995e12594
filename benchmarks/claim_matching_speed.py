"""Claim-matching speed on 2 cores: importing the 10,375 benchmark fact-checks (store and
embed) and seconds per query by stage, plus the dense half as an exact numpy search against a
Chroma collection of the same vectors. Goals (issue 12): import < 60 s, <= 1 s per query.

    .venv/bin/python benchmarks/claim_matching_speed.py [--queries 200] [--import] [--home DIR]

Without --import the archive of the eval's scratch home is reused (``workbench eval
../shared/benchmarks/claim_matching`` makes it; this script makes it too if missing) and only
the queries are timed. --import imports into a fresh temp home and times that. Wall and CPU
time are both printed: on a machine shared with other work wall time depends on the load,
CPU time (both threads' work) does not.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from _common import SHARED, machine, median, percentile, read_jsonl

from workbench.evaluate_matching import is_prepared, prepare, scratch_home
from workbench.index.chroma_store import ChromaIndex
from workbench.matching.features import candidate_pool, feature_rows
from workbench.matching.matcher import ClaimMatcher
from workbench.matching.normalise import normalise_claim
from workbench.records import Passage
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import factchecks

DATA = SHARED / "claim_matching"


class Clock:
    """Wall and CPU milliseconds per stage, over many queries."""

    def __init__(self) -> None:
        self.wall: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}

    def time(self, stage: str, work: Callable[[], object]) -> object:
        wall, cpu = time.perf_counter(), time.process_time()
        out = work()
        self.wall.setdefault(stage, []).append((time.perf_counter() - wall) * 1000)
        self.cpu.setdefault(stage, []).append((time.process_time() - cpu) * 1000)
        return out

    def table(self) -> None:
        print("| stage | wall ms median | wall ms p95 | CPU ms median |")
        print("|---|---|---|---|")
        for stage, values in self.wall.items():
            print(
                f"| {stage} | {median(values):.1f} | {percentile(values, 95):.1f} | "
                f"{median(self.cpu[stage]):.1f} |"
            )


def timed_import(folder: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix="wb-matching-import-"))
    wb = Workbench(Settings(home=home, chroma_url=None, database_url=None))
    cpu = time.process_time()
    figures = prepare(wb, folder)
    wb.close()
    print(
        f"import of {figures['factchecks']} fact-checks: {figures['import_seconds']} s wall "
        f"(store {figures['store_seconds']} s, embed + index {figures['index_seconds']} s), "
        f"{time.process_time() - cpu:.0f} s CPU; {figures['embedded']} texts embedded"
    )


def chroma_versus_numpy(matcher: ClaimMatcher, vectors: list[np.ndarray], clock: Clock) -> None:
    """The dense top 30 both ways, from the same vectors; how often they agree."""
    index = matcher.index()
    chroma = ChromaIndex.persistent(Path(tempfile.mkdtemp(prefix="wb-matching-chroma-")))
    passages = [
        Passage(passage_id=i, doc_id=i, start=0, end=len(t), text=t)
        for i, t in zip(index.ids, index.texts, strict=True)
    ]
    started = time.perf_counter()
    chroma.add("archive", matcher.embedder.model_id, passages, index.vectors)
    print(f"Chroma: {len(passages)} vectors added in {time.perf_counter() - started:.1f} s")
    found = []
    for vector in vectors:
        exact = clock.time("dense top 30, numpy exact", lambda v=vector: _numpy_top(index, v))
        approx = clock.time(
            "dense top 30, Chroma HNSW", lambda v=vector: chroma.query("archive", v.tolist(), 30)
        )
        rows = {index.row_of[p] for p, _, _ in approx}  # type: ignore[union-attr]
        found.append(len(rows & set(exact)) / 30)  # type: ignore[arg-type]
    print(
        f"Chroma's top 30 holds {np.mean(found):.3f} of the exact top 30 on average "
        f"(all 30 for {sum(f == 1.0 for f in found)} of {len(vectors)} queries)"
    )


def _numpy_top(index, vector: np.ndarray) -> list[int]:  # type: ignore[no-untyped-def]
    cosines = index.cosines(vector)
    top = np.argpartition(-cosines, 29)[:30]
    return top[np.argsort(-cosines[top], kind="stable")].tolist()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=200, help="queries to time")
    parser.add_argument("--import", dest="do_import", action="store_true")
    parser.add_argument("--home", type=Path, default=Path.cwd(), help="WORKBENCH_HOME of eval")
    args = parser.parse_args()
    print(f"{machine()}; data {DATA}")
    if args.do_import:
        timed_import(DATA)
    scratch = scratch_home(args.home, DATA)
    wb = Workbench(Settings(home=scratch, chroma_url=None, database_url=None))
    if not is_prepared(scratch):
        print(f"importing into {scratch} first (once)")
        prepare(wb, DATA)
    clock = Clock()
    matcher = ClaimMatcher(wb)
    with wb.db.transaction() as session:
        clock.time(
            "archive read (claims_and_titles)", lambda: factchecks.claims_and_titles(session)
        )
    clock.time("archive read + index load (warm cache)", matcher.refresh)
    index, reranker = matcher.index(), matcher.reranker
    queries = [q["text"] for q in read_jsonl(DATA / "queries.jsonl")][: args.queries]
    matcher.rank(queries[0])  # the first ONNX run allocates; not a query's cost
    vectors = []
    for text in queries:
        query = clock.time("normalise", lambda t=text: normalise_claim(t))
        vector = clock.time(
            "embed the query (MiniLM)", lambda q=query: matcher.embedder.embed_array([q])[0]
        )
        vectors.append(vector)
        pool = clock.time(
            "BM25 + cosines + candidate pool",
            lambda q=query, v=vector: candidate_pool(index, q, v, reranker.pool),
        )
        clock.time("features + re-ranker", lambda p=pool: reranker.score(feature_rows(index, p)))
        clock.time("matcher.rank, end to end", lambda t=text: matcher.rank(t))
    print(f"{len(queries)} queries against {len(index)} fact-checks:")
    clock.table()
    chroma_versus_numpy(matcher, vectors, clock)
    for stage in ("dense top 30, numpy exact", "dense top 30, Chroma HNSW"):
        print(f"{stage}: median {median(clock.wall[stage]):.2f} ms wall")
    wb.close()


if __name__ == "__main__":
    main()
