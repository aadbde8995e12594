"""Keyword retrieval in PostgreSQL, used instead of bm25s when the database is PostgreSQL:
several app servers then share one keyword index, kept by the database itself (BM25 postings
written in the transaction that adds each document: store/keywords.py), so adding a document
rebuilds nothing.

The score is BM25 as bm25s computes it (its default, Lucene's: k1 1.5, b 0.75, IDF
ln(1 + (N - df + 0.5) / (df + 0.5))) over the same words (bm25s' tokenizer, English
stopwords; a word twice in the query counts twice), summed in SQL over the postings of the
query's words, read from one covering index. N and the average passage length are read once
per corpus state.

`PostgresKeywordStore.get` has `BM25Store.get`'s shape, so the hybrid searcher takes either.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import bindparam, text

from workbench.index.bm25 import query_term_counts
from workbench.records import Passage
from workbench.store.db import Database

K1, B = 1.5, 0.75  # bm25s' defaults

# One statement, prepared once: each query word's weight (IDF from the word's passage count,
# times its count in the query), then the postings of those words summed per passage number,
# read from the covering index alone; the best k (with any passages tied with the k-th) are
# named, and ties go to the lower passage id, as in bm25s (whose index is in passage id order).
_SEARCH = text(
    """
    WITH query AS (
        SELECT w.term,
            times * ln(1.0 + (:passages - w.passages + 0.5) / (w.passages + 0.5)) AS weight
        FROM unnest(CAST(:terms AS text[]), CAST(:times AS integer[])) AS q(term, times)
        JOIN keyword_terms AS w ON w.corpus = :corpus AND w.term = q.term
        WHERE w.passages > 0
    ), best AS (
        SELECT p.passage,
            sum(weight * count / (count + :k1 * (1.0 - :b + :b * words / :average_words)))
            AS score
        FROM query JOIN keyword_postings AS p ON p.corpus = :corpus AND p.term = query.term
        GROUP BY p.passage
        ORDER BY score DESC
        FETCH FIRST (:k) ROWS WITH TIES
    )
    SELECT k.passage_id, best.score
    FROM best JOIN keyword_passages AS k ON k.ordinal = best.passage
    ORDER BY best.score DESC, k.passage_id
    LIMIT :k
    """
).bindparams(
    bindparam("corpus"),
    bindparam("terms"),
    bindparam("times"),
    bindparam("passages"),
    bindparam("average_words"),
    bindparam("k1"),
    bindparam("b"),
    bindparam("k"),
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
        with self.db.engine.connect() as connection:
            if self._size is None:
                count, average = connection.execute(_SIZE, {"corpus": self.corpus}).one()
                self._size = (float(count), float(average))
            passages, average_words = self._size
            if passages == 0 or average_words == 0:
                return []
            rows = connection.execute(
                _SEARCH,
                {
                    "corpus": self.corpus,
                    "terms": list(counts),
                    "times": list(counts.values()),
                    "passages": passages,
                    "average_words": average_words,
                    "k1": K1,
                    "b": B,
                    "k": k,
                },
            )
            return [(pid, float(score)) for pid, score in rows if score > 0]


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
