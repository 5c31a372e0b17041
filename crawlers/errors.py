"""Crawl errors in words staff can act on, kept in the crawler's stats for the crawl run record."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

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
)


def describe_failure(failure: Failure) -> str:
    """One line saying why a request failed: HTTP status, refused, timed out, robots.txt..."""
    exc = failure.value
    if isinstance(exc, HttpError):
        response = exc.response
        return f"HTTP {response.status} {_status_phrase(response.status)}".rstrip()
    if isinstance(exc, IgnoreRequest):
        return str(exc) or "request ignored"
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
