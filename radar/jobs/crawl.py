"""Crawl job: run each source of a sources file in its own Scrapy subprocess, then expire old calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawlers.runner import crawl_sources
from crawlers.sources import load_sources, select_sources
from radar.config import Settings
from radar.jobs.common import Progress, no_progress


@dataclass
class CrawlSummary:
    """One result per source: counts and errors, as the subprocesses reported them."""

    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def all_failed(self) -> bool:
        """True when no source succeeded (``radar crawl`` then exits non-zero)."""
        return bool(self.results) and all(r.get("status") == "failed" for r in self.results)


def run_crawl(
    settings: Settings,
    sources_file: Path,
    *,
    only: list[str] | None = None,
    base: str | None = None,
    progress: Progress = no_progress,
) -> CrawlSummary:
    """Crawl the sources in ``sources_file`` (all, or ``only`` those named)."""
    sources = select_sources(load_sources(sources_file, base=base), only)
    results = crawl_sources(
        sources_file,
        settings.database_url,
        only=[s.name for s in sources],
        base=base,
        parallel=settings.crawl_parallel,
        timeout=settings.crawl_timeout,
        on_done=lambda result: progress(1, str(result.get("source", ""))),
    )
    return CrawlSummary(results=[_as_dict(r) for r in results])


def _as_dict(result: Any) -> dict[str, Any]:
    if isinstance(result, dict):
        return result
    return {k: getattr(result, k) for k in getattr(result, "__dataclass_fields__", {})}
