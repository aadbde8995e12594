"""Keyword retrieval in PostgreSQL full-text search, used instead of bm25s when the database
is PostgreSQL: several app servers then share one keyword index, kept by the database
itself (passage_texts, a generated tsvector with a GIN index, written in the transaction
that adds each document), so adding a document rebuilds nothing.

The query matches passages sharing any word with it (OR, as BM25 scores them), ranked by
`ts_rank_cd` (cover density: how many query words, how close together). The words are
parsed, stemmed and stopword-filtered by `plainto_tsquery` with the English configuration
(the passages' own), and its AND and phrase operators are turned into OR.

`PostgresKeywordStore.get` has `BM25Store.get`'s shape, so the hybrid searcher takes either.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import bindparam, text

from workbench.records import Passage
from workbench.store.catalog import TEXT_SEARCH_CONFIG
from workbench.store.db import Database

# One statement, prepared once. Ties go to the lower passage id, as BM25's do to the lower index.
_SEARCH = text(
    f"""
    WITH query AS (
        SELECT regexp_replace(
            plainto_tsquery('{TEXT_SEARCH_CONFIG}', :query)::text, ' (&|<->|<[0-9]+>) ', ' | ', 'g'
        )::tsquery AS q
    )
    SELECT passage_id, ts_rank_cd(tsv, query.q) AS score
    FROM passage_texts, query
    WHERE corpus = :corpus AND tsv @@ query.q
    ORDER BY score DESC, passage_id
    LIMIT :k
    """
).bindparams(bindparam("query"), bindparam("corpus"), bindparam("k"))


class PostgresKeywordIndex:
    """One corpus's keyword search; safe to call from any thread (a connection per call)."""

    def __init__(self, db: Database, corpus: str) -> None:
        self.db = db
        self.corpus = corpus

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(passage_id, ts_rank_cd score) of up to k passages sharing words with the query."""
        if k <= 0:
            return []
        with self.db.engine.connect() as connection:
            rows = connection.execute(_SEARCH, {"query": query, "corpus": self.corpus, "k": k})
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
