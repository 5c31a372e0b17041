"""private access tokens, rejected addresses, send log contents and worker

Revision ID: 0100_deliv
Revises: 0005
Create Date: 2026-12-01 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0100_deliv"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "access_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("profile_id", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_access_tokens_profile_id", "access_tokens", ["profile_id"])
    op.create_table(
        "rejected_addresses",
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rejected_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("address"),
    )
    with op.batch_alter_table("digest_sends") as batch:
        batch.add_column(sa.Column("sections", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("worker", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("message_id", sa.String(length=200), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("digest_sends") as batch:
        batch.drop_column("message_id")
        batch.drop_column("worker")
        batch.drop_column("sections")
    op.drop_table("rejected_addresses")
    op.drop_index("ix_access_tokens_profile_id", table_name="access_tokens")
    op.drop_table("access_tokens")
