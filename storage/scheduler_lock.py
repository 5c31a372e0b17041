"""The scheduler lock: one row per lock name, held by one process, kept alive by heartbeats."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError

from storage.clock import utcnow
from storage.models import SchedulerLock
from storage.processes import process_alive

_TABLE = SchedulerLock.__table__


@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock, since when, and when it last said it was alive."""

    host: str
    pid: int
    token: str
    started_at: datetime
    heartbeat_at: datetime

    def describe(self) -> str:
        """'pid 123 on host x (since ..., last heartbeat ...)' for messages."""
        return (
            f"pid {self.pid} on host {self.host} (since {self.started_at:%Y-%m-%d %H:%M:%S} UTC, "
            f"last heartbeat {self.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC)"
        )


@dataclass(frozen=True)
class Acquired:
    """The outcome of a try: ``held`` is the holder now; ``taken_from`` a dead one replaced."""

    ok: bool
    held: LockHolder
    taken_from: LockHolder | None = None


def lock_holder(engine: Engine, name: str) -> LockHolder | None:
    """The current holder of a lock, or None when nobody holds it."""
    with engine.connect() as conn:
        row = conn.execute(select(_TABLE).where(_TABLE.c.name == name)).mappings().first()
    return _holder(row) if row else None


def acquire_lock(engine: Engine, name: str, token: str, timeout: timedelta) -> Acquired:
    """Take the lock unless a live process holds it.

    A holder is dead when its heartbeat is older than ``timeout``, or at once when it ran on
    this host and its pid is gone.
    """
    me = {"host": socket.gethostname(), "pid": os.getpid(), "token": token}
    now = utcnow()
    try:
        with engine.begin() as conn:
            conn.execute(_TABLE.insert().values(name=name, started_at=now, heartbeat_at=now, **me))
        return Acquired(True, LockHolder(started_at=now, heartbeat_at=now, **me))
    except IntegrityError:
        pass
    current = lock_holder(engine, name)
    if current is None:  # released in between: try once more
        return acquire_lock(engine, name, token, timeout)
    if current.token == token:
        return Acquired(True, current)
    if not _is_dead(current, now, timeout):
        return Acquired(False, current)
    with engine.begin() as conn:
        # Only if nobody else took it over meanwhile (the old token is still there).
        taken = conn.execute(
            update(_TABLE)
            .where(_TABLE.c.name == name, _TABLE.c.token == current.token)
            .values(started_at=now, heartbeat_at=now, **me)
        ).rowcount
    if not taken:
        return acquire_lock(engine, name, token, timeout)
    return Acquired(True, LockHolder(started_at=now, heartbeat_at=now, **me), taken_from=current)


def heartbeat(engine: Engine, name: str, token: str) -> bool:
    """Say the holder is alive; False when the lock is no longer ours (taken over)."""
    with engine.begin() as conn:
        result = conn.execute(
            update(_TABLE)
            .where(_TABLE.c.name == name, _TABLE.c.token == token)
            .values(heartbeat_at=utcnow())
        )
        return bool(result.rowcount)


def release_lock(engine: Engine, name: str, token: str) -> None:
    """Give the lock up (only if it is still ours)."""
    with engine.begin() as conn:
        conn.execute(delete(_TABLE).where(_TABLE.c.name == name, _TABLE.c.token == token))


def _is_dead(holder: LockHolder, now: datetime, timeout: timedelta) -> bool:
    if now - holder.heartbeat_at > timeout:
        return True
    return holder.host == socket.gethostname() and not process_alive(holder.pid)


def _holder(row) -> LockHolder:  # type: ignore[no-untyped-def]
    return LockHolder(
        host=row["host"],
        pid=row["pid"],
        token=row["token"],
        started_at=row["started_at"],
        heartbeat_at=row["heartbeat_at"],
    )
