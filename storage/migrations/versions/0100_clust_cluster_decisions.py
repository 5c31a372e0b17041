"""cluster decisions: staff merges and splits kept across re-crawls

Revision ID: 0100_clust
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0100_clust"
down_revision: str | None = "0100_deliv"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "cluster_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("left_id", sa.String(length=200), nullable=False),
        sa.Column("right_id", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_cluster_decisions_left_id", "cluster_decisions", ["left_id"])
    op.create_index("ix_cluster_decisions_right_id", "cluster_decisions", ["right_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_cluster_decisions_right_id", table_name="cluster_decisions")
    op.drop_index("ix_cluster_decisions_left_id", table_name="cluster_decisions")
    op.drop_table("cluster_decisions")
