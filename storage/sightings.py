"""Sightings across sources (canonical ids, ``also_seen_at``) and calls that vanished."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Engine, select, update

from domain import Status
from storage.models import Opportunity

_TABLE = Opportunity.__table__


def set_canonical(
    engine: Engine,
    mapping: dict[str, str],
    merges: dict[str, list[dict]] | None = None,
    splits: dict[str, list[dict]] | None = None,
) -> int:
    """Store clusters (id → canonical id); canonicals list their copies' URLs in also_seen_at.

    ``merges``/``splits`` (per canonical id: how members joined, which pairs staff kept apart)
    go to the canonical's ``details.cluster``, so every merge says why and can be undone.
    Returns how many rows changed. Rows not in ``mapping`` are left alone.
    """
    if not mapping:
        return 0
    changed = 0
    with engine.begin() as conn:
        rows = {
            r["id"]: r
            for r in conn.execute(
                select(_TABLE.c.id, _TABLE.c.url, _TABLE.c.canonical_id, _TABLE.c.details)
            ).mappings()
            if r["id"] in mapping
        }
        copies: dict[str, list[str]] = defaultdict(list)
        for rid, canonical in mapping.items():
            if rid != canonical and rid in rows:
                copies[canonical].append(rows[rid]["url"])
        for rid, row in rows.items():
            canonical = mapping[rid]
            target = None if canonical == rid else canonical
            details = dict(row["details"] or {})
            seen = sorted(copies.get(rid, []))
            if seen:
                details["also_seen_at"] = seen
            else:
                details.pop("also_seen_at", None)
            why = _cluster_details(rid, (merges or {}).get(rid), (splits or {}).get(rid))
            if why:
                details["cluster"] = why
            else:
                details.pop("cluster", None)
            if target != row["canonical_id"] or details != (row["details"] or {}):
                conn.execute(
                    update(_TABLE)
                    .where(_TABLE.c.id == rid)
                    .values(canonical_id=target, details=details)
                )
                changed += 1
    return changed


def _cluster_details(rid: str, merges: list | None, splits: list | None) -> dict | None:
    if not merges and not splits:
        return None
    members = sorted({i for m in merges or [] for i in m["ids"]} | {rid})
    return {"id": rid, "members": members, "merges": merges or [], "splits": splits or []}


def flag_vanished(engine: Engine, source: str, seen_since: datetime) -> list[str]:
    """Flag the source's open calls that a complete crawl starting at ``seen_since`` no longer saw.

    They are kept (never deleted); ``details.vanished_since`` says when they were last seen.
    A call seen again later loses the flag (see ``upsert_opportunities``).
    """
    flagged = []
    with engine.begin() as conn:
        rows = conn.execute(
            select(_TABLE.c.id, _TABLE.c.last_seen, _TABLE.c.details).where(
                _TABLE.c.source == source,
                _TABLE.c.last_seen < seen_since,
                _TABLE.c.status.in_([Status.OPEN.value, Status.UNKNOWN.value]),
            )
        ).mappings()
        for row in list(rows):
            details = dict(row["details"] or {})
            if "vanished_since" in details:
                continue
            details["vanished_since"] = row["last_seen"].isoformat()
            conn.execute(update(_TABLE).where(_TABLE.c.id == row["id"]).values(details=details))
            flagged.append(row["id"])
    return flagged


def load_canonical_ids(engine: Engine) -> dict[str, str]:
    """Every opportunity id → the id of the item it is shown as (itself when not a copy)."""
    with engine.connect() as conn:
        rows = conn.execute(select(_TABLE.c.id, _TABLE.c.canonical_id))
        return {rid: canonical or rid for rid, canonical in rows}
