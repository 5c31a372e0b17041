"""Addresses the mail server refused permanently (5xx): skipped until staff clear them."""

from __future__ import annotations

from sqlalchemy import Engine, delete, select

from storage.bulk import bulk_upsert
from storage.clock import utcnow
from storage.models import RejectedAddress

_TABLE = RejectedAddress.__table__


def reject_address(engine: Engine, address: str, reason: str) -> None:
    """Remember that ``address`` was refused permanently and why."""
    row = {"address": address.lower(), "reason": reason[:2000], "rejected_at": utcnow()}
    with engine.begin() as conn:
        bulk_upsert(conn, _TABLE, [row], keys=["address"])


def rejected_addresses(engine: Engine) -> dict[str, str]:
    """Every refused address (lower case) with the server's reason."""
    with engine.connect() as conn:
        return {r.address: r.reason for r in conn.execute(select(_TABLE))}


def clear_rejection(engine: Engine, address: str) -> bool:
    """Allow mail to ``address`` again; False when it was not refused."""
    with engine.begin() as conn:
        result = conn.execute(delete(_TABLE).where(_TABLE.c.address == address.lower()))
        return result.rowcount > 0
