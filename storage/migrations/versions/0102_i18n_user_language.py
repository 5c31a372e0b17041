"""each staff account's web UI language (uz, ru, en; empty: the browser's)

Revision ID: 0102_i18n
Revises: 0101_web
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0102_i18n"
down_revision: str | None = "0101_web"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(length=10), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
