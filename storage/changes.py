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


def previous_values(engine: Engine, fields: tuple[str, ...] = ("deadline", "amount")) -> dict:
    """Opportunity id → {field: the value before its latest change} for ``fields``."""
    stmt = (
        select(_TABLE.c.opportunity_id, _TABLE.c.field, _TABLE.c.old_value)
        .where(_TABLE.c.field.in_(fields))
        .order_by(_TABLE.c.id)
    )
    out: dict[str, dict[str, str | None]] = {}
    with engine.connect() as conn:
        for oid, name, old in conn.execute(stmt):  # oldest first: the latest change wins
            out.setdefault(oid, {})[name] = old
    return out
