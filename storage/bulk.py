"""Bulk ``INSERT … ON CONFLICT DO UPDATE`` for SQLite and PostgreSQL with SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

# SQLite caps bound parameters per statement; 300 rows × ~25 columns stays well below it.
BATCH_ROWS = 300


def bulk_upsert(
    conn: Connection,
    table: Table,
    rows: Sequence[dict],
    keys: Iterable[str],
    update: Iterable[str] | None = None,
) -> None:
    """Insert ``rows``; on a key conflict overwrite the ``update`` columns (all non-key by default)."""
    if not rows:
        return
    keys = list(keys)
    dialect = conn.dialect.name
    if dialect == "sqlite":
        insert = sqlite.insert
    elif dialect == "postgresql":
        insert = postgresql.insert
    else:  # pragma: no cover - only the two supported back ends reach here
        raise NotImplementedError(f"bulk upsert is not implemented for {dialect}")
    columns = list(rows[0])
    update_cols = [c for c in (update if update is not None else columns) if c not in keys]
    for start in range(0, len(rows), BATCH_ROWS):
        stmt = insert(table).values(list(rows[start : start + BATCH_ROWS]))
        if update_cols:
            stmt = stmt.on_conflict_do_update(
                index_elements=keys, set_={c: stmt.excluded[c] for c in update_cols}
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=keys)
        conn.execute(stmt)
