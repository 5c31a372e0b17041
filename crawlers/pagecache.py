"""What each page gave when last parsed, so an unchanged page is neither parsed nor written again.

Per source and URL the database keeps (table ``http_cache``): the page's ETag and
Last-Modified (sent back verbatim as If-None-Match / If-Modified-Since), the hash of its
body, the ids of the records it gave, and the requests it led to (links). When a page
answers 304 Not Modified, or 200 with the same body hash, it is *unchanged*:

- it is not parsed and nothing of it is written; its records count as ``unchanged``;
- the pages it linked are replayed from the cache: next-page links (list/API/feed pages:
  requests made with ``next_page``, or with the same callback as the page itself) are
  requested again (conditionally); detail pages (another callback) still fresh in the cache
  are trusted without a request (that is what makes an unchanged re-crawl cheap); the
  others are fetched.

A cache entry is only used while it is fresh (RADAR_PAGE_CACHE_MAX_AGE_DAYS, so every
source is read in full at least that often) and only with the same *fingerprint*: the
source's options and the code of its spider, the selectors, the pipelines and the
normalisers. Change any of these and the pages are parsed again. Entries are written at the
end of a run, after the records they name were stored, and only for pages read without an
error, so a cache entry never hides a page whose records were lost.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections import defaultdict
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from domain import clock

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawlers.sources import SourceConfig

# Bump when what is stored per page changes meaning: every entry becomes stale.
CACHE_FORMAT = "pagecache-1"
CRAWLERS = Path(__file__).resolve().parent
# The code whose change changes what a page gives (besides the spider's own module).
_CODE = (
    "spiders/base.py",
    "spiders/_*.py",
    "selectors.py",
    "pipelines/**/*.py",
    "normalize/**/*.py",
)
_DOMAIN = CRAWLERS.parent / "domain"
# Meta keys our spiders may put on a request and that a replay can rebuild.
FOLLOW = "radar_follow"


class PageUnchangedError(IgnoreRequest):
    """Raised for a page that has not changed since it was parsed; its errback replays it."""

    def __init__(self, url: str, why: str):
        super().__init__(f"unchanged since the last run ({why})")
        self.url = url
        self.why = why


class PageLog:
    """Last run's cached pages (loaded at start) and what this run saw (saved at the end)."""

    def __init__(self, stats: Any, max_age: timedelta):
        self.stats = stats
        self.max_age = max_age
        self.enabled = False
        self.source = ""
        self.fingerprint = ""
        self.entries: dict[str, dict[str, Any]] = {}
        self.opened_at = _now()
        # this run
        self.fetched: dict[str, dict[str, Any]] = {}  # url -> validators and body hash
        self.links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.completed: set[str] = set()  # pages whose callback ran to its end
        self.unreplayable: set[str] = set()  # pages that led to requests a replay cannot rebuild
        self.failed: set[str] = set()  # pages with an error of their own or of their records
        self.items: dict[str, list[str]] = defaultdict(list)  # page -> ids of stored records
        self.replayed_pages: set[str] = set()
        self.replayed_ids: set[str] = set()
        self.revalidated: dict[str, dict[str, Any]] = {}  # unchanged pages with new validators

    @classmethod
    def install(cls, crawler: Crawler) -> PageLog:
        """The crawl's PageLog (created on first use), shared by middlewares and pipelines."""
        log = getattr(crawler, "radar_pages", None)
        if log is None:
            days = crawler.settings.getfloat("RADAR_PAGE_CACHE_MAX_AGE_DAYS", 7)
            log = cls(crawler.stats, timedelta(days=days))
            crawler.radar_pages = log  # type: ignore[attr-defined]
        return log

    @classmethod
    def of(cls, crawler: Crawler | None) -> PageLog | None:
        """The crawl's PageLog if conditional crawling is on for it, else None."""
        log = getattr(crawler, "radar_pages", None)
        return log if log is not None and log.enabled else None

    def open(self, source: str, fingerprint: str, entries: dict[str, dict[str, Any]]) -> None:
        """Start using last run's entries (those of this fingerprint) for ``source``."""
        self.source = source
        self.fingerprint = fingerprint
        self.entries = entries
        self.opened_at = _now()
        self.enabled = True

    def fresh(self, url: str) -> dict[str, Any] | None:
        """The cache entry of ``url`` if it is young enough to be trusted, else None."""
        entry = self.entries.get(url)
        if entry is None or entry["parsed_at"] < self.opened_at - self.max_age:
            return None
        return entry

    def replay(self, url: str) -> list[dict[str, Any]]:
        """Count an unchanged page's records (and its trusted detail pages'); the links to fetch."""
        to_fetch: list[dict[str, Any]] = []
        stack = [url]
        while stack:
            page = stack.pop()
            if page in self.replayed_pages:
                continue
            self.replayed_pages.add(page)
            entry = self.entries.get(page)
            if entry is None:
                continue
            if page != url:
                self.stats.inc_value("radar/pages_not_refetched")
            self.replayed_ids.update(entry["item_ids"] or [])
            for link in entry["links"] or []:
                if link.get("follow") or self.fresh(link["url"]) is None:
                    to_fetch.append(link)
                else:
                    stack.append(link["url"])
        return to_fetch

    def record_link(
        self, page: str, request: Request, spider: Any, page_callback: Any = None
    ) -> None:
        """Remember a request a page led to, or that the page cannot be replayed."""
        link = link_of(request, spider, page_callback)
        if link is None:
            self.unreplayable.add(page)
        else:
            self.links[page].append(link)

    def pages_to_save(self) -> list[dict[str, Any]]:
        """The pages parsed in full this run without an error, as cache entries."""
        now = _now()
        return [
            {
                "url": url,
                **validators,
                "fingerprint": self.fingerprint,
                "item_ids": sorted(set(self.items.get(url, []))),
                "links": self.links.get(url, []),
                "parsed_at": now,
            }
            for url, validators in self.fetched.items()
            if url in self.completed and url not in self.failed and url not in self.unreplayable
        ]


