"""Profile writes (upsert by id) and reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Engine, select

from domain import Profile
from storage.bulk import bulk_upsert
from storage.clock import utcnow
from storage.convert import profile_to_row, row_to_profile
from storage.models import Profile as ProfileRow
from storage.opportunities import UpsertCounts

_TABLE = ProfileRow.__table__


def upsert_profiles(engine: Engine, profiles: Sequence[Profile]) -> UpsertCounts:
    """Insert or replace profiles by id (a re-import updates them); returns counts."""
    counts = UpsertCounts()
    if not profiles:
        return counts
    now = utcnow()
    rows = {p.id: profile_to_row(p) for p in profiles}
    with engine.begin() as conn:
        existing = {
            r["id"]: dict(r)
            for r in conn.execute(select(_TABLE).where(_TABLE.c.id.in_(list(rows)))).mappings()
        }
        for rid, row in rows.items():
            old = existing.get(rid)
            if old is None:
                counts.new += 1
                row["updated_at"] = now
            elif any(old[k] != v for k, v in row.items()):
                counts.updated += 1
                row["updated_at"] = now
            else:
                counts.unchanged += 1
                row["updated_at"] = old["updated_at"]
        bulk_upsert(conn, _TABLE, list(rows.values()), keys=["id"])
    return counts


def load_profiles(engine: Engine, ids: Iterable[str] | None = None) -> list[Profile]:
    """Read profiles (all, or those with the given ids), by id."""
    stmt = select(_TABLE).order_by(_TABLE.c.id)
    if ids is not None:
        stmt = stmt.where(_TABLE.c.id.in_(list(ids)))
    with engine.connect() as conn:
        return [row_to_profile(r) for r in conn.execute(stmt).mappings()]
