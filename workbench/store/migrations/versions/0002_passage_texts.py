"""PostgreSQL only: passage_texts, each passage's text with a generated tsvector and a GIN
index, for keyword search in the database; filled from the passages already stored.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_table(
        "passage_texts",
        sa.Column("corpus", sa.String(length=64), nullable=False),
        sa.Column("passage_id", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "tsv",
            TSVECTOR(),
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


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("passage_texts")
