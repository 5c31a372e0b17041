"""Crawl errors in words staff can act on, kept in the crawler's stats for the crawl run record."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotSupported,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from crawlers.middlewares.ssrf import resolver_refusal

ERRORS_KEY = "radar/errors"
# A broken site can fail on every one of thousands of pages; the run keeps the first ones.
MAX_ERRORS = 50

_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (DownloadConnectionRefusedError, "connection refused"),
    (CannotResolveHostError, "host name could not be resolved (DNS lookup failed)"),
    (DownloadTimeoutError, "timed out"),
    (ResponseDataLossError, "connection dropped before the whole body arrived"),
    (DownloadCancelledError, "download cancelled"),
    (DownloadFailedError, "download failed"),
    (UnsupportedURLSchemeError, "unsupported URL scheme"),
    # e.g. file:// and ftp:// links: their handlers are switched off (crawlers/settings.py)
    (NotSupported, "unsupported URL scheme"),
)


def describe_failure(failure: Failure, settings: Any = None) -> str:
    """One line saying why a request failed: HTTP status, refused, timed out, robots.txt...

    ``settings`` (the crawler's) lets the line name the limits that stopped a download.
    """
    request = getattr(failure, "request", None)
    if request is not None and isinstance(failure.value, CannotResolveHostError | DNSLookupError):
        # The SSRF guard's resolver refused the address; Twisted only says "lookup failed".
        refusal = resolver_refusal(urlsplit(request.url).hostname)
        if refusal:
            return f"refused: {refusal}"
    return describe_exception(failure.value, settings)


def describe_exception(exc: BaseException, settings: Any = None) -> str:
    """One line saying why a request failed, from the exception itself."""
    if isinstance(exc, HttpError):
        response = exc.response
        text = f"HTTP {response.status} {_status_phrase(response.status)}".rstrip()
        retry_after = response.headers.get("Retry-After")
        if retry_after and response.status in (429, 503):
            text += f" (Retry-After: {retry_after.decode('latin-1')[:40]})"
        return text
    if isinstance(exc, IgnoreRequest):
        message = str(exc) or "request ignored"
        if message == "max redirections reached":
            hops = settings.getint("REDIRECT_MAX_TIMES") if settings is not None else None
            limit = f"more than {hops}" if hops else "too many"
            return f"too many redirects ({limit}; a redirect loop?)"
        return message
    if isinstance(exc, DownloadCancelledError) and (not str(exc) or "max size" in str(exc)):
        # Scrapy cancels a download whose body grows past DOWNLOAD_MAXSIZE (or announces it).
        limit = settings.getint("DOWNLOAD_MAXSIZE") if settings is not None else None
        size = f" ({limit} bytes)" if limit else ""
        return f"body larger than the maximum size{size}: download cancelled"
    for kind, words in _REASONS:
        if isinstance(exc, kind):
            detail = str(exc).strip()
            return f"{words} ({detail})" if detail else words
    detail = str(exc).strip()
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def record_error(stats: Any, message: str) -> None:
    """Append an error to the run's list (kept short; the count of all of them is kept too)."""
    errors = stats.get_value(ERRORS_KEY)
    if errors is None:
        errors = []
        stats.set_value(ERRORS_KEY, errors)
    stats.inc_value("radar/error_count")
    if len(errors) < MAX_ERRORS:
        errors.append(message)


def recorded_errors(stats: Any) -> list[str]:
    """The errors recorded so far, with a note when some were left out."""
    errors = list(stats.get_value(ERRORS_KEY) or [])
    total = stats.get_value("radar/error_count", 0)
    if total > len(errors):
        errors.append(f"... and {total - len(errors)} more errors")
    return errors


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
