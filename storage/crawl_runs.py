"""Sources and their crawl runs: registration, run records, and the health read from them."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select, update

from domain import CrawlStats
from storage.bulk import bulk_upsert
from storage.clock import utcnow
from storage.models import CrawlRun, Source
from storage.processes import process_alive

_RUNS = CrawlRun.__table__
_SOURCES = Source.__table__
# A source storing less than this share of its usual count is failing (e.g. half a listing).
FAR_FEWER_RATIO = 0.5
# A "running" run opened on another host and older than this is taken as interrupted.
STALE_RUN_AFTER = timedelta(days=1)
INTERRUPTED = (
    "interrupted: the crawler stopped before recording the end of this run "
    "(killed or crashed); what it had stored is kept"
)
_STATUSES = ("ok", "partial", "failed")
_COUNTS = ("new", "updated", "unchanged", "dropped")


def ensure_source(engine: Engine, name: str, spider: str, url: str, options: dict) -> None:
    """Register a source or refresh its spider/url/options, keeping its health."""
    row = {"name": name, "spider": spider, "url": url, "options": options}
    with engine.begin() as conn:
        exists = conn.execute(select(_SOURCES.c.name).where(_SOURCES.c.name == name)).first()
        if exists:
            conn.execute(update(_SOURCES).where(_SOURCES.c.name == name).values(**row))
        else:
            bulk_upsert(
                conn, _SOURCES, [{**row, "health": "new", "consecutive_failures": 0}], keys=["name"]
            )


def start_crawl_run(
    engine: Engine, source: str, pid: int | None = None, host: str | None = None
) -> int:
    """Open a crawl run row owned by a process (this one by default); returns its id."""
    with engine.begin() as conn:
        result = conn.execute(
            _RUNS.insert().values(
                source=source,
                started_at=utcnow(),
                status="running",
                pid=os.getpid() if pid is None else pid,
                host=socket.gethostname() if host is None else host,
            )
        )
        return int(result.inserted_primary_key[0])


def close_interrupted_runs(engine: Engine, source: str) -> list[int]:
    """Close the source's runs left "running" by a process that is gone (killed, crashed).

    A run on this host is interrupted when its process no longer exists; a run opened on
    another host when it is older than a day. Their items already committed stay; the rows
    become ``failed`` with the reason. The source's health is left alone: the crash says
    nothing about the site. Returns the ids closed.
    """
    now = utcnow()
    here = socket.gethostname()
    with engine.begin() as conn:
        running = conn.execute(
            select(_RUNS.c.id, _RUNS.c.pid, _RUNS.c.host, _RUNS.c.started_at, _RUNS.c.errors)
            .where(_RUNS.c.source == source, _RUNS.c.status == "running")
            .order_by(_RUNS.c.id)
        ).all()
        closed = []
        for run_id, pid, host, started_at, errors in running:
            if host == here and pid is not None:
                gone = not process_alive(pid)
            else:
                gone = started_at < now - STALE_RUN_AFTER
            if not gone:
                continue
            conn.execute(
                update(_RUNS)
                .where(_RUNS.c.id == run_id, _RUNS.c.status == "running")
                .values(
                    status="failed",
                    finished_at=now,
                    errors=[*(errors or []), INTERRUPTED][:50],
                )
            )
            closed.append(run_id)
    return closed


def finish_crawl_run(
    engine: Engine,
    run_id: int,
    stats: CrawlStats,
    status: str,
    extra: dict | None = None,
    *,
    min_items: int | None = None,
    pause_after: int | None = None,
) -> None:
    """Close a crawl run with its counts and errors, and update the source's health.

    A run that failed, stored nothing, or stored fewer items than ``min_items`` or far fewer
    than the source's usual count is a failure of the source; after ``pause_after``
    consecutive failures (None or 0: never) the source is paused.
    """
    with engine.begin() as conn:
        conn.execute(
            update(_RUNS)
            .where(_RUNS.c.id == run_id)
            .values(
                finished_at=utcnow(),
                status=status,
                scraped=stats.scraped,
                new=stats.new,
                updated=stats.updated,
                unchanged=stats.unchanged,
                dropped=stats.dropped,
                errors=list(stats.errors)[:50],
                drop_reasons=dict(stats.drop_reasons),
                stats=extra or {},
            )
        )
        _update_health(
            conn,
            stats.source,
            status,
            stats.new + stats.updated + stats.unchanged,
            min_items=min_items,
            pause_after=pause_after,
        )


def too_few_items(items: int, usual: int | None, min_items: int | None = None) -> str | None:
    """Why ``items`` stored items are too few for a source (None when they are enough).

    Too few: none, fewer than the sources file's ``expected_min_items``, or fewer than
    FAR_FEWER_RATIO of the source's usual count (a layout change often halves a listing).
    """
    if items == 0:
        return "no items stored"
    if min_items and items < min_items:
        return f"only {items} items stored, expected at least {min_items}"
    if usual and items < usual * FAR_FEWER_RATIO:
        return f"only {items} items stored, usually about {usual}; has the site changed?"
    return None


def _update_health(  # type: ignore[no-untyped-def]
    conn, source: str, status: str, items: int, *, min_items: int | None, pause_after: int | None
) -> None:
    row = conn.execute(select(_SOURCES).where(_SOURCES.c.name == source)).mappings().first()
    if row is None:
        return
    failed = status == "failed" or too_few_items(items, row["usual_items"], min_items) is not None
    if not failed:
        usual = row["usual_items"]
        # A running mean that follows real growth but is not thrown by one odd run.
        usual = items if usual is None else round(0.7 * usual + 0.3 * items)
        values: dict[str, Any] = {
            "health": "ok",
            "consecutive_failures": 0,
            "last_success": utcnow(),
            "usual_items": usual,
            "paused_at": None,
        }
    else:
        failures = row["consecutive_failures"] + 1
        paused = row["health"] == "paused" or bool(pause_after and failures >= pause_after)
        values = {
            "health": "paused" if paused else "failing",
            "consecutive_failures": failures,
            "paused_at": (row["paused_at"] or utcnow()) if paused else None,
        }
    conn.execute(update(_SOURCES).where(_SOURCES.c.name == source).values(**values))


def latest_runs(engine: Engine, limit_per_source: int = 1) -> list[dict[str, Any]]:
    """The latest crawl run of each source (newest first)."""
    latest = (
        select(_RUNS.c.source, func.max(_RUNS.c.id).label("id")).group_by(_RUNS.c.source).subquery()
    )
    stmt = select(_RUNS).join(latest, _RUNS.c.id == latest.c.id).order_by(_RUNS.c.source)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def crawl_run(engine: Engine, run_id: int) -> dict[str, Any] | None:
    """One crawl run by id."""
    with engine.connect() as conn:
        row = conn.execute(select(_RUNS).where(_RUNS.c.id == run_id)).mappings().first()
        return dict(row) if row else None


def list_sources(engine: Engine) -> list[dict[str, Any]]:
    """All registered sources with their health."""
    with engine.connect() as conn:
        return [
            dict(r) for r in conn.execute(select(_SOURCES).order_by(_SOURCES.c.name)).mappings()
        ]


def source_state(engine: Engine, name: str) -> dict[str, Any] | None:
    """One source's row (health, consecutive_failures, usual_items, paused_at...), or None."""
    with engine.connect() as conn:
        row = conn.execute(select(_SOURCES).where(_SOURCES.c.name == name)).mappings().first()
        return dict(row) if row else None


