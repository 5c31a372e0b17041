"""The scheduler process: one at a time (a lock with a heartbeat), catching up on start,
rerunning crashed runs, then running each job when due. Also ``--list`` and ``--run-now``."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from domain import clock
from radar.config import Settings
from radar.jobs.common import open_database
from radar.jobs.schedule_plan import DueRun, JobBook, PlannedJob, plan
from radar.jobs.schedule_runs import Outcome, Say, execute, heartbeat_every, reruns_of_crashed
from radar.jobs.scheduled import JobContext
from storage import job_runs, scheduler_lock
from storage.scheduler_lock import Acquired, LockHolder

LOCK_NAME = "scheduler"
# The loop looks again at least this often (seconds), so a changed clock or a job added by a
# restart is noticed without waiting for the next slot.
POLL_SECONDS = 30.0


class SchedulerBusy(Exception):
    """Another live scheduler holds the lock."""

    def __init__(self, holder: LockHolder, timeout: int) -> None:
        super().__init__(
            f"another scheduler is running on this database: {holder.describe()}. "
            f"Stop it first (kill {holder.pid} on {holder.host}); if it is gone, its lock is "
            f"taken over {timeout} s after its last heartbeat (RADAR_SCHEDULER_LOCK_TIMEOUT)."
        )
        self.holder = holder


class UnknownJob(ValueError):
    """``--run-now`` named no job of the plan."""


Executor = Callable[[DueRun], Outcome]


@dataclass
class Scheduler:
    """The plan in its job store, on one engine, with how runs are executed."""

    settings: Settings
    engine: Engine
    book: JobBook
    say: Say
    executor: Executor | None = None
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    lost_lock: threading.Event = field(default_factory=threading.Event)

    def run(self, due: DueRun) -> Outcome:
        """Execute one run (inline by default; another executor may enqueue it instead)."""
        if self.executor is not None:
            outcome = self.executor(due)
            self.say(f"{outcome.status} {due.job_id} [{due.reason}]: {outcome.result}")
            return outcome
        return execute(self.engine, due, JobContext(self.settings), self.say)

    @property
    def timeout(self) -> timedelta:
        """How long a silent lock holder or job run is trusted."""
        return timedelta(seconds=self.settings.scheduler_lock_timeout)


@contextmanager
def open_scheduler(
    settings: Settings,
    say: Say = lambda _line: None,
    *,
    send_digests: bool = True,
    executor: Executor | None = None,
) -> Iterator[Scheduler]:
    """The scheduler on the configured database (migrated first); the plan is read from the
    sources file and settings."""
    jobs = plan(settings, send_digests=send_digests)
    with open_database(settings) as engine:
        yield Scheduler(settings, engine, JobBook(engine, jobs, settings.timezone), say, executor)


def take_lock(sched: Scheduler) -> Acquired:
    """Hold the scheduler lock, or raise SchedulerBusy naming the live holder."""
    got = scheduler_lock.acquire_lock(sched.engine, LOCK_NAME, sched.token, sched.timeout)
    if not got.ok:
        raise SchedulerBusy(got.held, sched.settings.scheduler_lock_timeout)
    if got.taken_from is not None:
        sched.say(f"took over the lock of a scheduler that stopped: {got.taken_from.describe()}")
    return got


def release(sched: Scheduler) -> None:
    """Give the lock up."""
    scheduler_lock.release_lock(sched.engine, LOCK_NAME, sched.token)


def tick(sched: Scheduler, now: datetime) -> list[Outcome]:
    """Run what is due at ``now``: crashed runs again once, and each due job once however
    many of its slots were missed (a rerun and a due slot of one job are one run)."""
    reruns = reruns_of_crashed(sched.engine, sched.book.jobs, sched.timeout, sched.say)
    due = {run.job_id: run for run in sched.book.take_due(now)}
    for rerun in reruns:
        if rerun.job_id in due:
            due[rerun.job_id].rerun_of = rerun.rerun_of
        else:
            due[rerun.job_id] = rerun
    outcomes = []
    for run in due.values():
        if sched.lost_lock.is_set():
            break
        outcomes.append(sched.run(run))
    return outcomes


def start(sched: Scheduler, now: datetime) -> list[str]:
    """Bring the job store in line with the plan (keeping missed slots due)."""
    changes = sched.book.sync(now)
    for change in changes:
        sched.say(change)
    return changes


def serve(sched: Scheduler, stop: threading.Event, poll: float = POLL_SECONDS) -> None:
    """Hold the lock and run jobs when due until ``stop`` is set or the lock is lost."""
    take_lock(sched)
    beat = threading.Thread(
        target=_beat_lock, args=(sched, stop), name="lock-heartbeat", daemon=True
    )
    beat.start()
    try:
        start(sched, clock.now())
        _say_next(sched)
        while not stop.is_set() and not sched.lost_lock.is_set():
            if tick(sched, clock.now()):
                _say_next(sched)
            stop.wait(_seconds_until(sched.book.next_due(), poll))
    finally:
        stop.set()
        beat.join(timeout=5)
        if not sched.lost_lock.is_set():
            release(sched)


def run_now(sched: Scheduler, name: str) -> Outcome:
    """Run one job at once in this process (recorded like a scheduled run)."""
    job = resolve(sched.book.jobs, name)
    return sched.run(DueRun(job.id, job.kind, job.params, [clock.now()], "now"))


def resolve(jobs: dict[str, PlannedJob], name: str) -> PlannedJob:
    """A job by id, by kind when one job has it, or the crawl job of a source by its name."""
    if name in jobs:
        return jobs[name]
    matches = [job for job in jobs.values() if job.kind == name or name in job.params]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(sorted(jobs))
    raise UnknownJob(
        f"{'several jobs match' if matches else 'no job'} {name!r}; the jobs are: {known}"
    )


@dataclass
class JobLine:
    """One line of ``radar schedule --list``."""

    id: str
    name: str
    next_run: datetime | None
    last_start: datetime | None
    last_status: str | None
    last_result: str | None


def list_jobs(sched: Scheduler) -> list[JobLine]:
    """The plan's jobs with their stored next run and latest run (the store is not changed:
    a job not stored yet shows when it would first run)."""
    stored = sched.book.next_run_times()
    last = job_runs.last_job_runs(sched.engine)
    lines = []
    for job in sched.book.jobs.values():
        next_run = stored.get(job.id) if job.id in stored else job.trigger.get_next_fire_time(
            None, clock.now()
        )  # fmt: skip
        run = last.get(job.id) or {}
        lines.append(
            JobLine(
                job.id,
                job.name,
                next_run,
                run.get("started_at"),
                run.get("status"),
                run.get("result"),
            )
        )
    return lines


def _beat_lock(sched: Scheduler, stop: threading.Event) -> None:
    every = heartbeat_every(sched.settings.scheduler_lock_timeout)
    while not stop.wait(every):
        if not scheduler_lock.heartbeat(sched.engine, LOCK_NAME, sched.token):
            holder = scheduler_lock.lock_holder(sched.engine, LOCK_NAME)
            who = holder.describe() if holder else "nobody"
            sched.say(f"lost the scheduler lock (now held by {who}); stopping")
            sched.lost_lock.set()
            stop.set()
            return


def _say_next(sched: Scheduler) -> None:
    upcoming = [(when, job_id) for job_id, when in sched.book.next_run_times().items() if when]
    if upcoming:
        when, job_id = min(upcoming)
        local = when.astimezone(ZoneInfo(sched.settings.timezone))
        sched.say(f"next: {job_id} at {local:%Y-%m-%d %H:%M} ({sched.settings.timezone})")


def _seconds_until(moment: datetime | None, poll: float) -> float:
    if moment is None:
        return poll
    return min(poll, max(0.5, (moment - clock.now()).total_seconds()))
