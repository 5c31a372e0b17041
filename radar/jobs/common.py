"""Small things every job needs: the engine for the settings, today's date, the open calls."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import Engine

from domain import OpportunityRecord, clock
from matcher.deadlines import decision_moment, first_open_day, still_open
from radar.config import Settings
from storage import repository as repo
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
    return clock.today(settings.timezone)


def open_calls(
    engine: Engine, today: date, timezone: str, now: datetime | None = None
) -> list[OpportunityRecord]:
    """Canonical calls still open at the moment a job for ``today`` decides at: the one
    filter of the match job, feeds, digests and web pages (``matcher.deadlines``)."""
    moment = decision_moment(today, timezone, now)
    stored = repo.load_opportunities(engine, open_on=first_open_day(today), canonical_only=True)
    return [o for o in stored if still_open(o, moment, timezone)]


_SEMANTIC: dict[tuple, object] = {}


def semantic_for(settings: Settings):  # type: ignore[no-untyped-def]
    """The dense-similarity helper when the settings ask for it (one per process, so its
    in-memory embedding cache is reused); None when off. Raises with the install command
    when it is on but the extra is missing."""
    if not settings.semantic:
        return None
    from matcher.semantic import Semantic, SemanticUnavailable, missing

    reason = missing()
    if reason:
        raise SemanticUnavailable(reason)
    key = (settings.semantic_cache_dir,)
    if key not in _SEMANTIC:
        _SEMANTIC[key] = Semantic(cache_dir=settings.semantic_cache_dir)
    return _SEMANTIC[key]
