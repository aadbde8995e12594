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
    insert,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from workbench.index.bm25 import term_counts
from workbench.records import Passage
from workbench.store.db import Base

_PASSAGES_KEY = ForeignKeyConstraint(
    ["corpus", "passage_id"], ["passages.corpus", "passages.passage_id"], ondelete="CASCADE"
)

keyword_passages = Table(
    "keyword_passages",
    Base.metadata,
    Column("corpus", String(64), primary_key=True),
    Column("passage_id", String(40), primary_key=True),
    Column("words", Integer, nullable=False),
    _PASSAGES_KEY,
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


def posting_rows(corpus: str, passages: Sequence[Passage]) -> tuple[list[dict], list[dict]]:
    """(keyword_passages rows, keyword_postings rows) of the passages."""
    lengths, postings = [], []
    for passage, counts in zip(passages, term_counts([p.text for p in passages]), strict=True):
        words = sum(counts.values())
        lengths.append({"corpus": corpus, "passage_id": passage.passage_id, "words": words})
        postings.extend(
            {
                "corpus": corpus,
                "term": term,
                "passage_id": passage.passage_id,
                "count": count,
                "words": words,
            }
            for term, count in counts.items()
        )
    return lengths, postings


def put_passages(session: Session, corpus: str, passages: Sequence[Passage]) -> None:
    """The passages' postings, in the caller's transaction (after the passages' own rows)."""
    if not passages:
        return
    lengths, postings = posting_rows(corpus, passages)
    session.flush()  # the passages' rows first: the postings' keys point at them
    session.execute(insert(keyword_passages), lengths)
    if postings:
        session.execute(insert(keyword_postings), postings)
        _count_in(session, corpus, postings)


def _count_in(session: Session, corpus: str, postings: list[dict]) -> None:
    """Each word's passage count raised by the new postings. Sorted by word, so two writers
    to one corpus take the rows' locks in one order and never deadlock."""
    added = Counter(row["term"] for row in postings)
    statement = pg_insert(keyword_terms)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["corpus", "term"],
            set_={"passages": keyword_terms.c.passages + statement.excluded.passages},
        ),
        [{"corpus": corpus, "term": t, "passages": n} for t, n in sorted(added.items())],
    )


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
