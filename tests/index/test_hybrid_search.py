"""Hybrid search on the real sample corpus: the concurrent search returns exactly what the
sequential one does, and what the per-id catalog lookups would give."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import cast

import numpy as np
import pytest

from workbench.corpus.ingest import ingest
from workbench.corpus.manage import remove_corpus
from workbench.index.bm25 import BM25Index
from workbench.index.chroma_store import ChromaIndex
from workbench.index.hybrid import HybridSearcher, reciprocal_rank_fusion
from workbench.llm.embeddings import embeddings_id
from workbench.records import Passage, SearchHit, passage_id
from workbench.services import Workbench
from workbench.store import catalog

QUERIES = [
    "Who designed the Brooklyn Bridge?",
    "When did the bridge open",
    "novel written by an English author",
    "Honus Wagner shortstop baseball card",
    "the of and",  # stopwords only: the keyword half finds nothing
    "zzzz qqqq",  # no shared word at all
    "tower bell lean soft ground Pisa construction century",
]


def _searcher(wb: Workbench, concurrent: bool) -> HybridSearcher:
    return HybridSearcher(wb.db, wb.index, wb.bm25, wb.embeddings, concurrent=concurrent)


def _reference(wb: Workbench, query: str, k: int, corpus: str = "fm2") -> list[SearchHit]:
    """The search done step by step, with one catalog lookup per passage and document."""
    searcher = _searcher(wb, concurrent=False)
    with wb.db.transaction() as session:
        keyword = searcher.keyword(session, corpus, query, searcher.candidates)
        dense = searcher.dense(session, corpus, query, searcher.candidates)
        fused = reciprocal_rank_fusion([[p for p, _ in keyword], [p for p, _ in dense]])[:k]
        hits = []
        for pid, score in fused:
            passage = catalog.get_passages(session, corpus, [pid])[pid]
            doc = catalog.get_document(session, corpus, passage.doc_id)
            assert doc is not None
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


@pytest.mark.parametrize("k", [1, 5, 10])
def test_concurrent_search_equals_sequential_and_per_id_lookups(
    sample_workbench: Workbench, k: int
) -> None:
    concurrent = _searcher(sample_workbench, concurrent=True)
    sequential = _searcher(sample_workbench, concurrent=False)
    try:
        for query in QUERIES:
            expected = _reference(sample_workbench, query, k)
            assert sequential.search("fm2", query, k) == expected, query
            assert concurrent.search("fm2", query, k) == expected, query
    finally:
        concurrent.close()
    assert len(_reference(sample_workbench, QUERIES[0], 10)) == 10  # the corpus is big enough


def test_many_callers_at_once_get_the_sequential_results(sample_workbench: Workbench) -> None:
    searcher = _searcher(sample_workbench, concurrent=True)
    expected = {q: _reference(sample_workbench, q, 5) for q in QUERIES}
    try:
        with ThreadPoolExecutor(6) as callers:
            got = list(callers.map(lambda q: (q, searcher.search("fm2", q, 5)), QUERIES * 4))
    finally:
        searcher.close()
    for query, hits in got:
        assert hits == expected[query], query


class _WaitsForKeyword:
    """A Chroma index whose queries wait until BM25 has started on the worker thread."""

    def __init__(self, index: ChromaIndex, started: threading.Event) -> None:
        self._index, self._started = index, started

    def nearest(self, corpus: str, vector: list[float], k: int) -> list[tuple[str, float]]:
        assert self._started.wait(30), "the BM25 job never started on the worker"
        return self._index.nearest(corpus, vector, k)


def test_keyword_half_on_the_worker_or_taken_back_gives_the_same_results(
    sample_workbench: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    wb = sample_workbench
    threads: list[str] = []
    started = threading.Event()
    search = BM25Index.search

    def recording_search(self: BM25Index, query: str, k: int) -> list[tuple[str, float]]:
        threads.append(threading.current_thread().name)
        started.set()
        return search(self, query, k)

    monkeypatch.setattr(BM25Index, "search", recording_search)
    query = QUERIES[0]
    expected = _reference(wb, query, 5)

    waiting = cast(ChromaIndex, _WaitsForKeyword(wb.index, started))
    on_worker = HybridSearcher(wb.db, waiting, wb.bm25, wb.embeddings)
    threads.clear()
    assert on_worker.search("fm2", query, 5) == expected
    assert threads == ["keyword-search_0"]
    on_worker.close()

    taken_back = _searcher(wb, concurrent=True)
    taken_back._pool = ThreadPoolExecutor(1)  # its one worker kept busy until the search ends
    release = threading.Event()
    taken_back._pool.submit(release.wait, 30)
    threads.clear()
    assert taken_back.search("fm2", query, 5) == expected
    assert threads == [threading.current_thread().name]
    release.set()
    taken_back.close()


def test_vectors_of_uncommitted_documents_never_count(workbench: Workbench, tmp_path: Path) -> None:
    """A crash mid-ingest leaves vectors without a catalog row: both searches skip them."""
    (tmp_path / "a.txt").write_text("The Brooklyn Bridge opened in 1883 over the East River.")
    (tmp_path / "b.txt").write_text("The Leaning Tower of Pisa is a freestanding bell tower.")
    assert ingest(workbench, "c", [tmp_path]).ok
    query = "When did the Brooklyn Bridge open?"
    stray = Passage(
        passage_id=passage_id("doc-x", 0, 4), doc_id="doc-x", start=0, end=4, text="xxxx"
    )
    vector = np.asarray([workbench.embeddings.embed_query(query)], dtype=np.float32)
    workbench.index.add("c", embeddings_id(workbench.embeddings), [stray], vector)
    assert workbench.index.query("c", vector[0].tolist(), 1)[0][0] == stray.passage_id
    expected = _reference(workbench, query, 5, corpus="c")
    assert expected and stray.passage_id not in {h.passage_id for h in expected}
    for concurrent in (True, False):
        searcher = _searcher(workbench, concurrent)
        assert searcher.search("c", query, 5) == expected
        searcher.close()


def test_a_corpus_removed_and_added_again_is_searched_afresh(
    workbench: Workbench, tmp_path: Path
) -> None:
    """Same name, same generation number, other documents: nothing cached may leak over."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    (first / "a.txt").write_text("The Brooklyn Bridge opened in 1883 over the East River.")
    (second / "b.txt").write_text("Wuthering Heights is the only novel by Emily Brontë.")
    searcher = workbench.searcher
    assert ingest(workbench, "c", [first]).ok
    assert searcher.search("c", "Emily Brontë novel", 5)  # caches what it can
    remove_corpus(workbench, "c")
    assert ingest(workbench, "c", [second]).ok  # the generation counts up from 0 again
    expected = _reference(workbench, "Emily Brontë novel", 5, corpus="c")
    assert [Path(h.source).name for h in expected] == ["b.txt"]
    assert searcher.search("c", "Emily Brontë novel", 5) == expected


def test_the_shared_searcher_is_concurrent(sample_workbench: Workbench) -> None:
    assert sample_workbench.searcher.concurrent
