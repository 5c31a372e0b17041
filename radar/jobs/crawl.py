"""Crawl job: run each source of a sources file in its own Scrapy subprocess."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from crawlers.results import CrawlResult
from crawlers.runner import all_failed, crawl_sources
from radar.config import Settings
from radar.jobs.clusters import recluster
from radar.jobs.common import Progress, no_progress, open_database
from storage import repository as repo


@dataclass
class CrawlSummary:
    """One result per source: status, counts and errors, as the subprocesses reported them."""

    crawled: list[CrawlResult] = field(default_factory=list)
    clusters: int = 0  # records found to be copies of a call stored under another source
    vanished: list[str] = field(default_factory=list)  # open calls their source no longer lists

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
    with open_database(settings):  # create or upgrade the schema before the crawlers write
        pass
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
        pause_after=settings.pause_after_failures,
        allowed_hosts=settings.crawl_allowed_hosts,
        contact_url=settings.contact_url,
    )
    with open_database(settings, migrate=False) as engine:
        summary = CrawlSummary(crawled=results)
        summary.clusters = link_sightings(engine)
        summary.vanished = _flag_vanished(engine, results)
    return summary


def link_sightings(engine: Engine) -> int:
    """Cluster copies of one call across sources (staff rulings kept); returns how many are copies."""
    return recluster(engine)


def _flag_vanished(engine: Engine, results: list[CrawlResult]) -> list[str]:
    # Only a complete, successful run that re-read every page proves a call is gone: a failed
    # or capped run does not, nor one whose unchanged pages (304, same body) were not re-read.
    flagged: list[str] = []
    for result in results:
        incomplete = (
            result.details.get("capped")
            or result.details.get("pages_not_modified")
            or result.details.get("pages_same_body")
        )
        if result.status != "ok" or result.run_id is None or incomplete:
            continue
        run = repo.crawl_run(engine, result.run_id)
        if run is not None:
            flagged += repo.flag_vanished(engine, result.source, run["started_at"])
    return flagged
