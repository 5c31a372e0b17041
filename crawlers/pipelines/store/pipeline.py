"""Pipeline 400: records are written in bulk upserts (every N items and at the end), counted."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from crawlers.errors import record_error
from crawlers.institutions import resolve
from crawlers.pipelines.processed import Processed
from domain import InstitutionRecord, OpportunityRecord
from storage import repository as repo
from storage.engine import make_engine

logger = logging.getLogger(__name__)


class StorePipeline:
    """Buffers records and upserts them in batches; new/updated/unchanged go to the stats."""

    def __init__(self, stats: Any, database_url: str, batch_size: int, seen_at: datetime):
        self.stats = stats
        self.database_url = database_url
        self.batch_size = max(1, batch_size)
        self.seen_at = seen_at
        self.engine: Engine | None = None
        self.opportunities: list[OpportunityRecord] = []
        self.institutions: list[InstitutionRecord] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        """Reads RADAR_DATABASE_URL; without it the crawl is a dry run that stores nothing."""
        url = crawler.settings.get("RADAR_DATABASE_URL")
        if not url:
            raise NotConfigured("RADAR_DATABASE_URL is not set: dry run, nothing is stored")
        # Storage keeps naive UTC datetimes; one timestamp for the whole run.
        seen_at = datetime.now(UTC).replace(tzinfo=None)
        return cls(crawler.stats, url, crawler.settings.getint("RADAR_STORE_BATCH_SIZE"), seen_at)

    def open_spider(self) -> None:
        """Connect once per run."""
        self.engine = make_engine(self.database_url)

    def process_item(self, item: Processed) -> Processed:
        """Buffer the record; write a batch when the buffer is full."""
        if isinstance(item.record, InstitutionRecord):
            # Kept until the end: a ranking is resolved against stored institutions as a whole
            # (one ranking lists a university once), and it is a few thousand rows at most.
            self.institutions.append(item.record)
        elif isinstance(item.record, OpportunityRecord):
            self.opportunities.append(item.record)
            if len(self.opportunities) >= self.batch_size:
                self._flush_opportunities()
        return item

    def close_spider(self) -> None:
        """Write what is left, then disconnect."""
        self._flush_opportunities()
        self._flush_institutions()
        if self.engine is not None:
            self.engine.dispose()

    def _flush_opportunities(self) -> None:
        batch, self.opportunities = self.opportunities, []
        if batch:
            self._write("opportunities", batch, repo.upsert_opportunities, self.seen_at)

    def _flush_institutions(self) -> None:
        batch, self.institutions = self.institutions, []
        if batch:
            assert self.engine is not None, "open_spider() connects before items arrive"
            # The same university from THE, QS and ARWU becomes one row: merge onto the
            # stored ones (by name, aliases and country) before writing.
            batch = resolve(batch, repo.load_institutions(self.engine))
            self._write("institutions", batch, repo.upsert_institutions)

    def _write(self, what: str, batch: list[Any], upsert: Any, *args: Any) -> None:
        assert self.engine is not None, "open_spider() connects before items arrive"
        try:
            counts = upsert(self.engine, batch, *args)
        except SQLAlchemyError as exc:
            # The run goes on (later batches may succeed); the loss is counted and recorded.
            logger.exception("storing %d %s failed", len(batch), what)
            self.stats.inc_value("radar/dropped/store-failed", len(batch))
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
            record_error(self.stats, f"storing {len(batch)} {what} failed: {reason}")
            return
        self.stats.inc_value("radar/new", counts.new)
        self.stats.inc_value("radar/updated", counts.updated)
        self.stats.inc_value("radar/unchanged", counts.unchanged)
