"""Scale benchmark: a national deployment's data on PostgreSQL, rematched and digested by real
`radar worker` Celery processes; 1 worker against 2 in the same run (a ratio).

Usage: python bench/scale.py [--scale 1.0] [--calls 1000000] [--profiles 100000]
       [--shards 4] [--digest-batches 8] [--broker redis://127.0.0.1:6379/14]
       [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]

It creates a database of its own on that server (radar_bench_<pid>), loads the synthetic calls
and people with the project's bulk upsert, and drops the database at the end (--keep keeps it).
Measures: load rate; a full rematch (every profile shard, through the broker) with 1 worker,
then with 2; digest batches and messages per second to a local aiosmtpd server; peak memory
(VmHWM) per worker; and a projection of the cost of a national deployment from those figures.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.scale_cost import projection
from bench.scale_data import calls, people
from bench.scale_smtp import smtp_counter
from domain import clock
from radar.config import load_settings
from radar.jobs.celery_tasks import celery_app, send_stage
from radar.jobs.schedule_plan import DueRun
from storage import job_runs
from storage import repository as repo
from storage.engine import make_engine
from storage.migrate import upgrade

TODAY = date(2026, 11, 27)  # a Friday: weekly digests (Monday) are not due, daily ones are
SLOT = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # 08:00 in Tashkent
REPO = Path(__file__).resolve().parents[1]
CHUNK = 20_000


def main() -> None:
    args = _args()
    n_calls, n_people = int(args.calls * args.scale), int(args.profiles * args.scale)
    load_before = _load()
    print(f"load before: {load_before}", flush=True)
    server = args.database_url or os.environ.get("RADAR_BENCH_DATABASE_URL") or (
        "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    url = _create_database(server)
    try:
        with clock.pinned(datetime(2026, 11, 27, 9, tzinfo=UTC)):
            figures = _run(args, url, n_calls, n_people)
    finally:
        if not args.keep:
            _drop_database(server, url)
    figures["load_before"], figures["load_after"] = load_before, _load()
    _report(figures, n_calls, n_people, args)


def _run(args, url: str, n_calls: int, n_people: int) -> dict:  # type: ignore[no-untyped-def]
    upgrade(url)
    engine = make_engine(url)
    started = time.monotonic()
    _bulk(engine, calls(n_calls, TODAY, args.open_share), repo.upsert_opportunities)
    _bulk(engine, people(n_people, TODAY, args.daily_share), _upsert_people)
    figures: dict = {"load_s": time.monotonic() - started}
    print(f"loaded {n_calls:,} calls and {n_people:,} people in {figures['load_s']:.0f} s",
          flush=True)  # fmt: skip
    queue = f"radar-bench-{uuid.uuid4().hex[:8]}"
    with smtp_counter() as (port, inbox), tempfile.TemporaryDirectory() as tmp:
        env = _env(url, args.broker, queue, port, Path(tmp))
        settings = load_settings(database_url=url, broker_url=args.broker, celery_queue=queue)
        app = celery_app(settings)
        shards = [("rematch-shard", (str(i), str(args.shards))) for i in range(args.shards)]
        for workers in (1, 2):
            job = DueRun(f"bench-rematch-{workers}w", "crawl", (), [SLOT], "now")
            runs = [(job, [shards])]
            if workers == 2:
                batches = [("digest-batch", (str(i), str(args.digest_batches)))
                           for i in range(args.digest_batches)]  # fmt: skip
                runs.append((DueRun("digests", "digests", (), [SLOT], "now"), [batches]))
            timed, peaks = _with_workers(workers, env, app, engine, runs, Path(tmp))
            figures[f"rematch_{workers}w_s"] = timed[0]
            figures[f"peak_mb_{workers}w"] = peaks
            figures[f"matches_{workers}w"] = _count(engine, "matches")
            if workers == 2:
                figures["digest_s"], figures["digests_sent"] = timed[1], inbox.count
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
    figures["open_calls"] = _open_calls(engine)
    figures["results"] = {r["job_id"]: r["result"][:160] for r in job_runs.job_runs(engine)
                          if "/" not in r["job_id"]}  # fmt: skip
    engine.dispose()
    return figures


def _with_workers(n: int, env: dict, app, engine, runs, tmp: Path):  # type: ignore[no-untyped-def]
    """Start ``n`` workers, run each (job, stages) through them in turn, time each; return
    the times and each worker's peak resident memory (MB)."""
    logs = [tmp / f"worker-{n}-{i}.log" for i in range(n)]
    command = [sys.executable, "-m", "radar.cli", "worker", "--name"]
    procs = [
        subprocess.Popen([*command, f"bench{n}-{i}"], env=env, stdout=log.open("wb"),
                         stderr=subprocess.STDOUT, start_new_session=True)
        for i, log in enumerate(logs)
    ]
    try:
        _wait(lambda: all(b"ready." in log.read_bytes() for log in logs), procs, "workers ready")
        timed = []
        for job, stages in runs:
            started = time.monotonic()
            send_stage(app, job, stages, 0)
            _wait(lambda job=job: _ended(engine, job.job_id), procs, f"{job.job_id} to end")
            timed.append(time.monotonic() - started)
            print(f"{job.job_id} with {n} worker(s): {timed[-1]:.1f} s", flush=True)
        peaks = [_peak_mb(p.pid) for p in procs]
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=120)
    return timed, peaks


