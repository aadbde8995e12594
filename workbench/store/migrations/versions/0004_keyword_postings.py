"""PostgreSQL only: BM25 postings (keyword_passages, keyword_postings, keyword_terms) in
place of passage_texts' tsvector.

The tables are filled from the passages already stored by 0005, with the release's own
writer: a database that ran this revision when it still filled them is converted there.

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
    op.drop_table("passage_texts")


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
