"""The page cache of conditional crawling: per source and URL, what the page gave when parsed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, delete, select, update

from storage.bulk import bulk_upsert
from storage.models import PageCacheEntry

_TABLE = PageCacheEntry.__table__
# Rows written per statement; each carries JSON lists, so batches stay modest.
_BATCH = 200


def url_hash(url: str) -> str:
    """The key of a URL in the page cache (URLs may be longer than an index allows)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def load_pages(engine: Engine, source: str, fingerprint: str) -> dict[str, dict[str, Any]]:
    """URL -> cached page of ``source`` parsed with this ``fingerprint`` (other ones are stale)."""
    stmt = select(_TABLE).where(_TABLE.c.source == source, _TABLE.c.fingerprint == fingerprint)
    with engine.connect() as conn:
        return {row["url"]: dict(row) for row in conn.execute(stmt).mappings()}


def save_pages(engine: Engine, source: str, pages: Iterable[Mapping[str, Any]]) -> int:
    """Insert or replace cached pages of ``source``; each needs url, body_hash, fingerprint,
    parsed_at and may have etag, last_modified, item_ids, links. Returns how many were saved."""
    rows = [
        {
            "source": source,
            "url_hash": url_hash(page["url"]),
            "url": page["url"],
            "etag": page.get("etag"),
            "last_modified": page.get("last_modified"),
            "body_hash": page["body_hash"],
            "fingerprint": page["fingerprint"],
            "item_ids": list(page.get("item_ids") or []),
            "links": list(page.get("links") or []),
            "parsed_at": page["parsed_at"],
        }
        for page in pages
    ]
    # Sorted keys: concurrent writers lock rows in the same order (no deadlock on PostgreSQL).
    rows.sort(key=lambda row: row["url_hash"])
    with engine.begin() as conn:
        for start in range(0, len(rows), _BATCH):
            bulk_upsert(conn, _TABLE, rows[start : start + _BATCH], keys=["source", "url_hash"])
    return len(rows)


def update_validators(engine: Engine, source: str, validators: Mapping[str, Mapping]) -> None:
    """New ETag/Last-Modified of unchanged pages (URL -> {etag, last_modified}); nothing else."""
    if not validators:
        return
    with engine.begin() as conn:
        for url in sorted(validators, key=url_hash):
            values = validators[url]
            conn.execute(
                update(_TABLE)
                .where(_TABLE.c.source == source, _TABLE.c.url_hash == url_hash(url))
                .values(etag=values.get("etag"), last_modified=values.get("last_modified"))
            )


def forget_pages(engine: Engine, source: str, parsed_before: datetime | None = None) -> int:
    """Delete a source's cached pages (all, or those parsed before a time); returns how many.

    Without its cache a source is fetched and parsed in full on its next run.
    """
    condition = _TABLE.c.source == source
    if parsed_before is not None:
        condition = and_(condition, _TABLE.c.parsed_at < parsed_before)
    with engine.begin() as conn:
        return conn.execute(delete(_TABLE).where(condition)).rowcount or 0
