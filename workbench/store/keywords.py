"""PostgreSQL only: the postings of the BM25 keyword index kept in the database.

Three tables: one row per (corpus, word, passage) with the word's count in the passage and
the passage's length in words; one row per passage with its length (passages without a word
still count in BM25's document number and average length); one row per (corpus, word) with
the number of passages holding it (BM25's document frequency, so a search counts nothing).
They are written in the transaction that adds a document and go with its passages (the keys
cascade; the counts are lowered before), so several app servers share one keyword index and
adding a document rebuilds nothing. The words are bm25s' own (index/bm25.py `term_counts`),
so the scores are bm25s' scores: index/fulltext.py computes them in SQL. SQLite keeps no such
tables: there bm25s indexes the passages in the home folder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import (
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from workbench.index.bm25 import term_counts
from workbench.records import Passage
from workbench.store.db import Base

keyword_passages = Table(
    "keyword_passages",
    Base.metadata,
    Column("corpus", String(64), primary_key=True),
    Column("passage_id", String(40), primary_key=True),
    Column("words", Integer, nullable=False),
    ForeignKeyConstraint(
        ["corpus", "passage_id"], ["passages.corpus", "passages.passage_id"], ondelete="CASCADE"
    ),
    info={"dialect": "postgresql"},  # made by the migrations on PostgreSQL only
)

# No primary key: the unique index is the key, and carries the counts so that a search
# reads the index alone (an index-only scan), never the table.
keyword_postings = Table(
    "keyword_postings",
    Base.metadata,
    Column("corpus", String(64), nullable=False),
    Column("term", Text, nullable=False),
    Column("passage_id", String(40), nullable=False),
    Column("count", Integer, nullable=False),
    Column("words", Integer, nullable=False),
    ForeignKeyConstraint(
        ["corpus", "passage_id"],
        ["keyword_passages.corpus", "keyword_passages.passage_id"],
        ondelete="CASCADE",
    ),
    Index(
        "ix_keyword_postings_term",
        "corpus",
        "term",
        "passage_id",
        unique=True,
        postgresql_include=["count", "words"],
    ),
    # What the cascade from a removed passage looks its postings up by.
    Index("ix_keyword_postings_passage", "corpus", "passage_id"),
    info={"dialect": "postgresql"},
)

keyword_terms = Table(
    "keyword_terms",
    Base.metadata,
    Column("corpus", String(64), primary_key=True),
    Column("term", Text, primary_key=True),
    Column("passages", Integer, nullable=False),  # how many passages hold the word (may be 0)
    ForeignKeyConstraint(["corpus"], ["corpora.name"], ondelete="CASCADE"),
    info={"dialect": "postgresql"},
)


# Each write is one statement over arrays (a round trip per table, not per row).
_PUT_LENGTHS = text(
    """
    INSERT INTO keyword_passages (corpus, passage_id, words)
    SELECT :corpus, * FROM unnest(CAST(:passage_ids AS varchar[]), CAST(:words AS integer[]))
    """
)
_PUT_POSTINGS = text(
    """
    INSERT INTO keyword_postings (corpus, term, passage_id, count, words)
    SELECT :corpus, * FROM unnest(
        CAST(:terms AS text[]), CAST(:passage_ids AS varchar[]),
        CAST(:counts AS integer[]), CAST(:words AS integer[])
    )
    """
)
# Sorted by word: one lock order for every writer (writers to one corpus also wait for each
# other on its generation row, catalog._bump).
_COUNT_IN = text(
    """
    INSERT INTO keyword_terms (corpus, term, passages)
    SELECT :corpus, term, n
    FROM unnest(CAST(:terms AS text[]), CAST(:passages AS integer[])) AS added(term, n)
    ORDER BY term
    ON CONFLICT (corpus, term) DO UPDATE SET passages = keyword_terms.passages + excluded.passages
    """
)


def write_postings(
    connection: Session | Connection, corpus: str, passages: Sequence[Passage]
) -> None:
    """The passages' lengths and postings, and their words' passage counts raised, in the
    caller's transaction; the passages' own rows must be there already."""
    if not passages:
        return
    lengths: list[int] = []
    terms: list[str] = []
    passage_ids: list[str] = []
    counts: list[int] = []
    words: list[int] = []
    for passage, found in zip(passages, term_counts([p.text for p in passages]), strict=True):
        length = sum(found.values())
        lengths.append(length)
        for term, count in found.items():
            terms.append(term)
            passage_ids.append(passage.passage_id)
            counts.append(count)
            words.append(length)
    connection.execute(
        _PUT_LENGTHS,
        {"corpus": corpus, "passage_ids": [p.passage_id for p in passages], "words": lengths},
    )
    if not terms:
        return
    connection.execute(
        _PUT_POSTINGS,
        {
            "corpus": corpus,
            "terms": terms,
            "passage_ids": passage_ids,
            "counts": counts,
            "words": words,
        },
    )
    added = sorted(Counter(terms).items())
    connection.execute(
        _COUNT_IN,
        {"corpus": corpus, "terms": [t for t, _ in added], "passages": [n for _, n in added]},
    )


def put_passages(session: Session, corpus: str, passages: Sequence[Passage]) -> None:
    """The passages' postings, in the caller's transaction (after the passages' own rows)."""
    if passages:
        session.flush()  # the passages' rows first: the postings' keys point at them
        write_postings(session, corpus, passages)


_COUNT_OUT = text(
    """
    UPDATE keyword_terms AS t SET passages = t.passages - gone.n
    FROM (
        SELECT term, count(*) AS n FROM keyword_postings
        WHERE corpus = :corpus AND passage_id IN (
            SELECT passage_id FROM passages WHERE corpus = :corpus AND doc_id = :doc_id
        )
        GROUP BY term
    ) AS gone
    WHERE t.corpus = :corpus AND t.term = gone.term
    """
)


def remove_document(session: Session, corpus: str, doc_id: str) -> None:
    """Lower the passage counts of the document's words; call before its passages go (their
    postings go with them). Words left in no passage keep a row with 0, which search skips."""
    session.execute(_COUNT_OUT, {"corpus": corpus, "doc_id": doc_id})
