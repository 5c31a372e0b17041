"""full-text search index of opportunities (SQLite FTS5; PostgreSQL searches on the fly)

Revision ID: 0101_web
Revises: 0100_web
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0101_web"
down_revision: str | None = "0100_web"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# External-content FTS5 over the opportunities table, kept in step by triggers (the
# bulk upsert's ON CONFLICT DO UPDATE fires the UPDATE trigger).
COLUMNS = "title, summary, funder, host_institution"
NEW = "new.rowid, new.title, new.summary, coalesce(new.funder, ''), coalesce(new.host_institution, '')"
OLD = "old.rowid, old.title, old.summary, coalesce(old.funder, ''), coalesce(old.host_institution, '')"
STATEMENTS = [
    f"CREATE VIRTUAL TABLE opportunities_fts USING fts5({COLUMNS}, content='opportunities', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER opportunities_fts_ai AFTER INSERT ON opportunities BEGIN "
    f"INSERT INTO opportunities_fts(rowid, {COLUMNS}) VALUES ({NEW}); END",
    f"CREATE TRIGGER opportunities_fts_ad AFTER DELETE ON opportunities BEGIN "
    f"INSERT INTO opportunities_fts(opportunities_fts, rowid, {COLUMNS}) VALUES ('delete', {OLD}); END",
    f"CREATE TRIGGER opportunities_fts_au AFTER UPDATE ON opportunities BEGIN "
    f"INSERT INTO opportunities_fts(opportunities_fts, rowid, {COLUMNS}) VALUES ('delete', {OLD}); "
    f"INSERT INTO opportunities_fts(rowid, {COLUMNS}) VALUES ({NEW}); END",
    "INSERT INTO opportunities_fts(opportunities_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    """Apply this revision."""
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL: to_tsvector/websearch_to_tsquery at query time (storage/search.py)
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS opportunities_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS opportunities_fts")
