"""Digest send records: claim before sending so a rerun or a crash never sends twice."""

from __future__ import annotations

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from storage.clock import utcnow
from storage.models import DigestSend

_TABLE = DigestSend.__table__


def claim_digest(
    engine: Engine, profile_id: str, digest_key: str, channel: str, opportunity_ids: list[str]
) -> int | None:
    """Record the intent to send; returns the send id, or None when already claimed/sent."""
    try:
        with engine.begin() as conn:
            result = conn.execute(
                _TABLE.insert().values(
                    profile_id=profile_id,
                    digest_key=digest_key,
                    channel=channel,
                    status="sending",
                    opportunity_ids=opportunity_ids,
                    created_at=utcnow(),
                )
            )
            return int(result.inserted_primary_key[0])
    except IntegrityError:
        # Retry a send that failed last time; a "sending" or "sent" one is left alone.
        with engine.begin() as conn:
            row = conn.execute(
                select(_TABLE.c.id, _TABLE.c.status).where(
                    _TABLE.c.profile_id == profile_id,
                    _TABLE.c.digest_key == digest_key,
                    _TABLE.c.channel == channel,
                )
            ).first()
            if row and row.status == "failed":
                conn.execute(update(_TABLE).where(_TABLE.c.id == row.id).values(status="sending"))
                return int(row.id)
        return None


def finish_digest(engine: Engine, send_id: int, ok: bool, error: str | None = None) -> None:
    """Mark a claimed send as sent or failed."""
    with engine.begin() as conn:
        conn.execute(
            update(_TABLE)
            .where(_TABLE.c.id == send_id)
            .values(
                status="sent" if ok else "failed", sent_at=utcnow() if ok else None, error=error
            )
        )


def digest_sends(engine: Engine, profile_id: str | None = None) -> list[dict]:
    """Recorded sends, oldest first."""
    stmt = select(_TABLE).order_by(_TABLE.c.id)
    if profile_id:
        stmt = stmt.where(_TABLE.c.profile_id == profile_id)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]
