"""A run killed with SIGKILL mid-job is found by its record and rerun once on the next start."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from domain import clock
from radar.jobs import schedule as jobs
from storage import job_runs
from tests.radar.schedule_kit import feed_site, pause, reap, settings_for, sources_file
from tests.radar.test_schedule_lock import _env

START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # Friday 14:00 in Tashkent
AFTER_SLOT = datetime(2026, 11, 27, 21, 40, tzinfo=UTC)  # Saturday 02:40: the crawl is due
CRAWL = "crawl:30 2 * * *"


def _wait_for_running(engine, proc, site):  # type: ignore[no-untyped-def]
    for _ in range(600):  # up to two minutes, checked every 0.2 s
        running = [r for r in job_runs.job_runs(engine, CRAWL) if r["status"] == "running"]
        if running and site.hits["blog"]:  # the crawl is in the middle of fetching the feed
            return running[0]
        if proc.poll() is not None:
            pytest.fail(f"radar schedule exited early: {proc.communicate()}")
        pause(0.2)
    pytest.fail("the crawl never started")


def test_a_scheduler_killed_mid_crawl_has_that_crawl_rerun_on_restart(tmp_path):
    with feed_site() as site:
        settings = settings_for(
            tmp_path, sources_file(tmp_path / "s.toml", site.base, {"blog": "daily"})
        )
        with clock.pinned(START), jobs.open_scheduler(settings, send_digests=False) as sched:
            jobs.start(sched, clock.now())
        site.mode["blog"] = "hang"  # the crawl will be in the middle of its fetch when killed
        with clock.pinned(AFTER_SLOT):
            proc = subprocess.Popen(
                [sys.executable, "-m", "radar.cli", "schedule", "--no-digests"], cwd=tmp_path,
                env=_env(settings), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,
            )  # fmt: skip
        try:
            with jobs.open_scheduler(settings, send_digests=False) as sched:
                killed = _wait_for_running(sched.engine, proc, site)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # the scheduler and its crawl subprocess
            reap(proc)
        site.mode["blog"] = "ok"
        site.release.set()
        said: list[str] = []
        restart = clock.pinned(AFTER_SLOT + timedelta(minutes=3))
        with restart, jobs.open_scheduler(settings, said.append, send_digests=False) as sched:
            jobs.take_lock(sched)
            jobs.start(sched, clock.now())
            outcomes = jobs.tick(sched, clock.now())
            again = jobs.tick(sched, clock.now() + timedelta(minutes=1))
            runs = job_runs.job_runs(sched.engine, CRAWL)
            jobs.release(sched)
    assert killed["pid"] == proc.pid
    assert [(o.job_id, o.status) for o in outcomes] == [(CRAWL, "ok")], [o.result for o in outcomes]
    assert again == []
    assert [(r["status"], r["reason"]) for r in runs] == [
        ("interrupted", "catch-up"),
        ("ok", "rerun"),
    ]
    assert runs[1]["rerun_of"] == runs[0]["id"]
    assert runs[1]["scheduled_for"] == runs[0]["scheduled_for"]  # it stands for the same slot
    assert any(f"found interrupted run {runs[0]['id']} of {CRAWL}" in line for line in said)
    assert any(line.startswith("took over the lock") for line in said)
    assert "crawled 1 sources (1 ok)" in runs[1]["result"]
    assert site.hits["blog"] == 2  # the fetch the kill cut short, and the rerun's


def test_a_rerun_that_is_killed_too_is_not_rerun_again(tmp_path):
    settings = settings_for(
        tmp_path, sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", {"blog": "daily"})
    )
    with jobs.open_scheduler(settings, send_digests=False) as sched:
        jobs.start(sched, clock.now())
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
        pid = int(dead.stdout)  # a process that existed and is gone
        first, _ = job_runs.start_job_run(sched.engine, CRAWL, "schedule")
        _own_by(sched.engine, first, pid)
        assert [r.rerun_of for r in jobs.reruns_of_crashed(sched.engine, sched.book.jobs, sched.timeout, [].append)] == [first]  # fmt: skip
        rerun, _ = job_runs.start_job_run(sched.engine, CRAWL, "rerun", rerun_of=first)
        _own_by(sched.engine, rerun, pid)
        said: list[str] = []
        assert (
            jobs.reruns_of_crashed(sched.engine, sched.book.jobs, sched.timeout, said.append) == []
        )
    assert said == [f"found interrupted rerun {rerun} of {CRAWL} (pid {pid} on {socket.gethostname()}); not rerun again"]  # fmt: skip


def _own_by(engine, run_id, pid):  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from storage.models import JobRun

    with engine.begin() as conn:
        conn.execute(
            update(JobRun.__table__).where(JobRun.__table__.c.id == run_id).values(pid=pid)
        )
