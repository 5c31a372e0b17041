"""Benchmark: send N digests to a local SMTP server (aiosmtpd, its own process); messages per second, peak memory.

Run: python bench/digests.py [--sizes 1000,2500,5000,10000]
Each size runs in its own process on a fresh SQLite file, so peak RSS is that size's own.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

CALLS = 200
PER_PERSON = 5
DAY = date(2026, 12, 1)


def _seed(url: str, n: int) -> None:
    from domain import Eligibility, Kind, Match, OpportunityRecord, Profile, Role, Status
    from storage import repository as repo
    from storage.engine import make_engine
    from storage.migrate import upgrade

    upgrade(url)
    engine = make_engine(url)
    calls = [
        OpportunityRecord(f"bench/call-{i}", "bench", f"https://bench.example.org/{i}",
                          f"Research grant number {i}", kind=Kind.GRANT,
                          deadline=date(2027, 1 + i % 12, 1 + i % 28), status=Status.OPEN)
        for i in range(CALLS)
    ]  # fmt: skip
    repo.upsert_opportunities(engine, calls, datetime(2026, 11, 30))
    people = [
        Profile(f"p{i:05d}", f"Person {i}", Role.STUDENT, email=f"p{i}@example.org",
                language=("en", "ru", "uz")[i % 3], details={"digest": "daily"})
        for i in range(n)
    ]  # fmt: skip
    repo.upsert_profiles(engine, people)
    matches = [
        Match(p.id, calls[(i * 7 + k) % CALLS].id, 1.0 / (k + 1), k + 1, Eligibility.ELIGIBLE,
              [f"matches your interests: topic {k}"])
        for i, p in enumerate(people) for k in range(PER_PERSON)
    ]  # fmt: skip
    repo.replace_matches(engine, matches, [p.id for p in people], datetime(2026, 11, 30))
    engine.dispose()


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the SMTP server did not start on port {port}")


def one(n: int) -> dict:
    """Seed n people, send their digests, return the measurements."""
    from radar.config import load_settings
    from radar.jobs.digest import run_digests
    from storage.engine import make_engine

    folder = Path(tempfile.mkdtemp(prefix="bench-digests-"))
    url = f"sqlite:///{folder / 'radar.db'}"
    _seed(url, n)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The server runs in its own process (as a real one would), accepting and discarding.
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
         "-c", "aiosmtpd.handlers.Sink"],
    )  # fmt: skip
    _wait_for_port(port)
    settings = load_settings(database_url=url, smtp_host="127.0.0.1", smtp_port=port)
    engine = make_engine(url)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    summary = run_digests(engine, settings, DAY, send=True)
    wall = time.perf_counter() - start
    server.terminate()
    server.wait(timeout=30)
    engine.dispose()
    assert len(summary.sent) == n and not summary.failed, (len(summary.sent), summary.failed)
    return {
        "n": n, "wall": wall, "per_s": n / wall,
        "rss_before_mb": rss_before / 1024,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }  # fmt: skip


def main() -> None:
    """Run each size in a subprocess and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,2500,5000,10000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    print("| digests | wall (s) | messages/s | peak RSS (MB) | RSS after seeding (MB) |")
    print("|---|---|---|---|---|")
    for n in [int(s) for s in args.sizes.split(",")]:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True,
                             capture_output=True, text=True).stdout  # fmt: skip
        r = json.loads(out.strip().splitlines()[-1])
        print(f"| {r['n']:,} | {r['wall']:.1f} | {r['per_s']:.0f} | {r['peak_rss_mb']:.0f} | "
              f"{r['rss_before_mb']:.0f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
