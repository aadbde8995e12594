"""blind_runs: the runs under blind double review and their two reviewers.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blind_runs",
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("first_reviewer", sa.String(length=64), nullable=False),
        sa.Column("second_reviewer", sa.String(length=64), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.run_id"]),
        sa.PrimaryKeyConstraint("run_id"),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("blind_runs")
