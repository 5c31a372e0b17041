"""Pipeline 300: one record per canonical URL, and ids that stay stable across runs.

- The same URL twice in a run (tracking parameters, query order and fragments do not count):
  the later one is dropped as ``duplicate-url``.
- A URL this source stored before keeps its stored id even if the title (and so the slug) has
  changed, so a re-crawl updates the row instead of adding a twin.
- Two different URLs with the same id (same title, no external id) get distinct ids.

The same call stored by another source is kept: it is a sighting, linked to the other record
after the crawl (crawlers.clustering), not a duplicate of this source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler

from crawlers.pipelines.processed import Processed, drop
from crawlers.pipelines.store import canonical_url, load_known_urls
from domain import OpportunityRecord


class DedupePipeline:
    """Drops duplicates within the run; maps this source's known URLs to their stored ids."""

    def __init__(self, stats: Any, known: dict[str, str] | Callable[[], dict[str, str]]):
        self.stats = stats
        self._known = known
        self.seen_urls: dict[str, str] = {}
        self.seen_ids: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        """Known URLs come from the database when the crawl stores (none on a dry run)."""
        url = crawler.settings.get("RADAR_DATABASE_URL")
        source = crawler.settings.get("RADAR_SOURCE")
        if not (url and source):
            return cls(crawler.stats, {})
        return cls(crawler.stats, lambda: load_known_urls(url, source))

    @property
    def known(self) -> dict[str, str]:
        """Canonical URL -> stored id; read on the first item (an unchanged re-crawl has none)."""
        if callable(self._known):
            self._known = self._known()
        return self._known

    def process_item(self, item: Processed) -> Processed:
        """The item with a stable, unique id, or DropItem for a duplicate."""
        record = item.record
        if not isinstance(record, OpportunityRecord):
            if record is not None and record.id in self.seen_ids:
                drop(self.stats, "duplicate", f"institution {record.id} appears twice")
            if record is not None:
                self.seen_ids.add(record.id)
            return item
        key = canonical_url(record.url)
        if key in self.seen_urls:
            drop(
                self.stats, "duplicate-url", f"{record.url} (already seen as {self.seen_urls[key]})"
            )
        self.seen_urls[key] = record.url
        stored_id = self.known.get(key)
        if stored_id and stored_id != record.id:
            record.id = stored_id
        if record.id in self.seen_ids:
            record.id = f"{record.id}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
        self.seen_ids.add(record.id)
        return item
