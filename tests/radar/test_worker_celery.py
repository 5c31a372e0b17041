"""Scale-out: a Celery worker killed with SIGKILL mid-step loses no work and runs nothing twice,
whether the step is a source's crawl or a batch of digests.

Real brokers on loopback (RabbitMQ 127.0.0.1:5672, Redis 127.0.0.1:6379); each case skips with
the reason when its broker does not answer or Celery (the [scale] extra) is not installed.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from datetime import UTC, date, datetime

import pytest

from domain import Eligibility, Kind, Match, OpportunityRecord, Profile, Role, Status
from radar.jobs import schedule as jobs
from radar.jobs.schedule_plan import DueRun
from storage import job_runs
from storage import repository as repo
from tests.radar.celery_kit import broker, drop_queue, new_queue, start, until, worker_env
from tests.radar.schedule_kit import feed_site, reap, settings_for, sources_file

pytestmark = pytest.mark.slow
__all__ = ["broker"]  # the fixture, used by name
CRAWL = "crawl:30 2 * * *"
SLOT = datetime(2026, 11, 27, 21, 30, tzinfo=UTC)
DIGEST_SLOT = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # 08:00 in Tashkent


def _kill(proc) -> None:  # type: ignore[no-untyped-def]
    os.killpg(proc.pid, signal.SIGKILL)  # the worker and its crawl subprocess
    reap(proc)


def _stop(proc) -> None:  # type: ignore[no-untyped-def]
    proc.send_signal(signal.SIGTERM)
    reap(proc)


def _by_job(rows) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {r["job_id"]: r for r in rows}


def test_a_worker_killed_mid_crawl_step_loses_nothing_and_doubles_nothing(broker, tmp_path):
    from radar.jobs.celery_tasks import celery_app, enqueue

    with feed_site() as site:
        sources = sources_file(tmp_path / "s.toml", site.base, {"blog": "daily"})
        settings = settings_for(
            tmp_path, sources, broker_url=broker, celery_queue=new_queue(),
            celery_visibility_timeout=10, scheduler_lock_timeout=20, rematch_shards=2,
        )  # fmt: skip
        env = worker_env(settings)
        app = celery_app(settings)
        site.mode["blog"] = "hang"
        run = DueRun(CRAWL, "crawl", ("blog",), [SLOT], "schedule")
        with jobs.open_scheduler(settings) as sched, open(tmp_path / "a.log", "wb") as log_a:
            enqueue(app, run, settings)
            first = start(["worker"], env, log_a)
            try:
                running = until(
                    lambda: site.hits["blog"] and job_runs.job_runs(sched.engine),
                    [first], "the crawl step to be fetching the feed",
                )  # fmt: skip
            finally:
                _kill(first)
            site.mode["blog"] = "ok"
            site.release.set()
            with open(tmp_path / "b.log", "wb") as log_b:
                second = start(["worker"], env, log_b)
                try:
                    until(lambda: _by_job(job_runs.job_runs(sched.engine)).get(CRAWL), [second],
                          "the job to end on the second worker")  # fmt: skip
                    enqueue(app, run, settings)  # the same run delivered once more
                    until(lambda: b"done already" in (tmp_path / "b.log").read_bytes(), [second],
                          "the duplicate to be seen as done")  # fmt: skip
                finally:
                    _stop(second)
            every = job_runs.job_runs(sched.engine)
            matches = repo.load_matches(sched.engine)
        drop_queue(app, settings.celery_queue)
    rows = _by_job(every)
    step = rows[f"{CRAWL}/crawl-source:blog"]
    assert running[0]["pid"] == first.pid
    assert (step["status"], step["attempts"]) == ("ok", 2)  # taken over on the same row
    assert step["run_key"] == f"{CRAWL}/crawl-source:blog@{SLOT.isoformat()}"
    assert step["result"].startswith("blog ok: 2 new")
    for shard in ("0:2", "1:2"):
        assert rows[f"{CRAWL}/rematch-shard:{shard}"]["status"] == "ok"
    assert rows[f"{CRAWL}/publish"]["status"] == "ok"
    assert rows[CRAWL]["status"] == "ok" and rows[CRAWL]["result"].startswith("4 steps on workers")
    assert all(r["attempts"] == 1 for job, r in rows.items() if "crawl-source" not in job)
    assert len(rows) == len(every) == 7  # one row per step (4), stage latch (2) and the job
    assert matches == []  # no profiles: the shards ran over nobody, honestly
    # The fetch the kill cut short and the one rerun; the duplicate fetched nothing.
    assert site.hits["blog"] == 2


PEOPLE = [f"p{i:02d}" for i in range(8)]


def _seed_digests(engine) -> None:  # type: ignore[no-untyped-def]
    repo.upsert_profiles(engine, [
        Profile(pid, f"Person {pid}", Role.STUDENT, email=f"{pid}@example.uz",
                details={"digest": "daily"})
        for pid in PEOPLE
    ])  # fmt: skip
    opp = OpportunityRecord(
        "demo/daad-master", "demo", "https://example.org/daad", "Master scholarship in Germany",
        kind=Kind.SCHOLARSHIP, deadline=date(2027, 1, 15), status=Status.OPEN,
    )  # fmt: skip
    repo.upsert_opportunities(engine, [opp], datetime(2026, 11, 27))
    matches = [Match(pid, opp.id, 3.2, 1, Eligibility.ELIGIBLE, ["energy"]) for pid in PEOPLE]
    repo.replace_matches(engine, matches, PEOPLE, datetime(2026, 11, 27))


def test_a_worker_killed_mid_digest_batch_sends_nobody_twice(broker, tmp_path, smtp_inbox):
    from radar.jobs.celery_tasks import celery_app, enqueue

    port, inbox = smtp_inbox
    sources = sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", {"blog": "daily"})
    settings = settings_for(
        tmp_path, sources, broker_url=broker, celery_queue=new_queue(), smtp_host="127.0.0.1",
        smtp_port=port, celery_visibility_timeout=10, scheduler_lock_timeout=20,
        digest_batches=2,
    )  # fmt: skip
    env = worker_env(settings)
    app = celery_app(settings)
    run = DueRun("digests", "digests", (), [DIGEST_SLOT], "schedule")
    inbox.stall_data = True  # the first message hangs in DATA: the worker is mid-send
    with jobs.open_scheduler(settings) as sched, open(tmp_path / "a.log", "wb") as log_a:
        _seed_digests(sched.engine)
        enqueue(app, run, settings)
        first = start(["worker"], env, log_a)
        try:
            until(lambda: any(s["status"] == "sending" for s in repo.digest_sends(sched.engine)),
                  [first], "a digest to be mid-send")  # fmt: skip
        finally:
            _kill(first)
        inbox.stall_data = False
        with open(tmp_path / "b.log", "wb") as log_b:
            second = start(["worker"], env, log_b)
            try:
                until(lambda: _by_job(job_runs.job_runs(sched.engine)).get("digests"), [second],
                      "the digest job to end on the second worker")  # fmt: skip
                enqueue(app, run, settings)  # delivered again: both batches are done already
                until(lambda: (tmp_path / "b.log").read_bytes().count(b"done already") >= 2,
                      [second], "the duplicates to be seen as done")  # fmt: skip
            finally:
                _stop(second)
        sends = repo.digest_sends(sched.engine)
        rows = _by_job(job_runs.job_runs(sched.engine))
    drop_queue(app, settings.celery_queue)
    received = Counter(rcpt for r in inbox.received for rcpt in r.rcpt_tos)
    status = {s["profile_id"]: s["status"] for s in sends}
    assert len(sends) == len(PEOPLE)  # one send-log row per person and period
    unknown = [pid for pid, st in status.items() if st == "unknown"]
    assert len(unknown) == 1  # the one cut off mid-send: never resent (it may have arrived)
    assert received == Counter(f"{pid}@example.uz" for pid in PEOPLE if pid not in unknown)
    assert max(received.values()) == 1  # nobody twice
    batches = [rows[f"digests/digest-batch:{i}:2"] for i in range(2)]
    assert all(b["status"] == "ok" for b in batches)
    assert sorted(b["attempts"] for b in batches)[-1] == 2  # the killed batch, taken over
    assert rows["digests"]["status"] == "ok"
