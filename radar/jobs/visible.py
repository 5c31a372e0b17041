"""The one definition of "open and not hidden" that the web, digests, feeds, partners and
matching all use."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from domain import OpportunityRecord
from matcher.deadlines import deadline_passed
from storage import repository as repo


def visible_opportunities(
    engine: Engine, today: date, *, moment: datetime | None = None, timezone: str = "UTC"
) -> list[OpportunityRecord]:
    """Canonical calls open on ``today`` that staff did not hide.

    With ``moment`` (an aware instant) a call due yesterday whose deadline carries its own
    time zone stays until that instant has passed there (23:59 AoE is this afternoon in
    Tashkent), and a call due today whose hour has passed is gone.
    """
    hidden = repo.load_curation(engine, [])["hidden"]  # staff hid these from everyone
    if moment is None:
        found = repo.load_opportunities(engine, open_on=today, canonical_only=True)
        return [o for o in found if o.id not in hidden]
    found = repo.load_opportunities(engine, open_on=today - timedelta(days=1), canonical_only=True)
    return [
        o
        for o in found
        if o.id not in hidden
        and not deadline_passed(o, moment, timezone)
        and (o.deadline is None or o.deadline >= today or o.details.get("deadline_timezone"))
    ]
