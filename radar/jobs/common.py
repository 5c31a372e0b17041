"""Small things every job needs: the engine for the settings, and today's date."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from radar.config import Settings
from storage.engine import make_engine
from storage.migrate import upgrade

# A progress callback: (advance by, description) — the CLI draws it as a rich progress bar.
Progress = Callable[[int, str], None]


def no_progress(_advance: int, _what: str) -> None:
    """The progress callback that shows nothing."""


@contextmanager
def open_database(settings: Settings, migrate: bool = True) -> Iterator[Engine]:
    """An engine on the configured database, upgraded to the latest schema first."""
    if migrate:
        upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def today(settings: Settings) -> date:
    """Today in the office's time zone (deadlines are compared against this)."""
    return datetime.now(ZoneInfo(settings.timezone)).date()


def utcnow() -> datetime:
    """Naive UTC now, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)
