"""robots.txt as RFC 9309 says, failing closed: an unreachable robots.txt means "fetch nothing".

Scrapy's own middleware allows everything when robots.txt answers 5xx or cannot be fetched.
RFC 9309 §2.3.1.4: when robots.txt is unreachable (server errors, network errors) the
crawler MUST assume complete disallow. So, per host and run:

- 2xx: the rules are obeyed (``Forbidden by robots.txt``);
- 4xx (404, 403...): "unavailable", everything may be fetched;
- 5xx, 429, or no answer at all (refused, timeout, DNS, dropped, too big, blocked): nothing
  is fetched from that host this run, and every refused request says why.

Redirects of robots.txt are followed (at most REDIRECT_MAX_TIMES) and 5xx is retried like any
request (RETRY_TIMES) before the verdict.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

from crawlers.errors import describe_exception

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)


class RobotsUnreachableError(IgnoreRequest):
    """A request refused because its host's robots.txt could not be read."""


@dataclass(frozen=True, slots=True)
class _Unreachable:
    """The verdict for a host whose robots.txt answered 5xx/429 or not at all."""

    why: str


class FailClosedRobotsTxtMiddleware:
    """Downloader middleware obeying robots.txt, refusing every request when it is unreachable."""

    DOWNLOAD_PRIORITY = 1000

    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.user_agent: str = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get(
            "USER_AGENT"
        )
        self.parser_class: Any = load_object(crawler.settings.get("ROBOTSTXT_PARSER"))
        self._verdicts: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailClosedRobotsTxtMiddleware:
        """On when ROBOTSTXT_OBEY is."""
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        """Let the request through, or raise IgnoreRequest saying why robots.txt stops it."""
        if request.meta.get("dont_obey_robotstxt"):
            return
        parts = urlparse_cached(request)
        if parts.scheme not in ("http", "https"):
            return
        verdict = await self._verdict(parts.scheme, parts.netloc, request)
        stats = self.crawler.stats
        if isinstance(verdict, _Unreachable):
            stats.inc_value("robotstxt/unreachable_refused")
            raise RobotsUnreachableError(
                f"robots.txt of {parts.netloc} {verdict.why}: nothing is fetched from this "
                "host this run (RFC 9309: an unreachable robots.txt means complete disallow)"
            )
        if verdict is not None and not verdict.allowed(request.url, self.user_agent):
            stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest("Forbidden by robots.txt")

    async def _verdict(self, scheme: str, netloc: str, request: Request) -> Any:
        if netloc not in self._verdicts:
            pending: Deferred[Any] = Deferred()
            self._verdicts[netloc] = pending
            try:
                verdict = await self._fetch(f"{scheme}://{netloc}/robots.txt", request)
            except Exception as exc:  # whatever went wrong, waiting requests get a verdict
                verdict = _Unreachable(f"could not be read ({describe_exception(exc)})")
            self._verdicts[netloc] = verdict
            pending.callback(verdict)
        found = self._verdicts[netloc]
        if isinstance(found, Deferred):
            return await maybe_deferred_to_future(found)
        return found

    async def _fetch(self, url: str, request: Request) -> Any:
        stats = self.crawler.stats
        stats.inc_value("robotstxt/request_count")
        robots_request = Request(
            url,
            priority=self.DOWNLOAD_PRIORITY,
            meta={"dont_obey_robotstxt": True},
            callback=NO_CALLBACK,
        )
        try:
            assert self.crawler.engine is not None
            response = await self.crawler.engine.download_async(robots_request)
        except Exception as exc:
            why = f"could not be fetched ({describe_exception(exc, self.crawler.settings)})"
            logger.warning("robots.txt %s %s: fetching nothing from this host", url, why)
            return _Unreachable(why)
        stats.inc_value("robotstxt/response_count")
        stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if response.status >= 500 or response.status == 429:
            logger.warning("robots.txt %s answered HTTP %d: fetching nothing", url, response.status)
            return _Unreachable(f"answered HTTP {response.status}")
        if response.status >= 300:
            return None  # 4xx (and a redirect that went nowhere): no rules, all allowed
        parser: RobotParser = build_from_crawler(self.parser_class, self.crawler, response.body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=parser, request=request
        )
        return parser
