"""Spider middleware: which page each record and each request came from (for the page cache).

Every item a callback yields is tagged with its page's URL (``_radar_page``; the normalize
pipeline moves it off the raw item), so the store pipeline knows which records each page
gave. Every request is noted as a link of its page, so an unchanged page can be replayed.
A page whose callback ran to its end is marked complete; only complete pages are cached.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any

from scrapy import Request

from crawlers.pagecache import PageLog

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

PAGE_KEY = "_radar_page"


class PageTrackingMiddleware:
    """Tags items with their page and records each page's requests."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.log = PageLog.install(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageTrackingMiddleware:
        """One per crawl."""
        return cls(crawler)

    def process_spider_output(
        self, response: Response | None, result: Iterable[Any]
    ) -> Iterable[Any]:
        """Sync spider callbacks."""
        page = response.url if response is not None else None
        for output in result:
            yield self._note(output, page, response)
        if page is not None:
            self.log.completed.add(page)

    async def process_spider_output_async(
        self, response: Response | None, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        """Async spider callbacks."""
        page = response.url if response is not None else None
        async for output in result:
            yield self._note(output, page, response)
        if page is not None:
            self.log.completed.add(page)

    def _note(self, output: Any, page: str | None, response: Response | None) -> Any:
        if page is None or not self.log.enabled:
            return output
        if isinstance(output, Request):
            request = getattr(response, "request", None)
            page_callback = request.callback if request is not None else None
            self.log.record_link(page, output, self.crawler.spider, page_callback)
        elif isinstance(output, dict):
            output[PAGE_KEY] = page
        else:  # an item type we cannot tag: its page cannot be replayed
            self.log.unreplayable.add(page)
        return output
