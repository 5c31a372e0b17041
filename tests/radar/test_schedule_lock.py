"""One scheduler per database: a second refuses naming the holder; a dead one's lock is taken."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

from domain import clock
from radar.jobs import schedule as jobs
from storage import scheduler_lock
from tests.conftest import REPO
from tests.radar.schedule_kit import pause, settings_for, sources_file


def _env(settings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "COLUMNS": "200",
        "RADAR_CONFIG": "/nonexistent/radar.toml",
        "RADAR_DATABASE_URL": settings.database_url,
        "RADAR_SOURCES": str(settings.sources),
        "RADAR_FEEDS_DIR": str(settings.feeds_dir),
        "RADAR_CRAWL_ALLOWED_HOSTS": '["127.0.0.1"]',
        "RADAR_TIMEZONE": settings.timezone,
    }


def _schedule(settings, tmp_path) -> subprocess.Popen[str]:  # type: ignore[no-untyped-def]
    return subprocess.Popen(
        [sys.executable, "-m", "radar.cli", "schedule"],
        cwd=tmp_path, env=_env(settings), text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip


def _wait_for_holder(engine, proc):  # type: ignore[no-untyped-def]
    for _ in range(300):  # up to a minute, checked every 0.2 s
        holder = scheduler_lock.lock_holder(engine, jobs.LOCK_NAME)
        if holder is not None:
            return holder
        if proc.poll() is not None:
            pytest.fail(f"radar schedule exited early: {proc.communicate()}")
        pause(0.2)
    pytest.fail("radar schedule never took the lock")


@pytest.fixture
def settings(tmp_path):  # type: ignore[no-untyped-def]
    return settings_for(
        tmp_path, sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", {"blog": "daily"})
    )


def test_a_second_radar_schedule_refuses_and_names_the_first(settings, tmp_path):
    first = _schedule(settings, tmp_path)
    try:
        with jobs.open_scheduler(settings) as sched:
            holder = _wait_for_holder(sched.engine, first)
        assert holder.pid == first.pid
        second = subprocess.run(
            [sys.executable, "-m", "radar.cli", "schedule"], cwd=tmp_path, env=_env(settings),
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert second.returncode == 1
        assert "another scheduler is running" in second.stderr
        assert f"pid {first.pid} on host {socket.gethostname()}" in second.stderr
        first.send_signal(signal.SIGTERM)
        out, errors = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert first.returncode == 0, errors
    assert "Stop with Ctrl+C or `kill -TERM" in out and "Scheduler stopped." in out
    with jobs.open_scheduler(settings) as sched:
        assert scheduler_lock.lock_holder(sched.engine, jobs.LOCK_NAME) is None  # released


def test_the_lock_of_a_killed_scheduler_is_taken_over_at_once(settings, tmp_path):
    first = _schedule(settings, tmp_path)
    with jobs.open_scheduler(settings) as sched:
        _wait_for_holder(sched.engine, first)
        os.killpg(first.pid, signal.SIGKILL)
        first.communicate(timeout=30)
        said: list[str] = []
        sched.say = said.append
        got = jobs.take_lock(sched)
    assert got.taken_from is not None and got.taken_from.pid == first.pid
    assert said == [f"took over the lock of a scheduler that stopped: {got.taken_from.describe()}"]


def test_a_silent_holder_keeps_the_lock_until_its_heartbeat_is_too_old(db_url, tmp_path):
    sources = sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", {"blog": "daily"})
    settings = settings_for(tmp_path, sources, database_url=db_url)
    with jobs.open_scheduler(settings) as one, jobs.open_scheduler(settings) as two:
        jobs.take_lock(one)  # this live process: only the heartbeat's age can free it
        with pytest.raises(jobs.SchedulerBusy, match=f"pid {os.getpid()} on host"):
            jobs.take_lock(two)
        later = clock.now() + timedelta(seconds=settings.scheduler_lock_timeout - 5)
        with clock.pinned(later), pytest.raises(jobs.SchedulerBusy):
            jobs.take_lock(two)
        later = clock.now() + timedelta(seconds=settings.scheduler_lock_timeout + 5)
        with clock.pinned(later):
            assert jobs.take_lock(two).taken_from is not None
        # The old holder finds out at its next heartbeat and stops.
        assert not scheduler_lock.heartbeat(one.engine, jobs.LOCK_NAME, one.token)
        assert scheduler_lock.heartbeat(two.engine, jobs.LOCK_NAME, two.token)


def test_a_job_running_in_a_live_process_is_not_started_twice(settings):
    from storage import job_runs

    with jobs.open_scheduler(settings) as sched:
        running, _ = job_runs.start_job_run(sched.engine, "expire", "schedule")  # this process
        outcome = jobs.run_now(sched, "expire")
        job_runs.finish_job_run(sched.engine, running, "ok", "done by hand")
        after = jobs.run_now(sched, "expire")
    assert outcome.status == "skipped"
    assert (
        outcome.result
        == f"already running (pid {os.getpid()} on {socket.gethostname()}, run {running})"
    )
    assert after.status == "ok" and after.result.startswith("0 calls expired")
