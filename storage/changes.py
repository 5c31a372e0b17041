"""Counts of recorded deadline changes per opportunity (a calendar event's SEQUENCE)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from storage.models import OpportunityChange

_TABLE = OpportunityChange.__table__


def deadline_moves(engine: Engine) -> dict[str, int]:
    """Opportunity id → how many times its deadline changed (absent: never)."""
    stmt = (
        select(_TABLE.c.opportunity_id, func.count())
        .where(_TABLE.c.field == "deadline")
        .group_by(_TABLE.c.opportunity_id)
    )
    with engine.connect() as conn:
        return {oid: int(n) for oid, n in conn.execute(stmt)}
