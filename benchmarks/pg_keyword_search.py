"""Keyword search in PostgreSQL (BM25 over postings in the database) against bm25s:
evidence recall@5 on the dev sets and latency p50/p95 on them and at 100k passages, for the
keyword half alone and for hybrid search (the keyword half fused with the same dense half).
Goals (issue 14): recall@5 within 1 point of bm25s, p95 <= 30 ms at 100k passages.

Recall is retrieval_recall.py's: is a gold document among the first 5 distinct documents of
the ranking, the claim as the query (up to 500 claims per set, shuffled with seed 42). Both
backends read one set of catalog rows: each set is chunked as ingest chunks it into SQLite,
then its documents and passages are copied into a PostgreSQL database, so only the keyword
half differs. By default the dev sets get no vectors (keyword recall and latency only);
--hybrid-recall ingests them with vectors (one Chroma folder for both) for hybrid recall too.
Latency is the steady state (the queries' words already packed by earlier searches, as on a
desk that searches a corpus all day), with a "cold kw" row before it: the keyword half when no
word is packed yet, so each query packs the blocks it needs on the way.
The 100k set is search_speed.py's (built there, or copied from its cache with --from-cache;
vectors and a BM25 index included); its catalog is copied into PostgreSQL the same way.

PostgreSQL is a throw-away cluster (tests/postgres_cluster.py) unless --postgres names a
server database (it must be empty).

    .venv/bin/python benchmarks/pg_keyword_search.py [--dataset NAME] [--limit N] [--quick]
        [--no-100k] [--from-cache DIR] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from _common import SHARED, machine, median, percentile, read_jsonl
from retrieval_recall import first_docs

from workbench.corpus.chunking import Chunker
from workbench.corpus.ingest import ingest
from workbench.corpus.readers import read_paths
from workbench.index.fulltext import PostgresKeywordStore
from workbench.index.hybrid import reciprocal_rank_fusion
from workbench.records import Document
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import catalog

REPO = Path(__file__).resolve().parents[1]
K = 5
GOAL_RECALL_POINTS = 1.0  # recall@5 of PostgreSQL at most this many points under bm25s
GOAL_P95_MS = 30.0
BATCH = 2000


def copy_catalog(source: Workbench, target: Workbench, corpus: str) -> float:
    """Every document and passage of `corpus` written into the target's database (the same
    ids, so both catalogs match the one Chroma collection); seconds taken."""
    started = time.perf_counter()
    with source.db.transaction() as session:
        documents = catalog.list_documents(session, corpus)
        passages: dict[str, list] = {}
        for p in catalog.iter_passages(session, corpus):
            passages.setdefault(p.doc_id, []).append(p)
        embedder = session.get(catalog.CorpusRow, corpus).embedder  # type: ignore[union-attr]
    with target.db.transaction() as session:
        catalog.ensure_corpus(session, corpus, embedder, documents[0].ingested_at)
    for start in range(0, len(documents), BATCH):
        with target.db.transaction() as session:
            for document in documents[start : start + BATCH]:
                catalog.put_document(session, document, passages.get(document.doc_id, []))
    # Fresh planner statistics and visibility map (index-only scans), as autovacuum keeps them.
    autocommit = target.db.engine.execution_options(isolation_level="AUTOCOMMIT")
    with autocommit.connect() as connection:
        connection.exec_driver_sql("VACUUM ANALYZE keyword_postings, keyword_passages")
    return time.perf_counter() - started


def twin(wb: Workbench, url: str) -> Workbench:
    """The same home (Chroma, embedder) on the PostgreSQL database."""
    pg = Workbench(
        Settings(
            home=wb.settings.home, chroma_url=None, database_url=url, keyword_search="postgres"
        )
    )
    pg.embeddings = wb.embeddings
    assert isinstance(pg.bm25, PostgresKeywordStore)  # not bm25s over the PostgreSQL catalog
    return pg


def timed(run: Callable[[str], object], queries: list[str]) -> list[float]:
    for query in queries[:20]:  # warm up: caches, prepared statements, thread pools
        run(query)
    times = []
    for query in queries:
        t = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - t) * 1000)
    return times


def first_searches(label: str, pg: Workbench, corpus: str, queries: list[str]) -> None:
    """The keyword half with no word packed yet (store/keyword_blocks.py): every block the
    queries need is made on the way, as after a fresh copy; no warm-up. The rows after it are
    the steady state, once the corpus's words have been searched."""
    with pg.db.engine.begin() as connection:
        connection.exec_driver_sql(f"DELETE FROM keyword_blocks WHERE corpus = '{corpus}'")
    run = keyword_runner(pg, corpus)
    times = []
    for query in queries:
        t = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - t) * 1000)
    p50, p95 = median(times), percentile(times, 95)
    print(
        f"{label:14} {'cold kw':>8} {'':9} {'':9} {p50:9.1f} {p95:9.1f} {'':9} "
        f"{p95 / GOAL_P95_MS:9.2f}"
    )


