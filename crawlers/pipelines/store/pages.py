"""The page cache of conditional crawling, through the storage repository."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from storage import repository as repo
from storage.engine import make_engine


def load_cached_pages(
    database_url: str, source: str, fingerprint: str
) -> dict[str, dict[str, Any]]:
    """URL -> cache entry of the source's pages parsed with this fingerprint."""
    engine = make_engine(database_url)
    try:
        return repo.load_pages(engine, source, fingerprint)
    finally:
        engine.dispose()


def save_cached_pages(
    engine: Engine,
    source: str,
    pages: list[dict[str, Any]],
    revalidated: dict[str, dict[str, Any]],
    forget_before: datetime,
) -> int:
    """Write this run's parsed pages, new validators of unchanged ones; drop long-unseen pages."""
    saved = repo.save_pages(engine, source, pages)
    repo.update_validators(engine, source, revalidated)
    repo.forget_pages(engine, source, parsed_before=forget_before)
    return saved
