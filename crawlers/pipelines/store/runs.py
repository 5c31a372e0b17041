"""Crawl run records and dedupe data, through the storage repository."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from domain import CrawlStats
from storage import repository as repo
from storage.engine import make_engine

if TYPE_CHECKING:
    from crawlers.sources import SourceConfig

# One canonical form for the whole system: the one storage keys opportunities by.
canonical_url = repo.canonical


def open_engine(database_url: str) -> Engine:
    """An engine with the project's pragmas (WAL, busy timeout) for this database."""
    return make_engine(database_url)


# Why a source's stored items are too few (shared with storage's health rule).
too_few_items = repo.too_few_items


def begin_run(engine: Engine, source: SourceConfig) -> int:
    """Register (or refresh) the source, close its runs a killed crawler left open, and open a
    crawl run owned by this process; returns the run id."""
    repo.ensure_source(engine, source.name, source.spider, source.url, source.spider_options())
    repo.close_interrupted_runs(engine, source.name)
    return repo.start_crawl_run(engine, source.name)


def finish_run(
    engine: Engine,
    run_id: int,
    stats: CrawlStats,
    status: str,
    details: dict[str, Any],
    *,
    min_items: int | None = None,
    pause_after: int | None = None,
) -> None:
    """Close the crawl run with its counts, errors and details (requests, statuses, duration);
    the source's health follows (paused after ``pause_after`` consecutive failures)."""
    repo.finish_crawl_run(
        engine, run_id, stats, status, details, min_items=min_items, pause_after=pause_after
    )


def source_state(engine: Engine, name: str) -> dict[str, Any] | None:
    """The source's health row (health, consecutive_failures, paused_at...), or None."""
    return repo.source_state(engine, name)


def usual_items(engine: Engine, name: str) -> int | None:
    """How many items the source usually stores (None before its first good run)."""
    state = repo.source_state(engine, name)
    return state["usual_items"] if state else None


def load_known_urls(database_url: str, source: str) -> dict[str, str]:
    """Canonical URL -> stored id of this source's opportunities, for dedupe across runs."""
    engine = make_engine(database_url)
    try:
        return {canonical_url(r.url): r.id for r in repo.load_opportunities(engine, source=source)}
    finally:
        engine.dispose()
