"""Opportunity writes (bulk upsert that never blanks stored values) and reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, and_, or_, select, update
from w3lib.url import canonicalize_url

from domain import OpportunityRecord, Status
from storage.bulk import bulk_upsert
from storage.convert import content_hash, opportunity_to_row, row_to_opportunity
from storage.models import Opportunity, OpportunityChange

# A change of these is kept in the change history (issue 3: "a changed deadline or amount").
TRACKED_FIELDS = ("deadline", "amount", "currency", "status")
_TABLE = Opportunity.__table__


@dataclass(slots=True)
class UpsertCounts:
    """How many records were new, updated (content changed) or unchanged."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


def upsert_opportunities(
    engine: Engine, records: Sequence[OpportunityRecord], seen_at: datetime
) -> UpsertCounts:
    """Insert or update records by stable id in one transaction; empty values never overwrite."""
    counts = UpsertCounts()
    if not records:
        return counts
    incoming = _last_per_id(records)
    with engine.begin() as conn:
        existing = {
            row["id"]: dict(row)
            for row in conn.execute(select(_TABLE).where(_TABLE.c.id.in_(list(incoming))))
            .mappings()
            .all()
        }
        rows, changes = [], []
        for rid, rec in incoming.items():
            new_row = opportunity_to_row(rec)
            old = existing.get(rid)
            if old is None:
                counts.new += 1
                row = new_row
                row["first_seen"] = seen_at
                row["last_changed"] = seen_at
            else:
                row = _merge(old, new_row)
                changes.extend(_changes(rid, old, row, seen_at))
                if content_hash(row) == old["content_hash"]:
                    counts.unchanged += 1
                    row["last_changed"] = old["last_changed"]
                else:
                    counts.updated += 1
                    row["last_changed"] = seen_at
                row["first_seen"] = old["first_seen"]
            row["canonical_url"] = canonical(row["url"])
            row["last_seen"] = seen_at
            row["last_verified"] = seen_at
            row["content_hash"] = content_hash(row)
            rows.append(row)
        bulk_upsert(conn, _TABLE, rows, keys=["id"])
        if changes:
            conn.execute(OpportunityChange.__table__.insert(), changes)
    return counts


def canonical(url: str) -> str:
    """Canonical form of a URL for dedupe: sorted query, no fragment, no tracking params."""
    try:
        clean = canonicalize_url(url)
    except (ValueError, TypeError):
        return url
    if "?" not in clean:
        return clean
    base, query = clean.split("?", 1)
    kept = [p for p in query.split("&") if not p.lower().startswith(("utm_", "fbclid", "gclid"))]
    return base + ("?" + "&".join(kept) if kept else "")


def load_opportunities(
    engine: Engine,
    *,
    open_on: date | None = None,
    ids: Iterable[str] | None = None,
    source: str | None = None,
    canonical_only: bool = False,
) -> list[OpportunityRecord]:
    """Read opportunities, optionally only those open on a day, with given ids, from a source,
    or only canonical ones (not other sites' copies of a call stored elsewhere)."""
    stmt = select(_TABLE).order_by(_TABLE.c.id)
    if canonical_only:
        stmt = stmt.where(_TABLE.c.canonical_id.is_(None))
    if open_on is not None:
        stmt = stmt.where(
            _TABLE.c.status.notin_([Status.CLOSED.value, Status.EXPIRED.value]),
            or_(_TABLE.c.deadline.is_(None), _TABLE.c.deadline >= open_on),
        )
    if ids is not None:
        stmt = stmt.where(_TABLE.c.id.in_(list(ids)))
    if source is not None:
        stmt = stmt.where(_TABLE.c.source == source)
    with engine.connect() as conn:
        return [row_to_opportunity(r) for r in conn.execute(stmt).mappings()]


def expire_past(engine: Engine, today: date) -> int:
    """Mark opportunities whose deadline passed as expired (kept, never deleted)."""
    with engine.begin() as conn:
        result = conn.execute(
            update(_TABLE)
            .where(and_(_TABLE.c.deadline < today, _TABLE.c.status != Status.EXPIRED.value))
            .values(status=Status.EXPIRED.value)
        )
        return result.rowcount or 0


def known_urls(engine: Engine) -> dict[str, str]:
    """Canonical URL → opportunity id, for dedupe across runs and sources."""
    with engine.connect() as conn:
        return {
            url: oid
            for url, oid in conn.execute(select(_TABLE.c.canonical_url, _TABLE.c.id))
            if url
        }


def opportunity_changes(engine: Engine, opportunity_id: str) -> list[dict[str, Any]]:
    """The change history of one opportunity, oldest first."""
    table = OpportunityChange.__table__
    stmt = (
        select(table.c.field, table.c.old_value, table.c.new_value, table.c.changed_at)
        .where(table.c.opportunity_id == opportunity_id)
        .order_by(table.c.id)
    )
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def _last_per_id(records: Sequence[OpportunityRecord]) -> dict[str, OpportunityRecord]:
    # A batch may hold the same id twice (a page listed twice); the later one wins.
    return {rec.id: rec for rec in records}


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """New values win, except empty ones: a page that lost a field must not blank it."""
    merged = {}
    for key, value in new.items():
        if key == "details":
            # Seen again, so no longer vanished; other stored facts stay unless replaced.
            kept = {k: v for k, v in (old.get("details") or {}).items() if k != "vanished_since"}
            merged[key] = {**kept, **{k: v for k, v in value.items() if not _is_empty(v)}}
        elif key == "status" and value == Status.UNKNOWN.value:
            merged[key] = old.get(key) or value
        else:
            merged[key] = old.get(key) if _is_empty(value) and key in old else value
    return merged


def _changes(rid: str, old: dict, new: dict, at: datetime) -> list[dict[str, Any]]:
    return [
        {
            "opportunity_id": rid,
            "field": f,
            "old_value": None if old.get(f) is None else str(old.get(f)),
            "new_value": None if new.get(f) is None else str(new.get(f)),
            "changed_at": at,
        }
        for f in TRACKED_FIELDS
        if old.get(f) is not None and old.get(f) != new.get(f)
    ]
