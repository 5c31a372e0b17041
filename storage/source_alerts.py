"""Which source breakage staff were told about, so each one is mailed once."""

from __future__ import annotations

from sqlalchemy import Engine, delete, select

from storage.bulk import bulk_upsert
from storage.clock import utcnow
from storage.models import SourceAlert

_TABLE = SourceAlert.__table__


def alerted_health(engine: Engine) -> dict[str, str]:
    """Source name → the health staff were last alerted about."""
    with engine.connect() as conn:
        return dict(conn.execute(select(_TABLE.c.source, _TABLE.c.health)).all())


def record_alert(engine: Engine, source: str, health: str) -> None:
    """Remember that staff were told ``source`` is ``health``."""
    with engine.begin() as conn:
        bulk_upsert(
            conn,
            _TABLE,
            [{"source": source, "health": health, "alerted_at": utcnow()}],
            keys=["source"],
        )


def clear_alert(engine: Engine, source: str) -> None:
    """Forget an alert once the source is healthy again (its next breakage is mailed)."""
    with engine.begin() as conn:
        conn.execute(delete(_TABLE).where(_TABLE.c.source == source))
