"""Pipeline 400: records are written in bulk upserts (every N items and at the end), counted.

At the end of the run, after the last records are stored, the pages parsed in full are
written to the page cache (crawlers/pagecache.py) with the ids of the records they gave, and
the records of unchanged pages (not parsed again) are counted as unchanged.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from crawlers.errors import record_error
from crawlers.institutions import resolve
from crawlers.pagecache import PageLog
from crawlers.pipelines.processed import Processed
from crawlers.pipelines.store.pages import save_cached_pages
from domain import InstitutionRecord, OpportunityRecord, clock
from storage import repository as repo
from storage.engine import make_engine

logger = logging.getLogger(__name__)

# A PostgreSQL deadlock or serialisation failure between concurrent crawls is transient:
# the batch is written again (rows are sorted by id, so deadlocks are rare to begin with).
_TRANSIENT_SQLSTATES = ("40P01", "40001")
_WRITE_ATTEMPTS = 4


class StorePipeline:
    """Buffers records and upserts them in batches; new/updated/unchanged go to the stats."""

    def __init__(
        self,
        stats: Any,
        database_url: str,
        batch_size: int,
        seen_at: datetime,
        crawler: Crawler | None = None,
    ):
        self.stats = stats
        self.database_url = database_url
        self.batch_size = max(1, batch_size)
        self.seen_at = seen_at
        self.crawler = crawler
        self.engine: Engine | None = None
        self.opportunities: list[OpportunityRecord] = []
        self.institutions: list[InstitutionRecord] = []
        # record id -> the page it came from; ids stored this run
        self.pages: dict[str, str] = {}
        self.stored: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        """Reads RADAR_DATABASE_URL; without it the crawl is a dry run that stores nothing."""
        url = crawler.settings.get("RADAR_DATABASE_URL")
        if not url:
            raise NotConfigured("RADAR_DATABASE_URL is not set: dry run, nothing is stored")
        # Storage keeps naive UTC datetimes; one timestamp for the whole run.
        seen_at = clock.utcnow()
        batch_size = crawler.settings.getint("RADAR_STORE_BATCH_SIZE")
        return cls(crawler.stats, url, batch_size, seen_at, crawler)

    def open_spider(self) -> None:
        """Connect once per run."""
        self.engine = make_engine(self.database_url)

    def process_item(self, item: Processed) -> Processed:
        """Buffer the record; write a batch when the buffer is full."""
        if item.record is not None and item.page:
            self.pages[item.record.id] = item.page
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
        """Write what is left, then the page cache, then disconnect."""
        self._flush_opportunities()
        self._flush_institutions()
        pages = PageLog.of(self.crawler)
        if pages is not None and self.engine is not None:
            self._close_page_cache(pages)
        if self.engine is not None:
            self.engine.dispose()

    def _close_page_cache(self, pages: PageLog) -> None:
        # Records of unchanged pages were not parsed again: they count as unchanged (unless
        # another, changed page of this run gave them and they were counted already).
        not_reparsed = len(pages.replayed_ids - self.stored)
        self.stats.inc_value("radar/unchanged", not_reparsed)
        self.stats.set_value("radar/unchanged_not_reparsed", not_reparsed)
        for record_id in self.stored:
            page = self.pages.get(record_id)
            if page is not None:
                pages.items[page].append(record_id)
        assert self.engine is not None
        try:
            saved = save_cached_pages(
                self.engine,
                pages.source,
                pages.pages_to_save(),
                pages.revalidated,
                forget_before=pages.opened_at - 3 * pages.max_age,
            )
        except SQLAlchemyError:
            # Only an optimisation is lost: the next run reads these pages in full.
            logger.exception("could not save the page cache of %s", pages.source)
            self.stats.set_value("radar/page_cache_saved", 0)
            return
        self.stats.set_value("radar/page_cache_saved", saved)

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
        # The same order in every process: concurrent crawls lock rows in the same order.
        batch = sorted(batch, key=lambda record: record.id)
        try:
            counts = self._upsert(upsert, batch, *args)
        except SQLAlchemyError as exc:
            # The run goes on (later batches may succeed); the loss is counted and recorded.
            logger.exception("storing %d %s failed", len(batch), what)
            self.stats.inc_value("radar/dropped/store-failed", len(batch))
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
            record_error(self.stats, f"storing {len(batch)} {what} failed: {reason}")
            pages = PageLog.of(self.crawler)
            if pages is not None:  # their pages must be read again next run
                pages.failed.update(p for r in batch if (p := self.pages.get(r.id)))
            return
        self.stored.update(record.id for record in batch)
        self.stats.inc_value("radar/new", counts.new)
        self.stats.inc_value("radar/updated", counts.updated)
        self.stats.inc_value("radar/unchanged", counts.unchanged)

    def _upsert(self, upsert: Any, batch: list[Any], *args: Any) -> Any:
        for attempt in range(1, _WRITE_ATTEMPTS + 1):
            try:
                return upsert(self.engine, batch, *args)
            except DBAPIError as exc:
                state = getattr(getattr(exc, "orig", None), "sqlstate", None)
                if state not in _TRANSIENT_SQLSTATES or attempt == _WRITE_ATTEMPTS:
                    raise
                logger.warning("batch write hit %s (attempt %d); writing it again", state, attempt)
                time.sleep(0.1 * attempt)
        raise AssertionError("unreachable")
