"""A scheduled job as stages of finer steps for Celery workers, advanced through the database.

A crawl job becomes: one step per source, then one rematch step per profile shard, then
publish. A digest job becomes one step per batch of people. Every step is a keyed job run
(``<job>/<step>@<slot>``), so a step delivered twice runs once. Whoever ends the last step of a
stage (ok, done already, or given up) enqueues the next stage; a latch row per stage
(``<job>@<slot>/stage-N``) makes that happen once however many steps end together, and a
worker that dies between the latch and the enqueue leaves its latch to be taken over. The
broker needs no result backend and no step waits for another (a chord would need both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, timedelta

from sqlalchemy import Engine

from radar.config import Settings
from radar.jobs.schedule_plan import DueRun
from radar.jobs.schedule_runs import Say, beating, heartbeat_every
from storage import job_runs

Stage = list[tuple[str, tuple[str, ...]]]  # (kind, params) of each step
ENDED = ("ok", "gave-up")


def run_key(run: DueRun) -> str:
    """The idempotency key of a run: its job and the slot it stands for."""
    slot = run.slots[-1].isoformat() if run.slots else "unscheduled"
    return f"{run.job_id}@{slot}"


def stages_of(run: DueRun, settings: Settings) -> list[Stage] | None:
    """The stages of a job that fans out (crawl, digests); None for one that runs whole."""
    if run.kind == "crawl":
        shards = settings.rematch_shards
        return [
            [("crawl-source", (name,)) for name in run.params],
            [("rematch-shard", (str(i), str(shards))) for i in range(shards)],
            [("publish", ())],
        ]
    if run.kind == "digests":
        batches = settings.digest_batches
        return [[("digest-batch", (str(i), str(batches))) for i in range(batches)]]
    return None


def step_run(parent: DueRun, kind: str, params: tuple[str, ...]) -> DueRun:
    """One step as a run of its own: the parent's job id, the step and its parameters; the
    parent's slots (so its key names the day)."""
    job_id = f"{parent.job_id}/{kind}" + "".join(f":{p}" for p in params)
    return replace(parent, job_id=job_id, kind=kind, params=tuple(params), rerun_of=None)


def stage_keys(parent: DueRun, stage: Stage) -> list[str]:
    """The run keys of a stage's steps."""
    return [run_key(step_run(parent, kind, params)) for kind, params in stage]


def advance(
    engine: Engine,
    parent: DueRun,
    stages: list[Stage],
    index: int,
    enqueue_stage: Callable[[int], None],
    say: Say,
    stale_after: timedelta,
) -> tuple[str, bool]:
    """After a step of stage ``index`` ended: when the whole stage has ended, enqueue the next
    stage (or record the job's run when it was the last). Returns what it did, and False when
    another live worker holds the latch (the caller looks again later: that worker may die
    before it enqueues)."""
    keys = stage_keys(parent, stages[index])
    runs = job_runs.runs_by_key(engine, keys)
    waiting = [key for key in keys if runs.get(key, {}).get("status") not in ENDED]
    if waiting:
        return f"stage {index + 1} of {len(stages)}: {len(waiting)} steps still to end", True
    last = index + 1 == len(stages)
    suffix = "" if last else f"/stage-{index + 2}"
    slot = parent.slots[-1].astimezone(UTC).replace(tzinfo=None) if parent.slots else None
    run_id, held = job_runs.start_job_run(
        engine, parent.job_id + suffix, parent.reason, slot, stale_after=stale_after,
        run_key=run_key(parent) + suffix,
    )  # fmt: skip
    if run_id is None:
        assert held is not None
        return f"{parent.job_id}{suffix or ' record'} {held['status']} already", (
            held["status"] == "ok"
        )
    if last:
        status, result = _outcome(engine, parent, stages)
        job_runs.finish_job_run(engine, run_id, status, result)
        say(f"{status} {parent.job_id}: {result}")
        return result, True
    # Enqueue first, then close the latch: a crash in between enqueues again (the steps are
    # keyed, so nothing doubles) rather than never.
    with beating(engine, run_id, heartbeat_every(int(stale_after.total_seconds()))):
        enqueue_stage(index + 1)
    job_runs.finish_job_run(engine, run_id, "ok", f"enqueued {len(stages[index + 1])} steps")
    say(f"{parent.job_id}: stage {index + 2} of {len(stages)} enqueued")
    return f"stage {index + 2} enqueued", True


def _outcome(engine: Engine, parent: DueRun, stages: list[Stage]) -> tuple[str, str]:
    """The job's status and one-line result from its steps' runs."""
    keys = [key for stage in stages for key in stage_keys(parent, stage)]
    found = job_runs.runs_by_key(engine, keys)
    runs = [found[key] for key in keys if key in found]
    failed = [r["job_id"].rpartition("/")[2] for r in runs if r["status"] != "ok"]
    text = f"{len(runs)} steps on workers ({len(runs) - len(failed)} ok"
    text += f"; gave up: {', '.join(failed)})" if failed else ")"
    return ("failed" if failed else "ok"), text + "; " + "; ".join(r["result"] or "" for r in runs)
