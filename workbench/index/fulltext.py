"""Keyword retrieval in PostgreSQL, used instead of bm25s when the database is PostgreSQL:
several app servers then share one keyword index, kept by the database itself (BM25 postings
written in the transaction that adds each document: store/keywords.py), so adding a document
rebuilds nothing.

The score is BM25 as bm25s computes it (its default, Lucene's: k1 1.5, b 0.75, IDF
ln(1 + (N - df + 0.5) / (df + 0.5))) over the same words (bm25s' tokenizer, English
stopwords; a word twice in the query counts twice), summed with numpy over the query words'
postings, read packed from the database (store/keyword_blocks.py). N and the average passage
length are read once per corpus state.

`PostgresKeywordStore.get` has `BM25Store.get`'s shape, so the hybrid searcher takes either.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import numpy as np
from sqlalchemy import text

from workbench.index.bm25 import query_term_counts
from workbench.records import Passage
from workbench.store.db import Database
from workbench.store.keyword_blocks import Block, read_blocks

K1, B = 1.5, 0.75  # bm25s' defaults

_NAMES = text(
    "SELECT ordinal, passage_id FROM keyword_passages "
    "WHERE ordinal = ANY(CAST(:ordinals AS bigint[]))"
)
_SIZE = text(
    "SELECT count(*), coalesce(avg(words), 0) FROM keyword_passages WHERE corpus = :corpus"
)


class PostgresKeywordIndex:
    """One corpus state's keyword search; safe to call from any thread (a connection per call)."""

    def __init__(self, db: Database, corpus: str) -> None:
        self.db = db
        self.corpus = corpus
        self._size: tuple[float, float] | None = None  # (passages, average words), read once

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(passage_id, BM25 score) of up to k passages sharing words with the query."""
        counts = query_term_counts(query)
        if k <= 0 or not counts:
            return []
        with self.db.engine.begin() as connection:  # a search may pack and keep blocks
            if self._size is None:
                count, average = connection.execute(_SIZE, {"corpus": self.corpus}).one()
                self._size = (float(count), float(average))
            passages, average_words = self._size
            if passages == 0 or average_words == 0:
                return []
            blocks = read_blocks(connection, self.corpus, list(counts))
            if not blocks:
                return []
            ordinals, scores = _scores(blocks, counts, passages, average_words)
            best = _best_with_ties(scores, k)
            names = dict(connection.execute(_NAMES, {"ordinals": ordinals[best].tolist()}).all())
        # Ties go to the lower passage id, as in bm25s (whose index is in passage id order).
        ranked = sorted(
            (-float(scores[i]), names[int(ordinals[i])]) for i in best if int(ordinals[i]) in names
        )
        return [(passage_id, -negated) for negated, passage_id in ranked[:k]]


def _scores(
    blocks: dict[str, Block], counts: Counter[str], passages: float, average_words: float
) -> tuple[np.ndarray, np.ndarray]:
    """(passage numbers, BM25 scores) of every passage holding a query word. Each passage's
    shares are added in the query's word order, so passages with equal postings tie exactly."""
    numbers, shares = [], []
    for term in counts:
        block = blocks.get(term)
        if block is None:
            continue
        held_by = len(block.passages)
        weight = counts[term] * math.log(1.0 + (passages - held_by + 0.5) / (held_by + 0.5))
        count = block.counts.astype(np.float64)
        numbers.append(block.passages)
        shares.append(weight * count / (count + K1 * (1.0 - B + B * block.words / average_words)))
    if not numbers:
        return np.zeros(0, np.int64), np.zeros(0)
    found = np.concatenate(numbers)
    share = np.concatenate(shares)
    lowest, span = int(found.min()), int(found.max() - found.min()) + 1
    if span <= 8 * len(found) + 1_000_000:  # passage numbers close together: count in place
        totals = np.bincount(found - lowest, weights=share, minlength=span)
        held = np.flatnonzero(totals)  # every share is above 0 (IDF > 0, count >= 1)
        return held + lowest, totals[held]
    ordinals, position = np.unique(found, return_inverse=True)
    return ordinals, np.bincount(position, weights=share)


def _best_with_ties(scores: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the k best scores and of any others tied with the k-th."""
    if len(scores) <= k:
        return np.arange(len(scores))
    kth = np.partition(scores, len(scores) - k)[len(scores) - k]
    return np.flatnonzero(scores >= kth)


class PostgresKeywordStore:
    """Hands out one index object per corpus state, so whatever the searcher caches per index
    (the committed document ids) is renewed when the corpus changes."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._indexes: dict[str, tuple[str, PostgresKeywordIndex]] = {}

    def get(
        self, corpus: str, state: str, passages_loader: Callable[[], list[Passage]]
    ) -> PostgresKeywordIndex:
        """The corpus's index; `passages_loader` is never called: the database has them."""
        cached = self._indexes.get(corpus)
        if cached is None or cached[0] != state:
            cached = (state, PostgresKeywordIndex(self.db, corpus))
            self._indexes[corpus] = cached
        return cached[1]

    def drop(self, corpus: str) -> None:
        """Nothing on disk: the corpus's rows went with its passages."""
        self._indexes.pop(corpus, None)
