"""The outcome of crawling one source: status, counts, errors, details; one JSON line each."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from domain import CrawlStats

OK, PARTIAL, FAILED = "ok", "partial", "failed"
# A paused source is not crawled: no crawl run is recorded, and it counts as neither.
SKIPPED = "skipped"


@dataclass(slots=True)
class CrawlResult:
    """One source's crawl: ``status`` is ok | partial | failed | skipped (a paused source);
    ``recorded`` = in crawl_runs."""

    source: str
    status: str
    stats: CrawlStats
    run_id: int | None = None
    recorded: bool = False
    # requests, responses by status, retries, duration_s, finish_reason...
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """True when the source gave nothing usable this run."""
        return self.status == FAILED

    @property
    def skipped(self) -> bool:
        """True when the source was not crawled because it is paused."""
        return self.status == SKIPPED

    @property
    def errors(self) -> list[str]:
        """Why requests or items failed, in words."""
        return self.stats.errors

    def to_dict(self) -> dict[str, Any]:
        """Flat JSON-ready form: the stats' fields at the top level."""
        stats = asdict(self.stats)
        stats.pop("source")
        return {
            "source": self.source,
            "status": self.status,
            "run_id": self.run_id,
            "recorded": self.recorded,
            **stats,
            "details": self.details,
        }

    def to_json(self) -> str:
        """One line of JSON (what ``python -m crawlers.run`` prints)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, default=str)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlResult:
        """Read back ``to_dict()``'s form."""
        stat_fields = CrawlStats.__dataclass_fields__
        stats = CrawlStats(
            source=data["source"],
            **{k: v for k, v in data.items() if k in stat_fields and k != "source"},
        )
        return cls(
            source=data["source"],
            status=data["status"],
            stats=stats,
            run_id=data.get("run_id"),
            recorded=bool(data.get("recorded")),
            details=dict(data.get("details") or {}),
        )


def failed_result(
    source: str, error: str, run_id: int | None = None, **details: Any
) -> CrawlResult:
    """A result for a crawl that could not run or did not finish."""
    return CrawlResult(
        source=source,
        status=FAILED,
        stats=CrawlStats(source=source, errors=[error]),
        run_id=run_id,
        details=details,
    )


def skipped_result(source: str, why: str) -> CrawlResult:
    """A result for a source that was not crawled (paused), saying why and how to resume it."""
    return CrawlResult(source=source, status=SKIPPED, stats=CrawlStats(source=source, errors=[why]))


def decide_status(stats: CrawlStats) -> str:
    """ok: items stored, no errors; partial: items stored despite errors; failed: nothing stored."""
    stored = stats.new + stats.updated + stats.unchanged
    if stored == 0:
        return FAILED
    return PARTIAL if stats.errors else OK