def _ended(engine, job_id: str) -> bool:  # type: ignore[no-untyped-def]
    return any(r["status"] != "running" for r in job_runs.job_runs(engine, job_id))


def _wait(check, procs, what: str) -> None:  # type: ignore[no-untyped-def]
    while not check():
        if any(p.poll() is not None for p in procs):
            raise SystemExit(f"a worker exited while waiting for {what}")
        time.sleep(0.5)


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _bulk(engine, records, upsert) -> None:  # type: ignore[no-untyped-def]
    batch = []
    for record in records:
        batch.append(record)
        if len(batch) == CHUNK:
            upsert(engine, batch, datetime(2026, 11, 20))
            batch = []
    if batch:
        upsert(engine, batch, datetime(2026, 11, 20))


def _upsert_people(engine, batch, _seen) -> None:  # type: ignore[no-untyped-def]
    repo.upsert_profiles(engine, batch)


def _count(engine, table: str) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _open_calls(engine) -> int:  # type: ignore[no-untyped-def]
    return len(repo.load_opportunities(engine, open_on=TODAY, canonical_only=True))


def _env(url: str, broker: str, queue: str, port: int, tmp: Path) -> dict[str, str]:
    return {
        **os.environ, "PYTHONPATH": str(REPO), "RADAR_CONFIG": "/nonexistent/radar.toml",
        "RADAR_DATABASE_URL": url, "RADAR_BROKER_URL": broker, "RADAR_CELERY_QUEUE": queue,
        "RADAR_TIMEZONE": "Asia/Tashkent", "RADAR_SMTP_HOST": "127.0.0.1",
        "RADAR_SMTP_PORT": str(port), "RADAR_FEEDS_DIR": str(tmp / "feeds"),
    }  # fmt: skip


def _create_database(server: str) -> str:
    name = f"radar_bench_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _drop_database(server: str, url: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def _load() -> str:
    return Path("/proc/loadavg").read_text().strip()


def _report(f: dict, n_calls: int, n_people: int, args) -> None:  # type: ignore[no-untyped-def]
    ratio = f["rematch_1w_s"] / f["rematch_2w_s"]
    print(f"\n## scale: {n_calls:,} calls ({f['open_calls']:,} open), {n_people:,} people, "
          f"{args.shards} shards, {args.digest_batches} digest batches")  # fmt: skip
    print(f"load average: before {f.get('load_before', '')} after {f['load_after']}")
    print("| measure | value |\n|---|---|")
    rows = [
        ("bulk load (calls + people)", f"{f['load_s']:.0f} s, {(n_calls + n_people) / f['load_s']:,.0f} rows/s"),
        ("full rematch, 1 worker", f"{f['rematch_1w_s']:.1f} s ({n_people / f['rematch_1w_s']:,.0f} profiles/s)"),
        ("full rematch, 2 workers", f"{f['rematch_2w_s']:.1f} s ({n_people / f['rematch_2w_s']:,.0f} profiles/s)"),
        ("speed-up 2 workers / 1", f"{ratio:.2f}×"),
        ("matches stored (1w / 2w)", f"{f['matches_1w']:,} / {f['matches_2w']:,}"),
        ("digests, 2 workers", f"{f['digests_sent']:,} sent in {f['digest_s']:.1f} s: "
                               f"{args.digest_batches / f['digest_s']:.2f} batches/s, "
                               f"{f['digests_sent'] / f['digest_s']:.1f} messages/s"),
        ("peak memory per worker (1w run)", ", ".join(f"{m:.0f} MB" for m in f["peak_mb_1w"])),
        ("peak memory per worker (2w run)", ", ".join(f"{m:.0f} MB" for m in f["peak_mb_2w"])),
    ]  # fmt: skip
    for name, value in rows:
        print(f"| {name} | {value} |")
    print()
    print(projection(f, n_people))
    for job, result in f["results"].items():
        print(f"- {job}: {result}")


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--scale", type=float, default=1.0, help="multiplies --calls and --profiles")
    p.add_argument("--calls", type=int, default=1_000_000)
    p.add_argument("--profiles", type=int, default=100_000)
    p.add_argument("--open-share", type=float, default=0.03, help="share of calls still open")
    p.add_argument("--daily-share", type=float, default=0.03, help="share on daily digests")
    p.add_argument("--shards", type=int, default=4)
    p.add_argument("--digest-batches", type=int, default=8)
    p.add_argument("--broker", default="redis://127.0.0.1:6379/14")
    p.add_argument("--database-url", help="a PostgreSQL server URL (a database is created on it)")
    p.add_argument("--keep", action="store_true", help="keep the benchmark database")
    return p.parse_args()


if __name__ == "__main__":
    main()