def set_source_health(engine: Engine, name: str, health: str) -> bool:
    """Set a source's health (e.g. resume a paused one); False when the source is unknown.

    "ok" also forgets its consecutive failures; "paused" pauses it now.
    """
    with engine.begin() as conn:
        values: dict[str, Any] = {"health": health}
        if health == "ok":
            values["consecutive_failures"] = 0
        values["paused_at"] = utcnow() if health == "paused" else None
        result = conn.execute(update(_SOURCES).where(_SOURCES.c.name == name).values(**values))
        return bool(result.rowcount)


def crawl_runs_between(
    engine: Engine,
    since: datetime,
    until: datetime | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Crawl runs started in [since, until) (optionally of one source), oldest first."""
    stmt = select(_RUNS).where(_RUNS.c.started_at >= since).order_by(_RUNS.c.id)
    if until is not None:
        stmt = stmt.where(_RUNS.c.started_at < until)
    if source is not None:
        stmt = stmt.where(_RUNS.c.source == source)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def health_summary(
    engine: Engine, since: datetime, until: datetime | None = None
) -> list[dict[str, Any]]:
    """Per source, its runs in [since, until) summed up, with its current health.

    One dict per registered source (also those without runs in the period): name, health,
    consecutive_failures, last_success, paused_at, usual_items, runs, ok, partial, failed,
    new, updated, unchanged, dropped, last_status, last_errors — what a weekly summary to
    staff needs.
    """
    runs = crawl_runs_between(engine, since, until)
    summary = []
    for source in list_sources(engine):
        mine = [r for r in runs if r["source"] == source["name"]]
        finished = [r for r in mine if r["status"] != "running"]
        last = finished[-1] if finished else None
        summary.append(
            {
                "name": source["name"],
                "health": source["health"],
                "consecutive_failures": source["consecutive_failures"],
                "last_success": source["last_success"],
                "paused_at": source["paused_at"],
                "usual_items": source["usual_items"],
                "runs": len(mine),
                **{status: sum(r["status"] == status for r in mine) for status in _STATUSES},
                **{count: sum(r[count] or 0 for r in mine) for count in _COUNTS},
                "last_status": last["status"] if last else None,
                "last_errors": list(last["errors"] or []) if last else [],
            }
        )
    return summary
