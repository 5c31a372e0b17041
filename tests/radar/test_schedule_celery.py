"""`radar schedule --executor celery` through its loop: with the clock pinned just before the
crawl slot, the scheduler enqueues the due job when the slot comes, a `radar worker` subprocess
runs its steps (each source, each profile shard, publish) and the database and feeds show it.

Real brokers on loopback; each case skips with the reason when its broker does not answer.
"""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta

import pytest

from domain import Level, Profile, Role, clock
from radar.jobs import schedule as jobs
from storage import job_runs
from storage import repository as repo
from tests.radar.celery_kit import broker, drop_queue, new_queue, start, until, worker_env
from tests.radar.schedule_kit import feed_site, reap, settings_for, sources_file

pytestmark = pytest.mark.slow
__all__ = ["broker"]  # the fixture, used by name
CRAWL = "crawl:30 2 * * *"
SLOT = datetime(2026, 11, 27, 21, 30, tzinfo=UTC)  # 02:30 in Tashkent, the daily crawl


def test_the_scheduler_enqueues_due_jobs_and_a_worker_runs_them(broker, tmp_path):
    from radar.jobs.celery_tasks import celery_app

    with feed_site() as site:
        sources = sources_file(tmp_path / "s.toml", site.base, {"blog": "daily", "news": "daily"})
        settings = settings_for(tmp_path, sources, broker_url=broker, celery_queue=new_queue(),
                                rematch_shards=2)  # fmt: skip
        with jobs.open_scheduler(settings) as sched:  # the schema, a person to match, the plan
            repo.upsert_profiles(sched.engine, [Profile(
                "aziza", "Aziza", Role.STUDENT, interests="master scholarship Korea",
                level=Level.BACHELOR, target_levels=["master"], citizenship="UZ",
            )])  # fmt: skip
            # The job store as a scheduler that ran a minute before the slot left it.
            jobs.start(sched, SLOT - timedelta(minutes=1))
        # Pinned a few seconds before the slot: the loop wakes for it as the clock ticks on (or,
        # when the start is slower than that, catches it up at once).
        with clock.pinned(SLOT - timedelta(seconds=5)):
            env = worker_env(settings)
            with open(tmp_path / "s.log", "wb") as s_log, open(tmp_path / "w.log", "wb") as w_log:
                scheduler = start(["schedule", "--executor", "celery"], env, s_log)
                worker = start(["worker"], env, w_log)
                try:
                    with jobs.open_scheduler(settings) as sched:
                        job = until(lambda: _job_run(sched), [scheduler, worker],
                                    "the crawl job to be enqueued and run")  # fmt: skip
                        rows = job_runs.job_runs(sched.engine)
                        matches = repo.load_matches(sched.engine, "aziza")
                finally:
                    for proc in (scheduler, worker):
                        proc.send_signal(signal.SIGTERM)
                    codes = [reap(proc) for proc in (scheduler, worker)]
        drop_queue(celery_app(settings), settings.celery_queue)
    said = (tmp_path / "s.log").read_text(encoding="utf-8")
    assert f"queued as {CRAWL}@2026-11-28T02:30:00+05:00: stage 1 of 3, 2 steps" in said
    assert codes == [0, 0]
    assert job["status"] == "ok" and job["scheduled_for"] == SLOT.replace(tzinfo=None)
    assert job["result"].startswith("5 steps on workers (5 ok)")
    steps = {r["job_id"].removeprefix(f"{CRAWL}/"): r for r in rows if r["job_id"] != CRAWL}
    assert {name for name in steps if "stage" not in name} == {
        "crawl-source:blog", "crawl-source:news", "rematch-shard:0:2", "rematch-shard:1:2",
        "publish",
    }
    assert all(r["status"] == "ok" and r["pid"] == worker.pid for r in steps.values())
    assert (site.hits["blog"], site.hits["news"]) == (1, 1)
    assert [m.opportunity_id for m in matches] and matches[0].rank == 1
    published = (settings.feeds_dir / "all.atom").read_text(encoding="utf-8")
    assert "scholarship in Korea" in published


def _job_run(sched):  # type: ignore[no-untyped-def]
    rows = [r for r in job_runs.job_runs(sched.engine, CRAWL) if r["status"] != "running"]
    return rows[0] if rows else None
