"""The schedule: which jobs exist (from the sources file and settings) and when each is due.

APScheduler 3 provides the parts: cron triggers compute fire times, and its SQLAlchemy job
store keeps each job's trigger and next run time in the project's database, so a restart knows
what it missed. The loop around them is ours (radar.jobs.schedule): it asks for due jobs at
``clock.now()``, which tests pin, instead of APScheduler's own wall-clock thread.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Engine

from crawlers.sources import load_sources
from domain.vocabulary import SCHEDULE_WORDS
from radar.config import Settings

DEFAULT_SCHEDULE = "daily"
JOB_FUNC = "radar.jobs.scheduled:run_job"
# A run started more than this after its slot is reported as a catch-up.
LATE = timedelta(minutes=5)


def cron_for(schedule: str | None) -> str:
    """The cron expression of a source's schedule word or expression."""
    return SCHEDULE_WORDS.get(schedule or DEFAULT_SCHEDULE, schedule or SCHEDULE_WORDS["daily"])


@dataclass(frozen=True)
class PlannedJob:
    """One job of the plan: its id, what it does (kind and parameters) and its trigger."""

    id: str
    name: str
    kind: str
    params: tuple[str, ...]
    trigger: CronTrigger


@dataclass
class DueRun:
    """A run to start now: the slots it stands for (several when caught up) and why."""

    job_id: str
    kind: str
    params: tuple[str, ...]
    slots: list[datetime] = field(default_factory=list)
    reason: str = "schedule"  # schedule | catch-up | rerun | now
    rerun_of: int | None = None


def plan(settings: Settings, send_digests: bool = True) -> list[PlannedJob]:
    """One crawl job per distinct source schedule (its sources together, then one rematch),
    the digests, the nightly expiry and the weekly health summary."""
    tz = ZoneInfo(settings.timezone)
    groups: dict[str, list[str]] = defaultdict(list)
    for source in load_sources(settings.sources):
        groups[cron_for(source.schedule)].append(source.name)
    jobs = [
        PlannedJob(
            f"crawl:{cron}",
            f"crawl {', '.join(names)}",
            "crawl",
            tuple(names),
            CronTrigger.from_crontab(cron, timezone=tz),
        )
        for cron, names in sorted(groups.items())
    ]
    if send_digests:
        jobs.append(
            PlannedJob(
                "digests",
                f"send due digests (weekly ones on {settings.digest_weekday})",
                "digests",
                (),
                _at(settings.digest_time, tz),
            )
        )
    jobs.append(PlannedJob("expire", "expire calls past their deadline", "expire", (),
                           _at(settings.expire_time, tz)))  # fmt: skip
    jobs.append(
        PlannedJob(
            "health-summary",
            "mail staff the weekly source-health summary",
            "health-summary",
            (),
            _at(settings.health_summary_time, tz, settings.health_summary_weekday),
        )
    )
    return jobs


@dataclass(frozen=True)
class _StoreOwner:
    """What APScheduler's jobs and job store ask of their scheduler: its time zone (naive
    times are read in it). Our loop, not an APScheduler scheduler, drives them."""

    timezone: ZoneInfo


class JobBook:
    """The plan's jobs in APScheduler's SQLAlchemy job store, driven by a given ``now``."""

    def __init__(self, engine: Engine, jobs: list[PlannedJob], timezone: str = "UTC") -> None:
        self.jobs = {job.id: job for job in jobs}
        self.owner = _StoreOwner(ZoneInfo(timezone))
        self.store = SQLAlchemyJobStore(engine=engine)
        self.store.start(self.owner, "default")

    def sync(self, now: datetime) -> list[str]:
        """Make the store hold exactly the plan; returns what changed, for the log.

        A job already stored keeps its next run time (a slot missed while down stays due);
        a job whose schedule changed is rescheduled from now.
        """
        changes = []
        stored = {job.id: job for job in self.store.get_all_jobs()}
        for planned in self.jobs.values():
            old = stored.pop(planned.id, None)
            if old is None:
                self.store.add_job(
                    self._job(planned, planned.trigger.get_next_fire_time(None, now))
                )
                changes.append(f"added {planned.id}")
            elif repr(old.trigger) != repr(planned.trigger):
                next_run = planned.trigger.get_next_fire_time(None, now)
                self.store.update_job(self._job(planned, next_run))
                changes.append(f"rescheduled {planned.id}")
            elif (
                tuple(old.args) != (planned.kind, list(planned.params)) or old.name != planned.name
            ):
                self.store.update_job(self._job(planned, old.next_run_time))
                changes.append(f"updated {planned.id}")
        for job_id in stored:
            self.store.remove_job(job_id)
            changes.append(f"removed {job_id}")
        return changes

    def take_due(self, now: datetime) -> list[DueRun]:
        """The jobs due at ``now``, each once however many slots it missed; their next run
        time is moved past ``now`` first (as APScheduler does), so a crash mid-run is found by
        its job-run record, not by running every missed slot again."""
        runs = []
        for job in self.store.get_due_jobs(now):
            slots = missed_slots(job.trigger, job.next_run_time, now)
            if not slots:
                continue
            job._modify(next_run_time=job.trigger.get_next_fire_time(slots[-1], now))
            self.store.update_job(job)
            late = len(slots) > 1 or now - slots[-1] > LATE
            kind, params = job.args
            runs.append(
                DueRun(job.id, kind, tuple(params), slots, "catch-up" if late else "schedule")
            )
        return runs

    def next_run_times(self) -> dict[str, datetime | None]:
        """Each stored job's next run time."""
        return {job.id: job.next_run_time for job in self.store.get_all_jobs()}

    def next_due(self) -> datetime | None:
        """The earliest next run time of any job."""
        return self.store.get_next_run_time()

    def _job(self, planned: PlannedJob, next_run: datetime | None) -> Job:
        return Job(
            self.owner,
            id=planned.id,
            func=JOB_FUNC,
            trigger=planned.trigger,
            executor="default",
            args=(planned.kind, list(planned.params)),
            kwargs={},
            name=planned.name,
            misfire_grace_time=None,  # a missed slot is caught up however late
            coalesce=True,
            max_instances=1,
            next_run_time=next_run,
        )


def missed_slots(trigger: CronTrigger, first: datetime | None, now: datetime) -> list[datetime]:
    """The trigger's fire times from ``first`` up to ``now`` (inclusive)."""
    slots: list[datetime] = []
    moment = first
    while moment is not None and moment <= now:
        slots.append(moment)
        moment = trigger.get_next_fire_time(moment, now)
        if slots and moment is not None and moment <= slots[-1]:  # never loop on one time
            break
    return slots


def _at(hhmm: str, tz: ZoneInfo, weekday: str | None = None) -> CronTrigger:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return CronTrigger(day_of_week=weekday or "*", hour=hour, minute=minute, timezone=tz)
