"""Scale-out: a Celery worker killed with SIGKILL mid-task loses no work and runs nothing twice.

Real brokers on loopback (RabbitMQ 127.0.0.1:5672, Redis 127.0.0.1:6379); each case skips with
the reason when its broker does not answer or Celery (the [scale] extra) is not installed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime

import pytest

from radar.jobs import schedule as jobs
from radar.jobs.schedule_plan import DueRun
from storage import job_runs
from tests.conftest import REPO
from tests.radar.schedule_kit import feed_site, pause, reap, settings_for, sources_file

pytestmark = pytest.mark.slow
CRAWL = "crawl:30 2 * * *"
SLOT = datetime(2026, 11, 27, 21, 30, tzinfo=UTC)
BROKERS = {
    "rabbitmq": ("amqp://guest:guest@127.0.0.1:5672//", 5672),
    "redis": ("redis://127.0.0.1:6379/15", 6379),
}


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(params=sorted(BROKERS))
def broker(request):  # type: ignore[no-untyped-def]
    pytest.importorskip("celery", reason="Celery is not installed: pip install -e '.[scale]'")
    url, port = BROKERS[request.param]
    if not _answers(port):
        pytest.skip(f"no {request.param} broker answers on 127.0.0.1:{port}")
    return url


def _worker(env: dict[str, str], log) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    return subprocess.Popen(
        [sys.executable, "-m", "radar.cli", "worker"], env=env, stdout=log, stderr=log,
        start_new_session=True,
    )  # fmt: skip


def _until(check, proc, what: str, seconds: float = 180):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if proc.poll() is not None:
            pytest.fail(f"the worker exited while waiting for {what}")
        pause(0.3)
    pytest.fail(f"waited {seconds} s for {what}")


def test_a_worker_killed_mid_task_loses_nothing_and_doubles_nothing(broker, tmp_path):
    from radar.jobs.celery_tasks import celery_app, enqueue

    queue = f"radar-test-{uuid.uuid4().hex[:8]}"
    with feed_site() as site:
        sources = sources_file(tmp_path / "s.toml", site.base, {"blog": "daily"})
        settings = settings_for(
            tmp_path, sources, broker_url=broker, celery_queue=queue,
            celery_visibility_timeout=10, scheduler_lock_timeout=20,
        )  # fmt: skip
        env = {
            **os.environ, "PYTHONPATH": str(REPO), "RADAR_CONFIG": "/nonexistent/radar.toml",
            "RADAR_DATABASE_URL": settings.database_url, "RADAR_SOURCES": str(sources),
            "RADAR_FEEDS_DIR": str(settings.feeds_dir), "RADAR_CRAWL_ALLOWED_HOSTS": '["127.0.0.1"]',
            "RADAR_BROKER_URL": broker, "RADAR_CELERY_QUEUE": queue,
            "RADAR_CELERY_VISIBILITY_TIMEOUT": "10", "RADAR_SCHEDULER_LOCK_TIMEOUT": "20",
        }  # fmt: skip
        app = celery_app(settings)
        site.mode["blog"] = "hang"
        with jobs.open_scheduler(settings) as sched, open(tmp_path / "a.log", "wb") as log_a:
            run = DueRun(CRAWL, "crawl", ("blog",), [SLOT], "schedule")
            enqueue(app, run)
            first = _worker(env, log_a)
            try:
                running = _until(
                    lambda: site.hits["blog"] and job_runs.job_runs(sched.engine),
                    first, "the task's crawl to be fetching the feed",
                )  # fmt: skip
            finally:
                os.killpg(first.pid, signal.SIGKILL)  # the worker and its crawl subprocess
                reap(first)
            site.mode["blog"] = "ok"
            site.release.set()
            with open(tmp_path / "b.log", "wb") as log_b:
                second = _worker(env, log_b)
                try:
                    _until(lambda: job_runs.job_runs(sched.engine)[0]["status"] == "ok", second,
                           "the killed task to be run again")  # fmt: skip
                    enqueue(app, run)  # the same run delivered once more (as a broker may)
                    _until(lambda: b"done already" in (tmp_path / "b.log").read_bytes(), second,
                           "the duplicate to be seen as done")  # fmt: skip
                finally:
                    second.send_signal(signal.SIGTERM)
                    reap(second)
            rows = job_runs.job_runs(sched.engine)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
    assert running[0]["pid"] == first.pid
    assert len(rows) == 1, rows  # one run of the slot, taken over by the second worker
    assert (rows[0]["status"], rows[0]["attempts"]) == ("ok", 2)
    assert rows[0]["run_key"] == f"{CRAWL}@{SLOT.isoformat()}"
    assert "crawled 1 sources (1 ok)" in rows[0]["result"]
    # The fetch the kill cut short and the one rerun; the duplicate fetched nothing.
    assert site.hits["blog"] == 2
