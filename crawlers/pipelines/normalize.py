"""Pipeline 100: sanitise a raw item's text, then normalise it into a record.

The normalisers raise ValueError for items they cannot use; the item then carries the reason
to the validate pipeline, which drops and counts it.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from scrapy.crawler import Crawler

from crawlers.middlewares.pages import PAGE_KEY
from crawlers.pipelines.processed import Processed
from crawlers.pipelines.sanitize import sanitize_raw
from domain import clock

logger = logging.getLogger(__name__)


class NormalizePipeline:
    """Raw dict in, ``Processed`` (raw + record, or the problem) out."""

    def __init__(self, stats: Any, today: date):
        self.stats = stats
        self.today = today

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        """Today's date comes from RADAR_TODAY when set (tests, demos), else the clock."""
        pinned = crawler.settings.get("RADAR_TODAY")
        return cls(crawler.stats, date.fromisoformat(pinned) if pinned else clock.today())

    def process_item(self, item: dict[str, Any]) -> Processed:
        """Count the item, make its text plain, and build its record."""
        self.stats.inc_value("radar/items_yielded")
        raw = dict(item)
        page = raw.pop(PAGE_KEY, None)  # set by PageTrackingMiddleware; not a raw field
        raw = sanitize_raw(raw)
        # Imported on the first item (dateparser & co. take a while to load): a re-crawl whose
        # pages did not change yields no item and never needs them.
        from crawlers.normalize.institution import normalize_institution
        from crawlers.normalize.opportunity import normalize_opportunity

        try:
            if raw.get("item_type") == "institution":
                record = normalize_institution(raw)
            else:
                record = normalize_opportunity(raw, today=self.today)
        except ValueError as exc:
            return Processed(raw, problem=str(exc), page=page)
        except Exception as exc:  # a normaliser bug must cost one item, never the whole run
            logger.exception("normalising %s failed", raw.get("url") or raw.get("title"))
            problem = f"normalisation failed: {type(exc).__name__}: {exc}"
            return Processed(raw, problem=problem, page=page)
        return Processed(raw, record, page=page)
