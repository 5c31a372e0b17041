"""Crawl job: run each source of a sources file in its own Scrapy subprocess."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from crawlers.results import CrawlResult
from crawlers.runner import all_failed, crawl_sources
from radar.config import Settings
from radar.jobs.common import Progress, no_progress


@dataclass
class CrawlSummary:
    """One result per source: status, counts and errors, as the subprocesses reported them."""

    crawled: list[CrawlResult] = field(default_factory=list)

    @property
    def results(self) -> list[dict[str, Any]]:
        """Flat dicts (source, status, scraped, new, updated, ..., errors) for printing/JSON."""
        return [r.to_dict() for r in self.crawled]

    @property
    def all_failed(self) -> bool:
        """True when no source succeeded (``radar crawl`` then exits non-zero)."""
        return all_failed(self.crawled)


def run_crawl(
    settings: Settings,
    sources_file: Path,
    *,
    only: list[str] | None = None,
    base: str | None = None,
    today: date | None = None,
    progress: Progress = no_progress,
) -> CrawlSummary:
    """Crawl the sources in ``sources_file`` (all, or ``only`` those named).

    Raises SourcesError, before anything is crawled or written, when the file has a problem.
    """
    results = crawl_sources(
        sources_file,
        settings.database_url,
        only=only or None,
        base=base,
        parallel=settings.crawl_parallel,
        on_done=lambda result: progress(1, result.source),
        timeout=settings.crawl_timeout,
        log_level="WARNING",
        today=today,
    )
    return CrawlSummary(crawled=results)
