"""PostgreSQL only: each word's postings packed into one row, the form keyword search reads.

Summing postings row by row in SQL costs about a microsecond each, and a claim's words can
have 80,000 of them at 100k passages. Packed (passage numbers, counts and passage lengths as
big-endian arrays, fetched in PostgreSQL's binary format) they arrive in a few milliseconds,
and numpy sums them (index/fulltext.py); BENCHMARKS.md has the figures.

A block is made from keyword_postings by the first search that needs it, and is good while its
version equals its word's in keyword_terms: every write that changes the word's postings raises
that version in the same transaction, so adding a document costs no packing, and a block made
from an older snapshot than a writer's commit is seen as old and made again. Both are read and
made in one statement each (one snapshot), so a block always matches its version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Column, ForeignKeyConstraint, Integer, LargeBinary, String, Table, Text
from sqlalchemy.engine import Connection

from workbench.store.db import Base

keyword_blocks = Table(
    "keyword_blocks",
    Base.metadata,
    Column("corpus", String(64), primary_key=True),
    Column("term", Text, primary_key=True),
    Column("version", Integer, nullable=False),  # keyword_terms.version it was packed from
    Column("passages", LargeBinary, nullable=False),  # int8 each: keyword_passages.ordinal
    Column("counts", LargeBinary, nullable=False),  # int4 each: the word's count there
    Column("words", LargeBinary, nullable=False),  # int4 each: the passage's length
    ForeignKeyConstraint(
        ["corpus", "term"], ["keyword_terms.corpus", "keyword_terms.term"], ondelete="CASCADE"
    ),
    info={"dialect": "postgresql"},
)


@dataclass(frozen=True)
class Block:
    """One word's postings: passage numbers, the word's count in each, each passage's length."""

    passages: np.ndarray
    counts: np.ndarray
    words: np.ndarray

    @staticmethod
    def unpack(passages: bytes, counts: bytes, words: bytes) -> Block:
        return Block(
            np.frombuffer(passages, ">i8"),
            np.frombuffer(counts, ">i4"),
            np.frombuffer(words, ">i4"),
        )


# Psycopg's placeholders: these run on the driver's cursor, in binary format.
_FRESH = """
    SELECT t.term, b.passages, b.counts, b.words
    FROM keyword_terms AS t
    LEFT JOIN keyword_blocks AS b
        ON b.corpus = t.corpus AND b.term = t.term AND b.version = t.version
    WHERE t.corpus = %(corpus)s AND t.term = ANY(%(terms)s) AND t.passages > 0
"""
# Packed and kept in one statement; a block packed meanwhile from a newer version is kept. A
# word whose row a transaction is deleting (its corpus going) is packed but not kept: its row is
# skipped, not waited for, so the block's key never points at a row that is gone.
_PACK = """
    WITH packed AS (
        SELECT t.corpus, t.term, t.version,
            coalesce(string_agg(int8send(p.passage), ''::bytea ORDER BY p.passage), ''::bytea)
                AS passages,
            coalesce(string_agg(int4send(p.count), ''::bytea ORDER BY p.passage), ''::bytea)
                AS counts,
            coalesce(string_agg(int4send(p.words), ''::bytea ORDER BY p.passage), ''::bytea)
                AS words
        FROM keyword_terms AS t
        LEFT JOIN keyword_postings AS p ON p.corpus = t.corpus AND p.term = t.term
        WHERE t.corpus = %(corpus)s AND t.term = ANY(%(terms)s)
        GROUP BY t.corpus, t.term, t.version
    ), kept AS (
        INSERT INTO keyword_blocks AS b (corpus, term, version, passages, counts, words)
        SELECT * FROM packed WHERE term IN (
            SELECT term FROM keyword_terms
            WHERE corpus = %(corpus)s AND term = ANY(%(terms)s)
            FOR KEY SHARE SKIP LOCKED
        )
        ORDER BY term
        ON CONFLICT (corpus, term) DO UPDATE SET
            version = excluded.version, passages = excluded.passages,
            counts = excluded.counts, words = excluded.words
        WHERE b.version < excluded.version
    )
    SELECT term, passages, counts, words FROM packed WHERE passages <> ''::bytea
"""


def read_blocks(connection: Connection, corpus: str, terms: list[str]) -> dict[str, Block]:
    """The blocks of those of `terms` that some passage of the corpus holds, packing the
    missing and old ones; in the caller's transaction, which must be allowed to write."""
    cursor: Any = connection.connection.driver_connection.cursor(binary=True)  # type: ignore[union-attr]
    with cursor:
        cursor.execute(_FRESH, {"corpus": corpus, "terms": terms})
        rows = cursor.fetchall()
        blocks = {term: Block.unpack(*packed) for term, *packed in rows if packed[0] is not None}
        missing = sorted(term for term, *packed in rows if packed[0] is None)
        if missing:
            cursor.execute(_PACK, {"corpus": corpus, "terms": missing})
            blocks |= {term: Block.unpack(*packed) for term, *packed in cursor.fetchall()}
    return blocks
