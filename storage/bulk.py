"""Bulk ``INSERT … ON CONFLICT DO UPDATE`` for SQLite and PostgreSQL with SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def bulk_upsert(
    conn: Connection,
    table: Table,
    rows: Sequence[dict],
    keys: Iterable[str],
    update: Iterable[str] | None = None,
) -> None:
    """Insert ``rows``; on a key conflict overwrite ``update`` columns (default: all non-key)."""
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
    stmt = insert(table)
    if update_cols:
        stmt = stmt.on_conflict_do_update(
            index_elements=keys, set_={c: stmt.excluded[c] for c in update_cols}
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=keys)
    # One statement with a list of parameter sets: compiled once (and cached), then sent as
    # an executemany. A multi-VALUES statement is compiled anew for every batch, which is
    # where nearly all the time went.
    conn.execute(stmt, list(rows))
