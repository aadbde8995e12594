"""PostgreSQL only: BM25 postings (keyword_passages, keyword_postings, keyword_terms) in
place of passage_texts' tsvector, filled from the passages already stored.

The words are counted by the release's own tokenizer (workbench.index.bm25.term_counts), so a
database migrated here holds what today's code would have written.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_BATCH = 2000  # passages tokenized and written at a time


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "keyword_passages",
        sa.Column("corpus", sa.String(length=64), nullable=False),
        sa.Column("passage_id", sa.String(length=40), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corpus", "passage_id"],
            ["passages.corpus", "passages.passage_id"],
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("corpus", "passage_id"),
    )
    op.create_table(
        "keyword_postings",
        sa.Column("corpus", sa.String(length=64), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("passage_id", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corpus", "passage_id"],
            ["keyword_passages.corpus", "keyword_passages.passage_id"],
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_keyword_postings_term",
        "keyword_postings",
        ["corpus", "term", "passage_id"],
        unique=True,
        postgresql_include=["count", "words"],
    )
    op.create_index(
        "ix_keyword_postings_passage", "keyword_postings", ["corpus", "passage_id"], unique=False
    )
    op.create_table(
        "keyword_terms",
        sa.Column("corpus", sa.String(length=64), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("passages", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["corpus"], ["corpora.name"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("corpus", "term"),
    )
    _fill_from_passages()
    op.drop_table("passage_texts")


def _fill_from_passages() -> None:
    from workbench.records import Passage
    from workbench.store.keywords import write_postings

    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            'SELECT p.corpus, p.passage_id, p.doc_id, p.start, p."end", '
            'substr(d.text, p.start + 1, p."end" - p.start) FROM passages p '
            "JOIN documents d ON d.corpus = p.corpus AND d.doc_id = p.doc_id "
            "ORDER BY p.corpus, p.passage_id"
        )
    ).all()
    by_corpus: dict[str, list[Passage]] = {}
    for corpus, passage_id, doc_id, start, end, text in rows:
        by_corpus.setdefault(corpus, []).append(
            Passage(passage_id=passage_id, doc_id=doc_id, start=start, end=end, text=text)
        )
    for corpus, passages in by_corpus.items():
        for first in range(0, len(passages), _BATCH):
            write_postings(bind, corpus, passages[first : first + _BATCH])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_table("keyword_terms")
    op.drop_table("keyword_postings")
    op.drop_table("keyword_passages")
    op.create_table(
        "passage_texts",
        sa.Column("corpus", sa.String(length=64), nullable=False),
        sa.Column("passage_id", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "tsv",
            postgresql.TSVECTOR(),
            sa.Computed("to_tsvector('english', text)", persisted=True),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["corpus", "passage_id"],
            ["passages.corpus", "passages.passage_id"],
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("corpus", "passage_id"),
    )
    op.create_index(
        "ix_passage_texts_tsv", "passage_texts", ["tsv"], postgresql_using="gin", unique=False
    )
    op.execute(
        "INSERT INTO passage_texts (corpus, passage_id, text) SELECT p.corpus, p.passage_id, "
        'substr(d.text, p.start + 1, p."end" - p.start) FROM passages p '
        "JOIN documents d ON d.corpus = p.corpus AND d.doc_id = p.doc_id"
    )
