"""Retries that honour ``Retry-After`` on 429 and 503 (Scrapy's RetryMiddleware retries at once).

A site answering "429 Too Many Requests, Retry-After: 30" is asking us to come back in 30 s.
This replaces Scrapy's RetryMiddleware (same settings: RETRY_TIMES, RETRY_HTTP_CODES...):

- with Retry-After (seconds or an HTTP date) on 429/503, the retry waits that long, and the
  site's download slot is slowed to the same delay so the other requests to it wait too
  (AutoThrottle brings the delay back down as the site answers normally again);
- a wait longer than RADAR_RETRY_AFTER_MAX is not waited: the request gives up at once and
  its error names the Retry-After it got;
- without Retry-After, retries work exactly as Scrapy's.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = (429, 503)


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that waits what a 429/503 response's Retry-After asks before retrying."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        """Reads RADAR_RETRY_AFTER_MAX on top of Scrapy's retry settings."""
        middleware = super().from_crawler(crawler)
        middleware.max_wait = crawler.settings.getfloat("RADAR_RETRY_AFTER_MAX", 120)
        middleware.throttled = crawler.settings.getbool("AUTOTHROTTLE_ENABLED")
        middleware.max_delay = crawler.settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 60)
        return middleware

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        """The response, or the retry request (after the wait the site asked for)."""
        header = response.headers.get("Retry-After")
        if (
            request.meta.get("dont_retry", False)
            or response.status not in RETRY_AFTER_STATUSES
            or response.status not in self.retry_http_codes
            or header is None
        ):
            return super().process_response(request, response)
        wait = retry_after_seconds(header.decode("latin-1"))
        if wait is None:  # unreadable header: retry as Scrapy would
            return super().process_response(request, response)
        stats = self.crawler.stats
        if wait > self.max_wait:
            stats.inc_value("radar/retry_after_too_long")
            logger.warning(
                "%s asks to retry after %.0f s (more than RADAR_RETRY_AFTER_MAX=%.0f s): giving up",
                request.url,
                wait,
                self.max_wait,
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:  # retries used up
            return response
        stats.inc_value("radar/retry_after_waits")
        stats.inc_value("radar/retry_after_waited_s", round(wait, 3))
        logger.info(
            "%s: HTTP %d, waiting %.1f s as Retry-After asks", request.url, response.status, wait
        )
        self._slow_down(request, wait)
        await _sleep(wait)
        return retry

    def _slow_down(self, request: Request, wait: float) -> None:
        """Make the site's slot wait too, so other requests to it do not hit it meanwhile."""
        if not self.throttled or self.crawler.engine is None:
            return
        slot = self.crawler.engine.downloader.slots.get(request.meta.get("download_slot"))
        if slot is not None:
            slot.delay = max(slot.delay, min(wait, self.max_delay))
            slot.lastseen = monotonic()


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After value asks to wait ("120" or an HTTP date); None if unreadable."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor

    await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))
