"""Scale-out: job runs as Celery 5 tasks on Redis or RabbitMQ (the optional ``[scale]`` extra).

The broker cannot promise exactly-once delivery (Redis redelivers an unacknowledged task after
its visibility timeout, RabbitMQ when the worker's connection drops), so a task is made safe to
run twice: it claims its job run by key (job id @ slot) in the database; a key that ended ok
is not run again, one running in a live worker is retried later, one whose worker died is
taken over. Tasks are acknowledged late (after they end) and retried with backoff on failure.

Crawl and digest jobs fan out into finer steps (radar.jobs.pipelines): one task per source,
per profile shard, publish, per digest batch; each keyed the same way.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from typing import Any

from radar.config import Settings, load_settings
from radar.jobs.common import open_database
from radar.jobs.pipelines import Stage, advance, run_key, stages_of, step_run
from radar.jobs.schedule_plan import DueRun
from radar.jobs.schedule_runs import Outcome, execute, heartbeat_every
from radar.jobs.scheduled import JobContext
from storage import job_runs

TASK = "radar.run_job"
STEP_TASK = "radar.run_step"
MAX_RETRIES = 5
RETRY_BASE_SECONDS = 30  # 30 s, 60 s, 120 s ... up to RETRY_MAX_SECONDS
RETRY_MAX_SECONDS = 1800
log = logging.getLogger("radar.worker")


class ScaleUnavailable(RuntimeError):
    """Celery is not installed (the ``[scale]`` extra)."""


def celery_app(settings: Settings):  # type: ignore[no-untyped-def]
    """The Celery app on the configured broker, with the one task registered."""
    try:
        from celery import Celery
    except ImportError as exc:
        raise ScaleUnavailable(
            "Celery is not installed: pip install -e '.[scale]' (docs/scale.md)"
        ) from exc
    app = Celery("radar", broker=settings.broker_url)
    app.conf.update(
        task_default_queue=settings.celery_queue,
        task_acks_late=True,  # acknowledged after the run ends: a killed worker loses nothing
        task_reject_on_worker_lost=True,  # a worker process killed mid-task requeues it
        worker_prefetch_multiplier=1,  # a worker holds only the task it runs
        task_ignore_result=True,  # results live in job_runs, not in a result backend
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": settings.celery_visibility_timeout},
        worker_hijack_root_logger=False,
    )
    app.task(bind=True, name=TASK, max_retries=MAX_RETRIES)(_run_job_task)
    app.task(bind=True, name=STEP_TASK, max_retries=MAX_RETRIES)(_run_step_task)
    return app


def enqueue(app, run: DueRun, settings: Settings | None = None) -> Outcome:  # type: ignore[no-untyped-def]
    """Hand a run to the workers (the scheduler with ``--executor celery`` only does this):
    a crawl or digest job as the first stage of its steps, any other job whole."""
    stages = stages_of(run, settings or load_settings())
    if stages is None:
        app.send_task(TASK, args=[_message(run)], queue=app.conf.task_default_queue)
        return Outcome(run.job_id, "queued", f"queued as {run_key(run)}")
    send_stage(app, run, stages, 0)
    return Outcome(
        run.job_id, "queued",
        f"queued as {run_key(run)}: stage 1 of {len(stages)}, {len(stages[0])} steps",
    )  # fmt: skip


def send_stage(app, parent: DueRun, stages: list[Stage], index: int) -> None:  # type: ignore[no-untyped-def]
    """Enqueue every step of one stage."""
    plan = [[[kind, list(params)] for kind, params in stage] for stage in stages]
    for step in range(len(stages[index])):
        message = {"run": _message(parent), "stages": plan, "stage": index, "step": step}
        app.send_task(STEP_TASK, args=[message], queue=app.conf.task_default_queue)


def run_worker(settings: Settings, concurrency: int = 1, name: str | None = None) -> None:
    """Run a Celery worker in this process until stopped (SIGTERM: warm shutdown)."""
    app = celery_app(settings)
    # The pid keeps two workers on one machine apart (one node name each, or Celery's
    # control queue refuses the second).
    node = name or f"radar-{os.getpid()}"
    app.worker_main(
        ["worker", "--loglevel=INFO", f"--hostname={node}@%h", f"--queues={settings.celery_queue}",
         f"--concurrency={concurrency}", "--pool=solo" if concurrency == 1 else "--pool=prefork",
         "--without-gossip", "--without-mingle"]
    )  # fmt: skip


def _run_job_task(task, message: dict[str, Any]) -> str:  # type: ignore[no-untyped-def]
    settings = load_settings()
    run = _due(message)
    with open_database(settings, migrate=False) as engine:
        outcome = execute(engine, run, JobContext(settings), log.info, run_key=run_key(run))
    if outcome.status == "skipped":  # running in a live worker: look again until it ends
        countdown = 2 * heartbeat_every(settings.scheduler_lock_timeout)
        raise task.retry(countdown=countdown, max_retries=None)
    if outcome.status == "failed":
        backoff = min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**task.request.retries)
        raise task.retry(countdown=backoff)
    return outcome.status


def _run_step_task(task, message: dict[str, Any]) -> str:  # type: ignore[no-untyped-def]
    settings = load_settings()
    parent = _due(message["run"])
    stages: list[Stage] = [
        [(kind, tuple(params)) for kind, params in stage] for stage in message["stages"]
    ]
    index = message["stage"]
    step = step_run(parent, *stages[index][message["step"]])
    stale = timedelta(seconds=settings.scheduler_lock_timeout)
    wait = 2 * heartbeat_every(settings.scheduler_lock_timeout)
    with open_database(settings, migrate=False) as engine:
        outcome = execute(engine, step, JobContext(settings), log.info, run_key=run_key(step))
        if outcome.status == "skipped":  # running in a live worker: look again until it ends
            raise task.retry(countdown=wait, max_retries=None)
        if outcome.status == "failed":
            if task.request.retries < MAX_RETRIES:
                backoff = min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**task.request.retries)
                raise task.retry(countdown=backoff)
            job_runs.give_up(engine, run_key(step))  # the steps after it go on without it
        text, settled = advance(
            engine, parent, stages, index,
            lambda nxt: send_stage(task.app, parent, stages, nxt), log.info, stale,
        )  # fmt: skip
    if not settled:  # another worker holds the stage latch: make sure it enqueued
        raise task.retry(countdown=wait, max_retries=None)
    return f"{outcome.status}; {text}"


def _message(run: DueRun) -> dict[str, Any]:
    return {
        "job_id": run.job_id,
        "kind": run.kind,
        "params": list(run.params),
        "slots": [slot.isoformat() for slot in run.slots],
        "reason": run.reason,
        "rerun_of": run.rerun_of,
    }


def _due(message: dict[str, Any]) -> DueRun:
    return DueRun(
        message["job_id"],
        message["kind"],
        tuple(message["params"]),
        [datetime.fromisoformat(slot) for slot in message["slots"]],
        message["reason"],
        message["rerun_of"],
    )