def link_of(request: Request, spider: Any, page_callback: Any = None) -> dict[str, Any] | None:
    """A request as a replayable link, or None when a replay could not rebuild it exactly.

    It is a *follow* link (always requested again) when made by ``next_page`` or with the
    same callback as the page it came from (``page_callback``): another page of the list.
    """
    callback = request.callback or getattr(spider, "parse", None)
    errback = request.errback
    if (
        request.method != "GET"
        or request.body
        or getattr(callback, "__self__", None) is not spider
        or (errback is not None and getattr(errback, "__self__", None) is not spider)
        or set(request.meta) - {FOLLOW}
        or bool(request.headers)
    ):
        return None
    try:
        json.dumps(request.cb_kwargs)
    except (TypeError, ValueError):
        return None
    return {
        "url": request.url,
        "callback": callback.__name__,
        "kwargs": dict(request.cb_kwargs),
        "follow": bool(request.meta.get(FOLLOW))
        or (page_callback is not None and callback == page_callback),
        "dont_filter": request.dont_filter,
        "priority": request.priority,
    }


def fingerprint(source: SourceConfig, spider_class: type) -> str:
    """The source's options and the parsing code's hash: cache entries are valid for it only."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    digest.update(source.model_dump_json().encode())
    digest.update(_file_hash(inspect.getfile(spider_class)).encode())
    digest.update(_code_hash().encode())
    return digest.hexdigest()


@cache
def _code_hash() -> str:
    digest = hashlib.sha256()
    files = {p for pattern in _CODE for p in CRAWLERS.glob(pattern)} | set(_DOMAIN.glob("*.py"))
    for path in sorted(files):
        digest.update(path.relative_to(CRAWLERS.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def _file_hash(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _now() -> datetime:
    return clock.utcnow()
