"""The schema as `Base.metadata.create_all` made it before migrations (December 2026).

Every table and index is created only if missing: a database made by that older code runs this
revision too, which adds whatever tables its version lacked and keeps the rest, rows and all.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
        if_not_exists=True,
    )
    op.create_table(
        "corpora",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("embedder", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
        if_not_exists=True,
    )
    op.create_table(
        "eval_results",
        sa.Column("eval_key", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.String(length=200), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("eval_key", "claim_id"),
        if_not_exists=True,
    )
    op.create_table(
        "factchecks",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("run_id", sa.String(length=40), nullable=True),
        sa.Column("assertion_id", sa.String(length=40), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("claim_words", sa.Text(), nullable=False),
        sa.Column("record_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "assertion_id"),
        if_not_exists=True,
    )
    op.create_index(
        op.f("ix_factchecks_date"), "factchecks", ["date"], unique=False, if_not_exists=True
    )
    op.create_index(
        op.f("ix_factchecks_label"), "factchecks", ["label"], unique=False, if_not_exists=True
    )
    op.create_index(
        op.f("ix_factchecks_run_id"), "factchecks", ["run_id"], unique=False, if_not_exists=True
    )
    op.create_table(
        "llm_cache",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("reply", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
        if_not_exists=True,
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("name_key", sa.String(length=64), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name_key"),
        if_not_exists=True,
    )
    op.create_table(
        "users",
        sa.Column("name_key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name_key"),
        if_not_exists=True,
    )
    op.create_table(
        "documents",
        sa.Column("corpus", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("date", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["corpus"], ["corpora.name"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("corpus", "doc_id"),
        if_not_exists=True,
    )
    op.create_index(
        op.f("ix_documents_source"), "documents", ["source"], unique=False, if_not_exists=True
    )
    op.create_table(
        "runs",
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("record_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.article_id"],
        ),
        sa.PrimaryKeyConstraint("run_id"),
        if_not_exists=True,
    )
    op.create_index(
        op.f("ix_runs_article_id"), "runs", ["article_id"], unique=False, if_not_exists=True
    )
    op.create_table(
        "assertion_results",
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("assertion_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["runs.run_id"],
        ),
        sa.PrimaryKeyConstraint("run_id", "assertion_id"),
        if_not_exists=True,
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("assertion_id", sa.String(length=40), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=False),
        sa.Column("assigned_by", sa.String(length=64), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["runs.run_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "assertion_id"),
        if_not_exists=True,
    )
    op.create_index(
        op.f("ix_assignments_assignee"),
        "assignments",
        ["assignee"],
        unique=False,
        if_not_exists=True,
    )
    op.create_index(
        op.f("ix_assignments_run_id"), "assignments", ["run_id"], unique=False, if_not_exists=True
    )
    op.create_table(
        "passages",
        sa.Column("corpus", sa.String(length=64), nullable=False),
        sa.Column("passage_id", sa.String(length=40), nullable=False),
        sa.Column("doc_id", sa.String(length=40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corpus", "doc_id"], ["documents.corpus", "documents.doc_id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("corpus", "passage_id"),
        if_not_exists=True,
    )
    op.create_index(
        op.f("ix_passages_doc_id"), "passages", ["doc_id"], unique=False, if_not_exists=True
    )
    op.create_table(
        "review_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("assertion_id", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("event_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["runs.run_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "assertion_id", "version"),
        if_not_exists=True,
    )
    op.create_index(
        op.f("ix_review_events_assertion_id"),
        "review_events",
        ["assertion_id"],
        unique=False,
        if_not_exists=True,
    )
    op.create_index(
        op.f("ix_review_events_run_id"),
        "review_events",
        ["run_id"],
        unique=False,
        if_not_exists=True,
    )


def downgrade() -> None:
    raise NotImplementedError("the baseline is not undone: drop the database instead")