def keyword_runner(wb: Workbench, corpus: str) -> Callable[[str], object]:
    def run(query: str) -> object:
        with wb.db.transaction() as session:
            return wb.searcher.keyword(session, corpus, query, wb.searcher.candidates)

    return run


def hybrid_runner(wb: Workbench, corpus: str) -> Callable[[str], object]:
    return lambda query: wb.searcher.search(corpus, query, K)


def latency_rows(  # type: ignore[no-untyped-def]
    label: str,
    backends: dict[str, Workbench],
    corpus: str,
    queries: list[str],
    modes: tuple[str, ...] = ("keyword", "hybrid"),
):
    """Print p50/p95 per backend and mode; the PostgreSQL hybrid p95."""
    pg_p95 = 0.0
    runners = {"keyword": keyword_runner, "hybrid": hybrid_runner}
    for mode in modes:
        runner = runners[mode]
        figures = {}
        for name, wb in backends.items():
            times = timed(runner(wb, corpus), queries)
            figures[name] = (median(times), percentile(times, 95))
        (b50, b95), (p50, p95) = figures["bm25s"], figures["postgres"]
        print(
            f"{label:14} {mode:>8} {b50:9.1f} {b95:9.1f} {p50:9.1f} {p95:9.1f} "
            f"{p95 / b95:9.2f} {p95 / GOAL_P95_MS:9.2f}"
        )
        pg_p95 = p95 if mode == "hybrid" else pg_p95
    return pg_p95


def recall_at_5(
    wb: Workbench, corpus: str, claims: list[dict], hybrid: bool
) -> tuple[float, float, float]:
    """(keyword, dense, hybrid) evidence recall@5, fused as HybridSearcher.search fuses;
    without `hybrid` only the keyword figure (the others 0: no vectors were made)."""
    with wb.db.transaction() as session:
        external = {d.doc_id: d.external_id for d in catalog.list_documents(session, corpus)}
        doc_of = {p.passage_id: external[p.doc_id] for p in catalog.iter_passages(session, corpus)}
    searcher, n = wb.searcher, wb.searcher.candidates
    found = [0, 0, 0]
    for claim in claims:
        gold = {str(g) for g in claim["gold_doc_ids"]}
        with wb.db.transaction() as session:
            keyword = [pid for pid, _ in searcher.keyword(session, corpus, claim["claim"], 60)]
            dense = (
                [pid for pid, _ in searcher.dense(session, corpus, claim["claim"], 60)]
                if hybrid
                else []
            )
        fused = [pid for pid, _ in reciprocal_rank_fusion([keyword[:n], dense[:n]])]
        for i, ranking in enumerate((keyword, dense, fused)):
            found[i] += bool(gold & set(first_docs(ranking, doc_of, K)))
    return found[0] / len(claims), found[1] / len(claims), found[2] / len(claims)


def catalog_only(wb: Workbench, corpus: str, corpus_file: Path) -> None:
    """The corpus's documents and passages, chunked as ingest chunks them, into the catalog
    only (no vectors): all that the keyword half reads, without hours of embedding."""
    now = datetime.now(UTC)
    chunker = Chunker(wb.settings.chunk_size, wb.settings.chunk_overlap)
    with wb.db.transaction() as session:
        catalog.ensure_corpus(session, corpus, "none (keyword benchmark)", now)
        seen: set[str] = set()
        for _, result in read_paths([corpus_file], 1 << 30):
            for source in result.sources:
                document = Document.from_source(corpus, source, now)
                if document.doc_id not in seen:
                    seen.add(document.doc_id)
                    catalog.put_document(session, document, chunker.split(document))


