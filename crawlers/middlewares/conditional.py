"""Conditional requests: send back each page's ETag/Last-Modified; skip pages that did not change.

Downloader middleware, after decompression and redirects (see crawlers/pagecache.py for what
is cached and how an unchanged page is replayed):

- a request of the spider for a page with a fresh cache entry gets ``If-None-Match`` (the
  stored ETag) and ``If-Modified-Since`` (the stored Last-Modified), both verbatim;
- a 304 answer, or a 200 whose body hashes the same as last time, raises
  PageUnchangedError: the request's errback (SourceSpider.on_error) replays the page from
  the cache instead of parsing it;
- any other 2xx page is noted (validators, body hash) and parsed as usual.

Only requests made with ``SourceSpider.request`` (errback ``on_error``) take part: a replay
needs that errback. No database (a dry run) or RADAR_CONDITIONAL_REQUESTS = False: off.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawlers.pagecache import PageLog, PageUnchangedError, fingerprint

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

_VALIDATOR_HEADERS = (b"If-None-Match", b"If-Modified-Since")


class ConditionalRequestMiddleware:
    """Adds validators to requests of cached pages; turns unchanged pages into replays."""

    def __init__(self, crawler: Crawler, database_url: str):
        self.crawler = crawler
        self.database_url = database_url
        self.log = PageLog.install(crawler)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        """Needs a database (RADAR_DATABASE_URL) and RADAR_CONDITIONAL_REQUESTS on."""
        database_url = crawler.settings.get("RADAR_DATABASE_URL")
        if not database_url or not crawler.settings.getbool("RADAR_CONDITIONAL_REQUESTS", True):
            raise NotConfigured("conditional requests are off (no database, or switched off)")
        return cls(crawler, database_url)

    def spider_opened(self, spider: Any) -> None:
        """Load last run's cache entries of this source (those of the same fingerprint)."""
        from crawlers.pipelines.store import load_cached_pages

        source = getattr(spider, "source", None)
        if source is None:
            return
        key = fingerprint(source, type(spider))
        try:
            entries = load_cached_pages(self.database_url, source.name, key)
        except Exception:  # no cache is only slower: crawl everything
            logger.exception(
                "could not read the page cache of %s; fetching every page", source.name
            )
            return
        self.log.open(source.name, key, entries)
        logger.info("page cache: %d pages of %s known from earlier runs", len(entries), source.name)

    def spider_error(self, failure: Any, response: Response, spider: Any) -> None:
        """A page whose callback failed is never cached (its records may be incomplete)."""
        self.log.failed.add(response.url)

    def item_error(self, item: Any, response: Any, spider: Any, failure: Any) -> None:
        """A page with a record that failed in a pipeline is never cached."""
        page = item.get("_radar_page") if isinstance(item, dict) else getattr(item, "page", None)
        if page:
            self.log.failed.add(page)

    def process_request(self, request: Request) -> None:
        """Send the stored validators of a cached page, verbatim."""
        if not self.log.enabled or not self._takes_part(request):
            return
        for header in _VALIDATOR_HEADERS:  # a redirect copies the previous URL's headers
            request.headers.pop(header, None)
        entry = self.log.fresh(request.url)
        if entry is None:
            return
        # Header values were stored as latin-1 text: encoding them back gives the same bytes.
        if entry["etag"]:
            request.headers[b"If-None-Match"] = entry["etag"].encode("latin-1")
        if entry["last_modified"]:
            request.headers[b"If-Modified-Since"] = entry["last_modified"].encode("latin-1")

    def process_response(self, request: Request, response: Response) -> Response:
        """The response to parse, or PageUnchangedError for a page that did not change."""
        if not self.log.enabled or not self._takes_part(request):
            return response
        entry = self.log.fresh(request.url)
        stats = self.crawler.stats
        if response.status == 304 and entry is not None:
            stats.inc_value("radar/pages_not_modified")
            self._note_validators(request.url, entry, response, keep_missing=True)
            raise PageUnchangedError(request.url, "HTTP 304 Not Modified")
        if not 200 <= response.status < 300:
            return response
        body_hash = hashlib.sha256(response.body).hexdigest()
        if entry is not None and entry["body_hash"] == body_hash:
            stats.inc_value("radar/pages_same_body")
            self._note_validators(request.url, entry, response, keep_missing=False)
            raise PageUnchangedError(request.url, "same content as last time")
        self.log.fetched[request.url] = {**_validators(response), "body_hash": body_hash}
        return response

    def _takes_part(self, request: Request) -> bool:
        spider = self.crawler.spider
        on_error = getattr(spider, "on_error", None)
        return (
            request.method == "GET"
            and not request.meta.get("dont_obey_robotstxt")
            and on_error is not None
            and request.errback == on_error
        )

    def _note_validators(
        self, url: str, entry: dict[str, Any], response: Response, *, keep_missing: bool
    ) -> None:
        new = _validators(response)
        if keep_missing:  # a 304 need not repeat the validators
            new = {key: value or entry[key] for key, value in new.items()}
        if new != {"etag": entry["etag"], "last_modified": entry["last_modified"]}:
            self.log.revalidated[url] = new


def _validators(response: Response) -> dict[str, str | None]:
    def header(name: bytes) -> str | None:
        value = response.headers.get(name)
        return value.decode("latin-1") if value else None

    return {"etag": header(b"ETag"), "last_modified": header(b"Last-Modified")}
