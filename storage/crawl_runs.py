"""Sources and their crawl runs: registration, run records, and the health read from them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select, update

from domain import CrawlStats
from storage.bulk import bulk_upsert
from storage.models import CrawlRun, Source

_RUNS = CrawlRun.__table__
_SOURCES = Source.__table__


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def ensure_source(engine: Engine, name: str, spider: str, url: str, options: dict) -> None:
    """Register a source or refresh its spider/url/options, keeping its health."""
    row = {"name": name, "spider": spider, "url": url, "options": options}
    with engine.begin() as conn:
        exists = conn.execute(select(_SOURCES.c.name).where(_SOURCES.c.name == name)).first()
        if exists:
            conn.execute(update(_SOURCES).where(_SOURCES.c.name == name).values(**row))
        else:
            bulk_upsert(
                conn, _SOURCES, [{**row, "health": "new", "consecutive_failures": 0}], keys=["name"]
            )


def start_crawl_run(engine: Engine, source: str) -> int:
    """Open a crawl run row; returns its id."""
    with engine.begin() as conn:
        result = conn.execute(
            _RUNS.insert().values(source=source, started_at=_now(), status="running")
        )
        return int(result.inserted_primary_key[0])


def finish_crawl_run(
    engine: Engine, run_id: int, stats: CrawlStats, status: str, extra: dict | None = None
) -> None:
    """Close a crawl run with its counts and errors, and update the source's health."""
    with engine.begin() as conn:
        conn.execute(
            update(_RUNS)
            .where(_RUNS.c.id == run_id)
            .values(
                finished_at=_now(),
                status=status,
                scraped=stats.scraped,
                new=stats.new,
                updated=stats.updated,
                unchanged=stats.unchanged,
                dropped=stats.dropped,
                errors=list(stats.errors)[:50],
                drop_reasons=dict(stats.drop_reasons),
                stats=extra or {},
            )
        )
        _update_health(conn, stats.source, status, stats.new + stats.updated + stats.unchanged)


def _update_health(conn, source: str, status: str, items: int) -> None:  # type: ignore[no-untyped-def]
    row = conn.execute(select(_SOURCES).where(_SOURCES.c.name == source)).mappings().first()
    if row is None:
        return
    if status == "ok" and items > 0:
        usual = row["usual_items"]
        # A running mean that follows real growth but is not thrown by one odd run.
        usual = items if usual is None else round(0.7 * usual + 0.3 * items)
        values: dict[str, Any] = {
            "health": "ok",
            "consecutive_failures": 0,
            "last_success": _now(),
            "usual_items": usual,
        }
    else:
        values = {
            "health": "paused" if row["health"] == "paused" else "failing",
            "consecutive_failures": row["consecutive_failures"] + 1,
        }
    conn.execute(update(_SOURCES).where(_SOURCES.c.name == source).values(**values))


def latest_runs(engine: Engine, limit_per_source: int = 1) -> list[dict[str, Any]]:
    """The latest crawl run of each source (newest first)."""
    latest = (
        select(_RUNS.c.source, func.max(_RUNS.c.id).label("id")).group_by(_RUNS.c.source).subquery()
    )
    stmt = select(_RUNS).join(latest, _RUNS.c.id == latest.c.id).order_by(_RUNS.c.source)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def crawl_run(engine: Engine, run_id: int) -> dict[str, Any] | None:
    """One crawl run by id."""
    with engine.connect() as conn:
        row = conn.execute(select(_RUNS).where(_RUNS.c.id == run_id)).mappings().first()
        return dict(row) if row else None


def list_sources(engine: Engine) -> list[dict[str, Any]]:
    """All registered sources with their health."""
    with engine.connect() as conn:
        return [
            dict(r) for r in conn.execute(select(_SOURCES).order_by(_SOURCES.c.name)).mappings()
        ]


def set_source_health(engine: Engine, name: str, health: str) -> bool:
    """Set a source's health (e.g. resume a paused one); False when the source is unknown."""
    with engine.begin() as conn:
        values: dict[str, Any] = {"health": health}
        if health == "ok":
            values["consecutive_failures"] = 0
        result = conn.execute(update(_SOURCES).where(_SOURCES.c.name == name).values(**values))
        return bool(result.rowcount)