def dev_set(name: str, limit: int, new_database: Callable[[], str], hybrid: bool) -> None:
    folder = SHARED / name
    claims = [c for c in read_jsonl(folder / "claims.jsonl") if c.get("gold_doc_ids")]
    random.Random(42).shuffle(claims)
    claims = claims[:limit]
    home = Path(tempfile.mkdtemp(prefix=f"wb-pgkw-{name}-"))
    lite = Workbench(Settings(home=home, chroma_url=None, database_url=None))
    if hybrid:
        ingest(lite, name, [folder / "corpus.jsonl"])
    else:
        catalog_only(lite, name, folder / "corpus.jsonl")
    pg = twin(lite, new_database())
    copied = copy_catalog(lite, pg, name)
    recalls = {
        "bm25s": recall_at_5(lite, name, claims, hybrid),
        "postgres": recall_at_5(pg, name, claims, hybrid),
    }
    with lite.db.transaction() as session:
        passages = catalog.corpus_info(session, name).passages
    print(
        f"\n{name}: {len(claims)} claims, {passages} passages "
        f"(copied to PostgreSQL in {copied:.0f} s)"
    )
    print(f"{'recall@5':14} {'bm25s':>8} {'postgres':>9} {'points':>7} {'points/1':>9}")
    for i, mode in enumerate(("keyword", "dense", "hybrid") if hybrid else ("keyword",)):
        b, p = recalls["bm25s"][i], recalls["postgres"][i]
        points = (b - p) * 100
        print(f"{mode:14} {b:8.3f} {p:9.3f} {points:7.1f} {points / GOAL_RECALL_POINTS:9.2f}")
    latency_header()
    first_searches(name, pg, name, [c["claim"] for c in claims])
    modes = ("keyword", "hybrid") if hybrid else ("keyword",)
    latency_rows(name, {"bm25s": lite, "postgres": pg}, name, [c["claim"] for c in claims], modes)
    lite.close()
    pg.close()
    shutil.rmtree(home, ignore_errors=True)


def latency_header() -> None:
    print(
        f"{'latency ms':14} {'mode':>8} {'bm25 p50':>9} {'bm25 p95':>9} {'pg p50':>9} "
        f"{'pg p95':>9} {'p95 ratio':>9} {'p95/30ms':>9}"
    )


def hundred_k(source: Path, scratch: Path, url: str, queries: list[str]) -> None:
    """search_speed.py's 100k set (copied, so its cache is never written), on both backends."""
    home = scratch / "set-100000"
    if not home.exists():
        shutil.copytree(source, home)
    lite = Workbench(Settings(home=home, chroma_url=None, database_url=None))
    pg = twin(lite, url)
    copied = copy_catalog(lite, pg, "bench")
    print(f"\n100k: {len(queries)} SciFact claims as queries (catalog copied in {copied:.0f} s)")
    latency_header()
    first_searches("100k", pg, "bench", queries)
    p95 = latency_rows("100k", {"bm25s": lite, "postgres": pg}, "bench", queries)
    print(f"goal: PostgreSQL hybrid p95 <= {GOAL_P95_MS:.0f} ms at 100k: {p95:.1f} ms")
    lite.close()
    pg.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--dataset",
        action="append",
        help="repeatable; default fm2, scifact, climate_fever, averitec",
    )
    parser.add_argument(
        "--hybrid-recall",
        action="store_true",
        help="ingest the dev sets with vectors for hybrid recall (slow: embeds every passage)",
    )
    parser.add_argument("--limit", type=int, default=500, help="claims per set, 100k queries")
    parser.add_argument("--quick", action="store_true", help="100 claims, no 100k set")
    parser.add_argument("--no-100k", action="store_true", help="the dev sets only")
    parser.add_argument(
        "--from-cache",
        type=Path,
        default=REPO / ".workbench-cache" / "search-bench",
        help="search_speed.py's cache, holding set-100000-*",
    )
    parser.add_argument("--postgres", help="an empty PostgreSQL database URL (else throw-away)")
    args = parser.parse_args()
    cluster = None
    if args.postgres is None:
        sys.path.insert(0, str(REPO / "tests"))
        from postgres_cluster import PostgresCluster

        cluster = PostgresCluster()
        cluster.start()
    scratch = Path(tempfile.mkdtemp(prefix="wb-pgkw-"))
    try:
        # One database per set on the throw-away cluster; the corpora's names differ, so a
        # given server database holds them all.
        new_database = cluster.create_database if cluster else lambda: args.postgres
        print(f"PostgreSQL BM25 vs bm25s ({machine()}); load {os.getloadavg()[0]:.2f}")
        for name in args.dataset or ["fm2", "scifact", "climate_fever", "averitec"]:
            dev_set(name, 100 if args.quick else args.limit, new_database, args.hybrid_recall)
        if not (args.quick or args.no_100k):
            sets = sorted(args.from_cache.glob("set-100000-*"))
            if not sets:
                sys.exit(f"no 100k set in {args.from_cache}: run benchmarks/search_speed.py first")
            claims = dict.fromkeys(
                c["claim"] for c in read_jsonl(SHARED / "scifact" / "claims.jsonl")
            )
            hundred_k(sets[-1], scratch, new_database(), list(claims)[: args.limit])
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
