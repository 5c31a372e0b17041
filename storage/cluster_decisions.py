"""Staff rulings on clusters (merge two records, split one off), oldest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from storage.clock import utcnow
from storage.models import ClusterDecision

_TABLE = ClusterDecision.__table__


def add_cluster_decisions(
    engine: Engine, pairs: list[tuple[str, str]], action: str, by: str
) -> int:
    """Record one ruling (``merge`` or ``split``) on each pair, by ``by``, now; returns the count."""
    if action not in ("merge", "split"):
        raise ValueError(f"unknown cluster action {action!r}; expected merge or split")
    at = utcnow()
    rows = [
        {"left_id": a, "right_id": b, "action": action, "decided_by": by, "decided_at": at}
        for a, b in pairs
        if a != b
    ]
    if rows:
        with engine.begin() as conn:
            conn.execute(_TABLE.insert(), rows)
    return len(rows)


def load_cluster_decisions(engine: Engine) -> list[dict[str, Any]]:
    """Every ruling, oldest first (a later ruling on the same pair replaces an earlier one)."""
    with engine.connect() as conn:
        rows = conn.execute(select(_TABLE).order_by(_TABLE.c.decided_at, _TABLE.c.id)).mappings()
        return [dict(r) for r in rows]
