"""The one clock for business dates and times: the system's, or one pinned by tests and demos.

Every "now" and "today" that decides something (deadlines, digest periods, stamps on rows)
comes from here. ``RADAR_NOW`` (an ISO date or datetime) pins the clock for a process and the
processes it starts; it then ticks on from that moment with real time, anchored at
``RADAR_NOW_ANCHOR`` (Unix seconds) so a parent and its spider subprocesses agree. Durations
(timeouts, benchmarks) use ``time.monotonic`` and are not business time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

ENV_NOW = "RADAR_NOW"
ENV_ANCHOR = "RADAR_NOW_ANCHOR"
_PROCESS_START = time.time()  # the real wall clock, read once as the anchor


class ClockError(ValueError):
    """RADAR_NOW holds something that is not an ISO date or datetime."""


def parse_moment(text: str) -> datetime:
    """An ISO date ("2027-03-02", midnight UTC) or datetime (naive means UTC), as aware UTC."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ClockError(
            f"{ENV_NOW}={text!r} is not an ISO date or datetime (e.g. 2027-03-02T09:00:00+05:00)"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def now() -> datetime:
    """The current moment, aware, in UTC."""
    pinned = os.environ.get(ENV_NOW)
    real = time.time()
    if not pinned:
        return datetime.fromtimestamp(real, UTC)
    anchor = float(os.environ.get(ENV_ANCHOR) or _PROCESS_START)
    return parse_moment(pinned) + timedelta(seconds=max(0.0, real - anchor))


def utcnow() -> datetime:
    """Naive UTC now, as every timestamp column holds it."""
    return now().replace(tzinfo=None)


def now_in(timezone: str) -> datetime:
    """The current moment in a time zone (IANA name)."""
    return now().astimezone(ZoneInfo(timezone))


def today(timezone: str = "UTC") -> date:
    """Today's date in a time zone (the office's, for deadlines)."""
    return now_in(timezone).date()


@contextmanager
def pinned(moment: datetime | date | str) -> Iterator[datetime]:
    """Pin the clock (this process and the ones it starts) at ``moment``; restore it after."""
    if isinstance(moment, datetime):
        start = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    elif isinstance(moment, date):
        start = datetime(moment.year, moment.month, moment.day, 9, tzinfo=UTC)
    else:
        start = parse_moment(moment)
    saved = {key: os.environ.get(key) for key in (ENV_NOW, ENV_ANCHOR)}
    os.environ[ENV_NOW] = start.astimezone(UTC).isoformat()
    os.environ[ENV_ANCHOR] = repr(time.time())  # real elapsed time is measured from here
    try:
        yield start
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
