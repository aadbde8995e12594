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
            generation = str(catalog.generation(session, corpus))
            keyword = self.bm25.get(
                corpus, generation, lambda: catalog.iter_passages(session, corpus)
            ).search(query, self.candidates)
            dense = self.index.query(corpus, self.embeddings.embed_query(query), self.candidates)
            committed = catalog.committed_doc_ids(session, corpus, {did for _, did, _ in dense})
            # Vectors whose document row was never committed (a crash mid-ingest) do not count.
            dense = [(pid, did, sim) for pid, did, sim in dense if did in committed]
            fused = reciprocal_rank_fusion([[p for p, _ in keyword], [p for p, _, _ in dense]])
            return self._hits(session, corpus, fused[:k])

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
