"""What the Celery tests share: a real broker on loopback (or a skip saying why), `radar worker`
subprocesses with the test's settings, and waiting on the database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid

import pytest

from radar.config import Settings
from tests.conftest import REPO
from tests.radar.schedule_kit import pause

BROKERS = {
    "rabbitmq": ("amqp://guest:guest@127.0.0.1:5672//", 5672),
    "redis": ("redis://127.0.0.1:6379/15", 6379),
}


def answers(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(params=sorted(BROKERS))
def broker(request):  # type: ignore[no-untyped-def]
    """The broker URL of each broker that answers (the case skips, saying why, otherwise)."""
    pytest.importorskip("celery", reason="Celery is not installed: pip install -e '.[scale]'")
    url, port = BROKERS[request.param]
    if not answers(port):
        pytest.skip(f"no {request.param} broker answers on 127.0.0.1:{port}")
    return url


def new_queue() -> str:
    """A queue of the test's own, so leftovers of other runs never reach its workers."""
    return f"radar-test-{uuid.uuid4().hex[:8]}"


def worker_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment that gives a `radar worker` subprocess these settings (and the
    clock this test pinned, inherited through RADAR_NOW)."""
    env = {
        **os.environ, "PYTHONPATH": str(REPO), "RADAR_CONFIG": "/nonexistent/radar.toml",
        "RADAR_DATABASE_URL": settings.database_url, "RADAR_SOURCES": str(settings.sources),
        "RADAR_FEEDS_DIR": str(settings.feeds_dir), "RADAR_CRAWL_ALLOWED_HOSTS": '["127.0.0.1"]',
        "RADAR_BROKER_URL": settings.broker_url, "RADAR_CELERY_QUEUE": settings.celery_queue,
        "RADAR_CELERY_VISIBILITY_TIMEOUT": str(settings.celery_visibility_timeout),
        "RADAR_SCHEDULER_LOCK_TIMEOUT": str(settings.scheduler_lock_timeout),
        "RADAR_TIMEZONE": settings.timezone, "RADAR_SMTP_HOST": settings.smtp_host,
        "RADAR_SMTP_PORT": str(settings.smtp_port),
        "RADAR_REMATCH_SHARDS": str(settings.rematch_shards),
        "RADAR_DIGEST_BATCHES": str(settings.digest_batches),
    }  # fmt: skip
    return {**env, **extra}


def start(args: list[str], env: dict[str, str], log) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    """`radar ARGS` in a session of its own (so a kill takes its crawl subprocesses too)."""
    return subprocess.Popen(
        [sys.executable, "-m", "radar.cli", *args], env=env, stdout=log, stderr=log,
        start_new_session=True,
    )  # fmt: skip


def until(check, procs, what: str, seconds: float = 180):  # type: ignore[no-untyped-def]
    """Poll ``check`` until it returns something true; fail if a process exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        for proc in procs:
            if proc.poll() is not None:
                pytest.fail(f"{proc.args[3:]} exited ({proc.returncode}) waiting for {what}")
        pause(0.3)
    pytest.fail(f"waited {seconds} s for {what}")


def drop_queue(app, queue: str) -> None:  # type: ignore[no-untyped-def]
    """Delete the test's queue from the broker."""
    with app.connection_for_write() as conn:
        conn.default_channel.queue_delete(queue)
