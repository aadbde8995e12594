"""Hybrid retrieval: BM25 and dense results fused by reciprocal rank fusion.

RRF needs no score calibration between the two retrievers (BM25 scores and cosine
similarities live on different scales) and is robust when one of them misses entirely.

The two halves overlap where two cores allow it: the keyword half scores the query on a
worker thread while this thread embeds it, because ONNX Runtime releases the GIL while it
runs and the Chroma query does not (measured: Chroma queries and Python code in two threads
take as long as one after the other). A keyword job the worker has not started by the time
the dense half is done is taken back: on a busy machine a hand-over can cost milliseconds.
Vectors count only when their passage is in the catalog (a crash mid-ingest can leave
vectors behind), checked against the corpus's passage ids, read once per keyword index: so
Chroma returns bare ids and distances, no metadata. All catalog reads happen on the
caller's thread, in one transaction.

On PostgreSQL the keyword half is BM25 computed in the database (index/fulltext.py) in
place of bm25s: the same calls, with the worker thread's query on a connection of its own.
"""

from __future__ import annotations

import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from langchain_core.embeddings import Embeddings
from sqlalchemy.orm import Session

from workbench.index.bm25 import BM25Index, BM25Store
from workbench.index.chroma_store import ChromaIndex
from workbench.index.fulltext import PostgresKeywordIndex, PostgresKeywordStore
from workbench.records import SearchHit
from workbench.store import catalog
from workbench.store.db import Database

KeywordIndex = BM25Index | PostgresKeywordIndex
RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of top ranks
# Callers searching at once (UI sessions) each get a worker; threads start only when needed.
_KEYWORD_WORKERS = 4


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass
class HybridSearcher:
    db: Database
    index: ChromaIndex
    bm25: BM25Store | PostgresKeywordStore  # the keyword half: bm25s, or PostgreSQL's FTS
    embeddings: Embeddings
    candidates: int = 30  # per retriever, before fusion
    concurrent: bool = True  # False: the halves one after the other (same results, slower)
    # Kept for the searcher's life: a thread started per query would cost more than it saves.
    _pool: ThreadPoolExecutor = field(init=False, repr=False, compare=False)
    # corpus -> (its keyword index, the committed passage ids beside it): read once per index.
    _committed: dict[str, tuple[weakref.ref[KeywordIndex], frozenset[str]]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._pool = ThreadPoolExecutor(_KEYWORD_WORKERS, thread_name_prefix="keyword-search")

    def search(self, corpus: str, query: str, k: int = 5) -> list[SearchHit]:
        n = self.candidates
        # The session stays on this thread: SQLAlchemy sessions are not thread-safe.
        with self.db.transaction() as session:
            index = self._keyword_index(session, corpus)
            committed = self._committed_with(session, corpus, index)
            pending = self._pool.submit(index.search, query, n) if self.concurrent else None
            vector = self.embeddings.embed_query(query)
            nearest = self.index.nearest(corpus, vector, n)
            dense = [(pid, sim) for pid, sim in nearest if pid in committed]
            # A worker not yet started (a busy machine) is not waited for: the job runs here.
            if pending is None or pending.cancel():
                keyword = index.search(query, n)
            else:
                keyword = pending.result()
            fused = reciprocal_rank_fusion([[p for p, _ in keyword], [p for p, _ in dense]])
            return self._hits(session, corpus, fused[:k])

    def keyword(self, session: Session, corpus: str, query: str, n: int) -> list[tuple[str, float]]:
        """The keyword half alone (BM25, by bm25s or in PostgreSQL): (passage_id, score)."""
        return self._keyword_index(session, corpus).search(query, n)

    def dense(self, session: Session, corpus: str, query: str, n: int) -> list[tuple[str, float]]:
        """Vectors alone: (passage_id, cosine similarity), best first, committed documents only."""
        hits = self.index.query(corpus, self.embeddings.embed_query(query), n)
        committed = catalog.committed_doc_ids(session, corpus, {did for _, did, _ in hits})
        return [(pid, sim) for pid, did, sim in hits if did in committed]

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _keyword_index(self, session: Session, corpus: str) -> KeywordIndex:
        generation = str(catalog.generation(session, corpus))
        return self.bm25.get(corpus, generation, lambda: catalog.iter_passages(session, corpus))

    def _committed_with(self, session: Session, corpus: str, index: KeywordIndex) -> frozenset[str]:
        """The corpus's passage ids, read once per keyword index: the store makes a new index
        whenever the corpus changes (every document change bumps its generation) or is
        dropped, so the set is what a query in this transaction would return."""
        cached = self._committed.get(corpus)
        if cached is None or cached[0]() is not index:
            cached = (weakref.ref(index), catalog.passage_ids(session, corpus))
            self._committed[corpus] = cached
        return cached[1]

    @staticmethod
    def _hits(session: Session, corpus: str, fused: list[tuple[str, float]]) -> list[SearchHit]:
        found = catalog.get_sourced_passages(session, corpus, [pid for pid, _ in fused])
        hits = []
        for pid, score in fused:
            sourced = found.get(pid)
            if sourced is None:  # passage or document removed since the indexes were read
                continue
            passage = sourced.passage
            hits.append(
                SearchHit(
                    passage_id=pid,
                    doc_id=passage.doc_id,
                    doc_sha256=sourced.sha256,
                    title=sourced.title,
                    source=sourced.source,
                    text=passage.text,
                    start=passage.start,
                    end=passage.end,
                    score=round(score, 6),
                )
            )
        return hits
