"""Running scheduled jobs with a record each: opened first, beaten while running, closed after.

A record left "running" by a process that is gone is how a crash is seen: APScheduler never
reruns a job itself, so the scheduler reruns it once (radar.jobs.schedule).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, timedelta

from sqlalchemy import Engine

from radar.jobs.schedule_plan import DueRun, PlannedJob
from radar.jobs.scheduled import JobContext, run_job
from storage import job_runs

Say = Callable[[str], None]


@dataclass
class Outcome:
    """How one run ended: ok | failed | skipped (the job was already running elsewhere) |
    done (this keyed run had ended ok before) | queued (handed to a worker)."""

    job_id: str
    status: str
    result: str
    run_id: int | None = None


def heartbeat_every(settings_timeout: int) -> float:
    """Seconds between heartbeats: a quarter of the takeover timeout."""
    return max(1.0, settings_timeout / 4)


def execute(
    engine: Engine, run: DueRun, ctx: JobContext, say: Say, run_key: str | None = None
) -> Outcome:
    """Run one job here and now, recorded; a job already running elsewhere is skipped
    ("skipped"), and so is a keyed run that already ended ok ("done")."""
    timeout = timedelta(seconds=ctx.settings.scheduler_lock_timeout)
    scheduled = run.slots[-1].astimezone(UTC).replace(tzinfo=None) if run.slots else None
    run_id, busy = job_runs.start_job_run(
        engine, run.job_id, run.reason, scheduled, run.rerun_of, stale_after=timeout,
        run_key=run_key,
    )  # fmt: skip
    if run_id is None:
        assert busy is not None
        if busy["status"] == "ok":
            say(f"done already {run.job_id}: run {busy['id']} ended ok")
            return Outcome(run.job_id, "done", busy["result"] or "", busy["id"])
        text = f"already running (pid {busy['pid']} on {busy['host']}, run {busy['id']})"
        say(f"skip {run.job_id}: {text}")
        return Outcome(run.job_id, "skipped", text)
    missed = f" ({len(run.slots)} missed slots, run once)" if len(run.slots) > 1 else ""
    say(f"run {run.job_id} [{run.reason}]{missed}")
    with beating(engine, run_id, heartbeat_every(ctx.settings.scheduler_lock_timeout)):
        try:
            result, status = run_job(run.kind, run.params, ctx=ctx, slots=run.slots), "ok"
        except Exception as exc:  # recorded and reported; the scheduler goes on
            result, status = f"{type(exc).__name__}: {exc}", "failed"
    job_runs.finish_job_run(engine, run_id, status, result + missed)
    say(f"{status} {run.job_id}: {result}")
    return Outcome(run.job_id, status, result + missed, run_id)


def reruns_of_crashed(
    engine: Engine, jobs: dict[str, PlannedJob], stale_after: timedelta, say: Say
) -> list[DueRun]:
    """Close runs whose process died and return one rerun per job (not of a rerun that died
    too: that one waits for its next slot, so a job that always crashes is not looped)."""
    reruns: dict[str, DueRun] = {}
    for row in job_runs.close_interrupted_job_runs(engine, stale_after):
        job = jobs.get(row["job_id"])
        where = f"pid {row['pid']} on {row['host']}"
        if job is None:
            say(f"found interrupted run {row['id']} of {row['job_id']} ({where}); no such job now")
        elif row["rerun_of"] is not None:
            say(f"found interrupted rerun {row['id']} of {job.id} ({where}); not rerun again")
        else:
            say(f"found interrupted run {row['id']} of {job.id} ({where}); rerunning it")
            slots = [row["scheduled_for"].replace(tzinfo=UTC)] if row["scheduled_for"] else []
            reruns.setdefault(
                job.id, DueRun(job.id, job.kind, job.params, slots, "rerun", rerun_of=row["id"])
            )
    return list(reruns.values())


@contextmanager
def beating(engine: Engine, run_id: int, every: float) -> Iterator[None]:
    """Beat the run's heartbeat from a thread while the block runs."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            job_runs.job_heartbeat(engine, run_id)

    thread = threading.Thread(target=beat, name=f"job-run-{run_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
