"""The base of every spider: built from one SourceConfig, records failures, yields raw items."""

from __future__ import annotations

import difflib
from collections.abc import AsyncIterator, Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.errors import describe_failure, record_error
from crawlers.pagecache import FOLLOW, PageLog, PageUnchangedError
from domain.raw import RAW_INSTITUTION_FIELDS, RAW_OPPORTUNITY_FIELDS

if TYPE_CHECKING:
    from crawlers.sources import SourceConfig

# Options of the sources file that only some spiders read; the others reject them, so a
# misplaced option is reported instead of silently ignored.
SPIDER_SPECIFIC_OPTIONS = ("selectors", "items_path", "next_page_path", "item_type", "fields")


class SourceSpider(scrapy.Spider):
    """A spider reading one source; subclasses set ``name`` (the sources file's ``spider``)."""

    name = ""
    #: Which of SPIDER_SPECIFIC_OPTIONS this spider reads.
    reads_options: ClassVar[frozenset[str]] = frozenset()
    #: Whether it reads a free-form ``[sources.options]`` table (bespoke spiders do).
    takes_options: ClassVar[bool] = True

    def __init__(self, source: SourceConfig, **kwargs: Any):
        # The instance is named after the source, so every log line says which source it is.
        super().__init__(name=source.name, **kwargs)
        self.source = source

    # --- checking the sources file ---

    @classmethod
    def check_source(cls, source: SourceConfig) -> list[str]:
        """Problems of this source's options for this spider (empty when it can run)."""
        problems = [
            f"option {option!r} is not used by the {cls.name!r} spider"
            for option in SPIDER_SPECIFIC_OPTIONS
            if option not in cls.reads_options and option in source.model_fields_set
        ]
        if source.options and not cls.takes_options:
            problems.append(f"[sources.options] is not used by the {cls.name!r} spider")
        allowed = raw_fields(source.item_type)
        problems.extend(
            f"defaults.{key}: not a raw {source.item_type} field{did_you_mean(key, allowed)}"
            for key in source.defaults
            if key not in allowed or key in ("source", "item_type")
        )
        return problems

    # --- crawling ---

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The source's URL is the first request; ``parse`` reads it."""
        yield self.request(self.source.url, self.parse, dont_filter=True)

    def request(self, url: str, callback: Callable[..., Any], **kwargs: Any) -> scrapy.Request:
        """A request whose failure (refused, timeout, HTTP error...) is recorded with its reason."""
        return scrapy.Request(url, callback=callback, errback=self.on_error, **kwargs)

    def on_error(self, failure: Failure) -> list[scrapy.Request]:
        """Errback: replay a page that did not change, else record why the request failed."""
        if failure.check(PageUnchangedError):
            return self._replay(failure.value.url)
        request = getattr(failure, "request", None)
        url = request.url if request is not None else self.source.url
        message = describe_failure(failure, self.settings)
        if message.startswith("refused: ") and not failure.check(IgnoreRequest):
            # the SSRF guard's resolver refused the address (the middleware counts its own)
            self.crawler.stats.inc_value("radar/blocked_private")
        self.record_error(url, message)
        return []

    def record_error(self, url: str, message: str) -> None:
        """Record a problem of this run (it ends up in the crawl run's errors)."""
        self.logger.warning("%s: %s", url, message)
        record_error(self.crawler.stats, f"{url}: {message}")
        pages = PageLog.of(self.crawler)
        if pages is not None:  # a page with a problem is read in full again next run
            pages.failed.add(url)

    def _replay(self, url: str) -> list[scrapy.Request]:
        """An unchanged page: its records count as unchanged; the pages it led to are revisited
        (next pages always, detail pages only when the cache cannot vouch for them)."""
        pages = PageLog.of(self.crawler)
        if pages is None:
            return []
        requests = []
        for link in pages.replay(url):
            callback = getattr(self, link["callback"], None)
            if callback is None:  # the spider changed; the fingerprint normally prevents this
                continue
            requests.append(
                self.request(
                    link["url"],
                    callback,
                    cb_kwargs=link["kwargs"],
                    dont_filter=link["dont_filter"],
                    priority=link["priority"],
                    meta={FOLLOW: True} if link["follow"] else None,
                )
            )
        return requests

    def next_page(
        self, url: str | None, callback: Callable[..., Any], page: int
    ) -> scrapy.Request | None:
        """The request for list/API/feed page ``page + 1``, or None at the end or at max_pages.

        Stopping at max_pages marks the run as capped: it did not see the whole source.
        """
        if not url:
            return None
        if page >= self.max_pages:
            self.logger.info("stopped at max_pages=%d; not following %s", self.max_pages, url)
            self.crawler.stats.set_value("radar/capped", True)
            return None
        return self.request(url, callback, cb_kwargs={"page": page + 1}, meta={FOLLOW: True})

    @property
    def max_pages(self) -> int:
        """List/API/feed pages to follow: the source's ``max_pages`` or the settings' default."""
        if self.source.max_pages is not None:
            return self.source.max_pages
        return self.settings.getint("RADAR_DEFAULT_MAX_PAGES", 20)

    def make_item(self, **fields: Any) -> dict[str, Any]:
        """A raw item: empty values left out, the source's ``defaults`` filling what is missing."""
        item: dict[str, Any] = {"item_type": self.source.item_type, "source": self.source.name}
        for key, value in fields.items():
            if isinstance(value, str):
                value = value.strip()
            if not _is_empty(value):
                item[key] = value
        for key, value in self.source.defaults.items():
            if _is_empty(item.get(key)):
                item[key] = value
        return item

    def text_response(self, response: Response) -> bool:
        """True for HTML/XML/JSON text; else records that the page is not text."""
        if isinstance(response, scrapy.http.TextResponse):
            return True
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or "unknown"
        self.record_error(response.url, f"not a text page (Content-Type: {content_type})")
        return False


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest choice, or "" when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def raw_fields(item_type: str) -> frozenset[str]:
    """The raw fields an item of this type may carry (domain/raw.py)."""
    return RAW_INSTITUTION_FIELDS if item_type == "institution" else RAW_OPPORTUNITY_FIELDS


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict | tuple) and not value)
