"""The one definition of "open and not hidden" that the web, digests, feeds, partners and
matching all use."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime

from sqlalchemy import Engine

from domain import OpportunityRecord
from matcher.deadlines import decision_moment, first_open_day, still_open
from storage import repository as repo


def visible_opportunities(
    engine: Engine, today: date, timezone: str = "UTC", now: datetime | None = None
) -> list[OpportunityRecord]:
    """Canonical calls still open at the moment a job for ``today`` decides at that staff did
    not hide."""
    hidden = repo.load_curation(engine, [])["hidden"]  # staff hid these from everyone
    stored = repo.load_opportunities(engine, open_on=first_open_day(today), canonical_only=True)
    return still_visible(stored, hidden, today, timezone, now)


def still_visible(
    records: Iterable[OpportunityRecord],
    hidden: Collection[str],
    today: date,
    timezone: str = "UTC",
    now: datetime | None = None,
) -> list[OpportunityRecord]:
    """The records not hidden and still open at that moment (a call closing "23:59 AoE" stays
    until that instant has passed there: ``matcher.deadlines.still_open``)."""
    moment = decision_moment(today, timezone, now)
    return [o for o in records if o.id not in hidden and still_open(o, moment, timezone)]
