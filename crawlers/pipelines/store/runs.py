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


def begin_run(engine: Engine, source: SourceConfig) -> int:
    """Register (or refresh) the source and open a crawl run for it; returns the run id."""
    repo.ensure_source(engine, source.name, source.spider, source.url, source.spider_options())
    return repo.start_crawl_run(engine, source.name)


def finish_run(
    engine: Engine, run_id: int, stats: CrawlStats, status: str, details: dict[str, Any]
) -> None:
    """Close the crawl run with its counts, errors and details (requests, statuses, duration)."""
    repo.finish_crawl_run(engine, run_id, stats, status, details)


def load_known_urls(database_url: str, source: str) -> dict[str, str]:
    """Canonical URL -> stored id of this source's opportunities, for dedupe across runs."""
    engine = make_engine(database_url)
    try:
        return {canonical_url(r.url): r.id for r in repo.load_opportunities(engine, source=source)}
    finally:
        engine.dispose()
