"""Keyword retrieval with bm25s (sparse-matrix BM25), persisted per corpus state.

An index is built from the catalog's passages and saved under
``vectorstore/bm25/<corpus>/<state>``; a corpus whose documents change gets a new state
and so a fresh index, and stale ones are removed. Saving goes to a temp folder that is
renamed into place, so a crash never leaves a half index to load.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import bm25s
import numpy as np

from workbench.records import Passage

_IDS_FILE = "passage_ids.json"


def _tokenize(texts: list[str]):  # type: ignore[no-untyped-def]
    return bm25s.tokenize(texts, stopwords="en", show_progress=False)


def _query_tokens(query: str) -> list[str]:
    """The query's words as the index was tokenized (same rules, no throwaway vocabulary)."""
    return bm25s.tokenize([query], stopwords="en", return_ids=False, show_progress=False)[0]


def term_counts(texts: list[str]) -> list[Counter[str]]:
    """Each text's words and how often each occurs, tokenized as the index tokenizes (the
    postings PostgreSQL keeps for its BM25: index/fulltext.py); a text's length is the sum."""
    tokens = bm25s.tokenize(texts, stopwords="en", return_ids=False, show_progress=False)
    return [Counter(words) for words in tokens]


def query_term_counts(query: str) -> Counter[str]:
    """The query's words with how often each occurs: bm25s adds a word's score once per time."""
    return Counter(_query_tokens(query))


def query_terms(query: str) -> list[str]:
    """The query's words that keyword search matches on (lower case, stopwords dropped)."""
    return list(dict.fromkeys(_query_tokens(query)))


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest positive scores, best first; equal scores go to the lower index.

    Used instead of bm25s' own selection: its argpartition over every document took ~7 ms at
    100k passages (many equal scores), and left the order of ties to chance.
    """
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > k:
        values = scores[candidates]
        kth = np.partition(values, len(values) - k)[len(values) - k]
        above = candidates[values > kth]
        candidates = np.concatenate([above, candidates[values == kth][: k - len(above)]])
    return candidates[np.lexsort((candidates, -scores[candidates]))]


class BM25Index:
    def __init__(self, retriever: bm25s.BM25 | None, passage_ids: list[str]) -> None:
        self._retriever = retriever
        self.passage_ids = passage_ids

    @classmethod
    def build(cls, passages: list[Passage]) -> BM25Index:
        return cls.from_texts([p.passage_id for p in passages], [p.text for p in passages])

    @classmethod
    def from_texts(cls, ids: list[str], texts: list[str]) -> BM25Index:
        """An index of any texts under the given ids (passages, or archive fact-checks)."""
        if not texts:
            return cls(None, [])
        retriever = bm25s.BM25()
        retriever.index(_tokenize(texts), show_progress=False)
        return cls(retriever, list(ids))

    def scores(self, query: str) -> np.ndarray | None:
        """The BM25 score of every indexed text, in index order; None when the query has no
        word the index knows (only stopwords, or an empty index)."""
        if self._retriever is None:
            return None
        # Words the index does not know (or only stopwords) score nothing anywhere.
        token_ids = self._retriever.get_tokens_ids(_query_tokens(query))
        if not token_ids:
            return None
        return self._retriever.get_scores_from_ids(token_ids)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(passage_id, BM25 score) of up to k passages sharing words with the query."""
        scores = self.scores(query) if k > 0 else None
        if scores is None:
            return []
        return [(self.passage_ids[i], float(scores[i])) for i in top_k(scores, k).tolist()]

    def save(self, folder: Path) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
        try:
            if self._retriever is not None:
                self._retriever.save(str(tmp), show_progress=False)
            (tmp / _IDS_FILE).write_text(json.dumps(self.passage_ids))
            if folder.exists():
                shutil.rmtree(folder)
            tmp.rename(folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        ids = json.loads((folder / _IDS_FILE).read_text())
        retriever = bm25s.BM25.load(str(folder), mmap=False, show_progress=False) if ids else None
        return cls(retriever, ids)


class BM25Store:
    """BM25 indexes on disk, one per (corpus, state), with an in-process cache."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._loaded: dict[str, tuple[str, BM25Index]] = {}
        # Callers may search from several threads: one builds a missing index, the rest wait.
        self._building = threading.Lock()

    def get(self, corpus: str, state: str, passages_loader) -> BM25Index:  # type: ignore[no-untyped-def]
        index = self._cached(corpus, state)
        if index is not None:
            return index
        with self._building:
            return self._cached(corpus, state) or self._load_or_build(
                corpus, state, passages_loader
            )

    def _cached(self, corpus: str, state: str) -> BM25Index | None:
        cached = self._loaded.get(corpus)
        return cached[1] if cached and cached[0] == state else None

    def _load_or_build(
        self, corpus: str, state: str, passages_loader: Callable[[], list[Passage]]
    ) -> BM25Index:
        folder = self.root / corpus / state
        if (folder / _IDS_FILE).exists():
            index = BM25Index.load(folder)
        else:
            index = BM25Index.build(passages_loader())
            index.save(folder)
            self._sweep(corpus, keep=state)
        self._loaded[corpus] = (state, index)
        return index

    def drop(self, corpus: str) -> None:
        self._loaded.pop(corpus, None)
        shutil.rmtree(self.root / corpus, ignore_errors=True)

    def _sweep(self, corpus: str, keep: str) -> None:
        for old in (self.root / corpus).iterdir():
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)
