"""The one definition of "open and not hidden" that the web, digests, feeds, partners and
matching all use."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine

from domain import OpportunityRecord
from radar.jobs.common import open_calls
from storage import repository as repo


def visible_opportunities(
    engine: Engine, today: date, timezone: str = "UTC", now: datetime | None = None
) -> list[OpportunityRecord]:
    """Canonical calls still open at the moment a job for ``today`` decides at (a call closing
    "23:59 AoE" stays until that instant has passed there: ``matcher.deadlines.still_open``)
    that staff did not hide."""
    hidden = repo.load_curation(engine, [])["hidden"]  # staff hid these from everyone
    return [o for o in open_calls(engine, today, timezone, now) if o.id not in hidden]
