"""Runs of scheduled jobs: opened before a job starts, closed when it ends, so a crash shows."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from storage.clock import utcnow
from storage.models import JobRun
from storage.processes import process_alive

_TABLE = JobRun.__table__
INTERRUPTED = "interrupted: its process stopped before the job ended (killed or crashed)"


def start_job_run(
    engine: Engine,
    job_id: str,
    reason: str,
    scheduled_for: datetime | None = None,
    rerun_of: int | None = None,
    stale_after: timedelta = timedelta(minutes=5),
    run_key: str | None = None,
) -> tuple[int | None, dict[str, Any] | None]:
    """Open a run of ``job_id`` owned by this process: (run id, None); or (None, that run)
    when a live process is already running this job (it is never run twice at once), or when
    the run with this ``run_key`` already ended ok (a redelivered task is not run again).

    A keyed run that failed or whose process is gone is taken over: same row, attempts + 1.
    """
    try:
        return _claim(engine, job_id, reason, scheduled_for, rerun_of, stale_after, run_key)
    except IntegrityError:  # another worker inserted this key at the same moment
        with engine.connect() as conn:
            row = conn.execute(select(_TABLE).where(_TABLE.c.run_key == run_key)).mappings().one()
        return None, dict(row)


def _claim(engine, job_id, reason, scheduled_for, rerun_of, stale_after, run_key):  # type: ignore[no-untyped-def]
    now = utcnow()
    with engine.begin() as conn:
        for row in conn.execute(
            select(_TABLE).where(_TABLE.c.job_id == job_id, _TABLE.c.status == "running")
        ).mappings():
            # A live run of the job blocks this one, unless it is this very keyed run (then
            # the key decides below).
            if not _gone(row, now, stale_after) and (run_key is None or row["run_key"] != run_key):
                return None, dict(row)
        keyed = None
        if run_key is not None:
            keyed = (
                conn.execute(select(_TABLE).where(_TABLE.c.run_key == run_key)).mappings().first()
            )
        owner = {"pid": os.getpid(), "host": socket.gethostname(), "started_at": now,
                 "heartbeat_at": now, "status": "running", "finished_at": None}  # fmt: skip
        if keyed is not None:
            if keyed["status"] == "ok" or (
                keyed["status"] == "running" and not _gone(keyed, now, stale_after)
            ):
                return None, dict(keyed)
            taken = conn.execute(
                update(_TABLE)
                .where(
                    _TABLE.c.id == keyed["id"],
                    _TABLE.c.status == keyed["status"],
                    _TABLE.c.heartbeat_at == keyed["heartbeat_at"],
                )
                .values(attempts=keyed["attempts"] + 1, result=None, **owner)
            ).rowcount
            return (int(keyed["id"]), None) if taken else (None, dict(keyed))
        result = conn.execute(
            _TABLE.insert().values(
                job_id=job_id,
                reason=reason,
                scheduled_for=scheduled_for,
                rerun_of=rerun_of,
                run_key=run_key,
                attempts=1,
                **owner,
            )
        )
        return int(result.inserted_primary_key[0]), None


def job_heartbeat(engine: Engine, run_id: int) -> None:
    """Say a running job is still alive (a run on another host is judged by this)."""
    with engine.begin() as conn:
        conn.execute(update(_TABLE).where(_TABLE.c.id == run_id).values(heartbeat_at=utcnow()))


def finish_job_run(engine: Engine, run_id: int, status: str, result: str) -> None:
    """Close a run as ok or failed, with a one-line result."""
    with engine.begin() as conn:
        conn.execute(
            update(_TABLE)
            .where(_TABLE.c.id == run_id)
            .values(status=status, result=result[:2000], finished_at=utcnow())
        )


def close_interrupted_job_runs(engine: Engine, stale_after: timedelta) -> list[dict[str, Any]]:
    """Mark runs left "running" by a process that is gone as interrupted; returns them.

    Gone: on this host, its pid no longer exists; anywhere, no heartbeat for ``stale_after``.
    """
    now = utcnow()
    closed = []
    with engine.begin() as conn:
        running = conn.execute(
            select(_TABLE).where(_TABLE.c.status == "running").order_by(_TABLE.c.id)
        ).mappings()
        for row in list(running):
            if not _gone(row, now, stale_after):
                continue
            conn.execute(
                update(_TABLE)
                .where(_TABLE.c.id == row["id"], _TABLE.c.status == "running")
                .values(status="interrupted", finished_at=now, result=INTERRUPTED)
            )
            closed.append({**row, "status": "interrupted", "result": INTERRUPTED})
    return closed


def job_runs(engine: Engine, job_id: str | None = None) -> list[dict[str, Any]]:
    """Runs, oldest first (of one job when given)."""
    stmt = select(_TABLE).order_by(_TABLE.c.id)
    if job_id is not None:
        stmt = stmt.where(_TABLE.c.job_id == job_id)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def last_job_runs(engine: Engine) -> dict[str, dict[str, Any]]:
    """Each job's latest run, by job id."""
    latest = select(func.max(_TABLE.c.id)).group_by(_TABLE.c.job_id).scalar_subquery()
    with engine.connect() as conn:
        rows = conn.execute(select(_TABLE).where(_TABLE.c.id.in_(latest))).mappings()
        return {r["job_id"]: dict(r) for r in rows}


def _gone(row, now: datetime, stale_after: timedelta) -> bool:  # type: ignore[no-untyped-def]
    if now - row["heartbeat_at"] > stale_after:
        return True
    return row["host"] == socket.gethostname() and not process_alive(row["pid"])


def runs_by_key(engine: Engine, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The keyed runs among ``keys``, by key (a key never started is absent)."""
    with engine.connect() as conn:
        rows = conn.execute(select(_TABLE).where(_TABLE.c.run_key.in_(keys))).mappings()
        return {r["run_key"]: dict(r) for r in rows}


def give_up(engine: Engine, run_key: str) -> None:
    """A keyed run that failed its last retry: "gave-up", so the steps after it go on."""
    with engine.begin() as conn:
        conn.execute(
            update(_TABLE)
            .where(_TABLE.c.run_key == run_key, _TABLE.c.status == "failed")
            .values(status="gave-up")
        )
