"""The digest send log: pending -> sending -> sent | failed | unknown, one row per period.

A row is claimed (pending) before anything is sent and marked sending just before the SMTP
transaction, so a crash leaves a "sending" row; the next run marks it unknown, reports it and
never sends it again (the person may have it already). Failed and never-attempted (pending)
rows are retried.
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from storage.clock import utcnow
from storage.models import DigestSend

_TABLE = DigestSend.__table__
DELIVERED = ("sent", "unknown")  # what the next digest counts as already told
STALE_SENDING = timedelta(hours=6)


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(worker: str | None) -> bool:
    """Whether the process that claimed a row may still be working on it."""
    if not worker:
        return False
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname():
        return True  # another machine's process: cannot tell, so assume it is alive
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError):
        return True
    return True


def claim_digest(
    engine: Engine,
    profile_id: str,
    digest_key: str,
    channel: str,
    opportunity_ids: list[str],
    *,
    sections: dict | None = None,
    message_id: str | None = None,
) -> int | None:
    """Record the intent to send; returns the send id, or None when already claimed/sent."""
    values = {
        "status": "pending", "opportunity_ids": opportunity_ids, "sections": sections,
        "worker": _worker(), "message_id": message_id, "error": None,
    }  # fmt: skip
    try:
        with engine.begin() as conn:
            result = conn.execute(
                _TABLE.insert().values(
                    profile_id=profile_id, digest_key=digest_key, channel=channel,
                    created_at=utcnow(), **values,
                )
            )  # fmt: skip
            return int(result.inserted_primary_key[0])
    except IntegrityError:
        pass
    with engine.begin() as conn:
        row = conn.execute(
            select(_TABLE.c.id, _TABLE.c.status, _TABLE.c.worker).where(
                _TABLE.c.profile_id == profile_id,
                _TABLE.c.digest_key == digest_key,
                _TABLE.c.channel == channel,
            )
        ).first()
        retry = row is not None and (
            row.status == "failed" or (row.status == "pending" and not _alive(row.worker))
        )
        if not retry:
            return None
        # Conditional on the status seen, so two runs cannot both take the row over.
        taken = conn.execute(
            update(_TABLE)
            .where(_TABLE.c.id == row.id, _TABLE.c.status == row.status)
            .values(**values)
        ).rowcount
        return int(row.id) if taken else None


def mark_sending(engine: Engine, send_id: int) -> None:
    """The SMTP transaction starts now: after a crash from here on, the fate is unknown."""
    with engine.begin() as conn:
        conn.execute(update(_TABLE).where(_TABLE.c.id == send_id).values(status="sending"))


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


def mark_orphans_unknown(engine: Engine) -> list[dict]:
    """Rows left "sending" by a process that died become "unknown"; returns them."""
    with engine.begin() as conn:
        rows = [
            dict(r)
            for r in conn.execute(select(_TABLE).where(_TABLE.c.status == "sending")).mappings()
        ]
        # Another machine's sender cannot be checked; one still "sending" after hours is gone.
        stale = utcnow() - STALE_SENDING
        orphans = [r for r in rows if not _alive(r["worker"]) or r["created_at"] < stale]
        for r in orphans:
            conn.execute(
                update(_TABLE)
                .where(_TABLE.c.id == r["id"], _TABLE.c.status == "sending")
                .values(status="unknown", error="the sending process died mid-send")
            )
            r["status"] = "unknown"
    return orphans


def delivered_sections(engine: Engine, profile_id: str) -> list[dict]:
    """What earlier digests told a person (sent, or possibly sent), oldest first."""
    stmt = (
        select(_TABLE.c.opportunity_ids, _TABLE.c.sections)
        .where(_TABLE.c.profile_id == profile_id, _TABLE.c.status.in_(DELIVERED))
        .order_by(_TABLE.c.id)
    )
    with engine.connect() as conn:
        return [
            r.sections or {"new": list(r.opportunity_ids or [])} for r in conn.execute(stmt)
        ]


def digest_sends(engine: Engine, profile_id: str | None = None) -> list[dict]:
    """Recorded sends, oldest first."""
    stmt = select(_TABLE).order_by(_TABLE.c.id)
    if profile_id:
        stmt = stmt.where(_TABLE.c.profile_id == profile_id)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]
