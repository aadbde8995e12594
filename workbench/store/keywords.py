"""PostgreSQL only: the postings of the BM25 keyword index kept in the database.

Three tables: one row per passage with its length in words and a number that keys its
postings (passages without a word still count in BM25's document number and average length);
one row per (corpus, word, passage number) with the word's count in the passage and the
passage's length, a posting; one row per (corpus, word) with
the number of passages holding it and a version raised by every write that changes its
postings (store/keyword_blocks.py packs a word's postings for search and checks them by it).
They are written in the transaction that adds a document and go with its passages (the keys
cascade; the counts are lowered before), so several app servers share one keyword index and
adding a document rebuilds nothing. The words are bm25s' own (index/bm25.py `term_counts`),
so the scores are bm25s' scores (index/fulltext.py). SQLite keeps no such
tables: there bm25s indexes the passages in the home folder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKeyConstraint,
    Identity,
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
    # The postings' short key: a search groups and sorts numbers faster than 40-character ids.
    Column("ordinal", BigInteger, Identity(), nullable=False, unique=True),
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
    Column("passage", BigInteger, nullable=False),  # keyword_passages.ordinal
    Column("count", Integer, nullable=False),
    Column("words", Integer, nullable=False),
    ForeignKeyConstraint(["passage"], ["keyword_passages.ordinal"], ondelete="CASCADE"),
    Index(
        "ix_keyword_postings_term",
        "corpus",
        "term",
        "passage",
        unique=True,
        postgresql_include=["count", "words"],
    ),
    # What the cascade from a removed passage looks its postings up by.
    Index("ix_keyword_postings_passage", "passage"),
    info={"dialect": "postgresql"},
)

keyword_terms = Table(
    "keyword_terms",
    Base.metadata,
    Column("corpus", String(64), primary_key=True),
    Column("term", Text, primary_key=True),
    Column("passages", Integer, nullable=False),  # how many passages hold the word (may be 0)
    Column("version", Integer, nullable=False),  # raised with every change to its postings
    ForeignKeyConstraint(["corpus"], ["corpora.name"], ondelete="CASCADE"),
    info={"dialect": "postgresql"},
)


# Each write is one statement over arrays (a round trip per table, not per row).
_PUT_LENGTHS = text(
    """
    INSERT INTO keyword_passages (corpus, passage_id, words)
    SELECT :corpus, * FROM unnest(CAST(:passage_ids AS varchar[]), CAST(:words AS integer[]))
    RETURNING passage_id, ordinal
    """
)
_PUT_POSTINGS = text(
    """
    INSERT INTO keyword_postings (corpus, term, passage, count, words)
    SELECT :corpus, * FROM unnest(
        CAST(:terms AS text[]), CAST(:passages AS bigint[]),
        CAST(:counts AS integer[]), CAST(:words AS integer[])
    )
    """
)
# Sorted by word: one lock order for every writer (writers to one corpus also wait for each
# other on its generation row, catalog._bump).
_COUNT_IN = text(
    """
    INSERT INTO keyword_terms AS t (corpus, term, passages, version)
    SELECT :corpus, term, n, 1
    FROM unnest(CAST(:terms AS text[]), CAST(:passages AS integer[])) AS added(term, n)
    ORDER BY term
    ON CONFLICT (corpus, term) DO UPDATE
    SET passages = t.passages + excluded.passages, version = t.version + 1
    """
)


def write_postings(
    connection: Session | Connection, corpus: str, passages: Sequence[Passage]
) -> None:
    """The passages' lengths and postings, and their words' passage counts raised, in the
    caller's transaction; the passages' own rows must be there already."""
    if not passages:
        return
    found_words = term_counts([p.text for p in passages])
    written = connection.execute(
        _PUT_LENGTHS,
        {
            "corpus": corpus,
            "passage_ids": [p.passage_id for p in passages],
            "words": [sum(found.values()) for found in found_words],
        },
    )
    ordinal: dict[str, int] = {passage_id: number for passage_id, number in written}
    terms: list[str] = []
    ordinals: list[int] = []
    counts: list[int] = []
    words: list[int] = []
    for passage, found in zip(passages, found_words, strict=True):
        length = sum(found.values())
        for term, count in found.items():
            terms.append(term)
            ordinals.append(ordinal[passage.passage_id])
            counts.append(count)
            words.append(length)
    if not terms:
        return
    connection.execute(
        _PUT_POSTINGS,
        {"corpus": corpus, "terms": terms, "passages": ordinals, "counts": counts, "words": words},
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
    UPDATE keyword_terms AS t SET passages = t.passages - gone.n, version = t.version + 1
    FROM (
        SELECT term, count(*) AS n FROM keyword_postings
        WHERE passage IN (
            SELECT k.ordinal FROM keyword_passages AS k
            JOIN passages AS p ON p.corpus = k.corpus AND p.passage_id = k.passage_id
            WHERE p.corpus = :corpus AND p.doc_id = :doc_id
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
