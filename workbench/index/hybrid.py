"""Hybrid retrieval: BM25 and dense results fused by reciprocal rank fusion.

RRF needs no score calibration between the two retrievers (BM25 scores and cosine
similarities live on different scales) and is robust when one of them misses entirely.
"""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.embeddings import Embeddings
from sqlalchemy.orm import Session

from workbench.index.bm25 import BM25Store
from workbench.index.chroma_store import ChromaIndex
from workbench.records import SearchHit
from workbench.store import catalog
from workbench.store.db import Database

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of top ranks


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
    bm25: BM25Store
    embeddings: Embeddings
    candidates: int = 30  # per retriever, before fusion

    def search(self, corpus: str, query: str, k: int = 5) -> list[SearchHit]:
        with self.db.transaction() as session:
            keyword = self.keyword(session, corpus, query, self.candidates)
            dense = self.dense(session, corpus, query, self.candidates)
            fused = reciprocal_rank_fusion([[p for p, _ in keyword], [p for p, _ in dense]])
            return self._hits(session, corpus, fused[:k])

    def keyword(self, session: Session, corpus: str, query: str, n: int) -> list[tuple[str, float]]:
        """BM25 alone: (passage_id, score), best first."""
        generation = str(catalog.generation(session, corpus))
        index = self.bm25.get(corpus, generation, lambda: catalog.iter_passages(session, corpus))
        return index.search(query, n)

    def dense(self, session: Session, corpus: str, query: str, n: int) -> list[tuple[str, float]]:
        """Vectors alone: (passage_id, cosine similarity), best first, committed documents only."""
        hits = self.index.query(corpus, self.embeddings.embed_query(query), n)
        # Vectors whose document row was never committed (a crash mid-ingest) do not count.
        committed = catalog.committed_doc_ids(session, corpus, {did for _, did, _ in hits})
        return [(pid, sim) for pid, did, sim in hits if did in committed]

    def _hits(
        self, session: Session, corpus: str, fused: list[tuple[str, float]]
    ) -> list[SearchHit]:
        passages = catalog.get_passages(session, corpus, [pid for pid, _ in fused])
        docs = {
            doc_id: catalog.get_document(session, corpus, doc_id)
            for doc_id in {p.doc_id for p in passages.values()}
        }
        hits = []
        for pid, score in fused:
            passage = passages.get(pid)
            doc = docs.get(passage.doc_id) if passage else None
            if passage is None or doc is None:
                continue
            hits.append(
                SearchHit(
                    passage_id=pid,
                    doc_id=passage.doc_id,
                    doc_sha256=doc.sha256,
                    title=doc.title,
                    source=doc.source,
                    text=passage.text,
                    start=passage.start,
                    end=passage.end,
                    score=round(score, 6),
                )
            )
        return hits
