"""staff accounts, login throttling, who made each curation change

Revision ID: 0100_web
Revises: 0100_sched
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0100_web"
down_revision: str | None = "0100_sched"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("auth_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("curation_flags") as batch:
        batch.add_column(sa.Column("updated_by", sa.String(length=320), nullable=True))
    with op.batch_alter_table("recommendations") as batch:
        batch.add_column(sa.Column("created_by", sa.String(length=320), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("recommendations") as batch:
        batch.drop_column("created_by")
    with op.batch_alter_table("curation_flags") as batch:
        batch.drop_column("updated_by")
    op.drop_table("login_throttle")
    op.drop_table("users")
