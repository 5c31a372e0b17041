"""The partner finder over the database: ranked universities and the visible calls they host."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from matcher.partners import Partner, find_partners
from radar.jobs.visible import visible_opportunities
from storage import repository as repo


def partners_for(
    engine: Engine,
    today: date,
    *,
    country: str | None = None,
    max_rank: int | None = 1000,
    field_of_study: str | None = None,
    timezone: str = "UTC",
) -> list[Partner]:
    """Universities that fit, best rank first; hidden and closed calls are not listed."""
    return find_partners(
        repo.load_institutions(engine),
        visible_opportunities(engine, today, timezone),
        country=country,
        max_rank=max_rank,
        field_of_study=field_of_study,
    )
