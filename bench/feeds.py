"""Benchmark: `radar publish` for 100,000 calls and 10,000 profiles, full against incremental
after 100 new calls, and every personal feed the web app renders.

Run: python bench/feeds.py [--calls 100000] [--profiles 10000] [--new 100] [--personal 10000]
One process, one fresh SQLite file; the full publish (empty folder: every entry rendered) is
the baseline the incremental runs are divided by, measured in the same run. Prints Markdown.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would hide the
# `feeds` package from everything it imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

DAY = date(2026, 12, 1)
BASE = "https://radar.example.uz"
GROUPS = 20


def _call(i: int, title: str = "Research grant"):  # type: ignore[no-untyped-def]
    from domain import Kind, Level, OpportunityRecord, Status

    kinds, levels = list(Kind), list(Level)
    return OpportunityRecord(
        f"bench/call-{i:06d}", "bench", f"https://bench.example.org/calls/{i}", f"{title} {i}",
        summary=f"<p>Call {i} on topic {i % 97}: <b>eligibility</b>, budget and how to apply.</p>",
        kind=kinds[i % len(kinds)], levels=[levels[i % len(levels)], levels[(i // 7) % 6]],
        fields=[f"field-{i % 13}", f"field-{i % 29}"], host_country=f"{chr(65 + i % 26)}{chr(65 + i // 26 % 6)}",
        funder=f"Funder {i % 300}", amount=1000.0 + i, currency=("EUR", "USD", "UZS")[i % 3],
        deadline=date(2027, 1 + i % 12, 1 + i % 28), status=Status.OPEN,
    )  # fmt: skip


def seed(url: str, calls: int, profiles: int) -> None:
    from domain import Eligibility, Match, Profile, Role
    from storage import repository as repo
    from storage.engine import make_engine
    from storage.migrate import upgrade

    upgrade(url)
    engine = make_engine(url)
    for start in range(0, calls, 20_000):
        batch = [_call(i) for i in range(start, min(calls, start + 20_000))]
        repo.upsert_opportunities(engine, batch, datetime(2026, 11, 20))
    moved = [_call(i) for i in range(0, calls, 1000)]  # 0.1 % with a moved deadline
    for record in moved:
        record.deadline = date(2027, 12, 31)
    repo.upsert_opportunities(engine, moved, datetime(2026, 11, 25))
    people = [Profile(f"p{i:05d}", f"Person {i}", Role.STUDENT, language=("en", "ru", "uz")[i % 3],
                      details={"groups": [f"group-{i % GROUPS}"]}) for i in range(profiles)]  # fmt: skip
    repo.upsert_profiles(engine, people)
    matches = [Match(p.id, f"bench/call-{(i * 37 + k * 1009) % calls:06d}", 1 / (k + 1), k + 1,
                     Eligibility.ELIGIBLE, [f"matches your interests: topic {k}"])
               for i, p in enumerate(people) for k in range(10)]  # fmt: skip
    repo.replace_matches(engine, matches, [p.id for p in people], datetime(2026, 11, 30))
    for g in range(GROUPS):
        for k in range(5):
            repo.recommend(engine, f"bench/call-{(g * 101 + k * 7) % calls:06d}", group=f"group-{g}")
    for k in range(30):
        repo.set_flags(engine, f"bench/call-{k * 113 % calls:06d}", featured=True)
    engine.dispose()


def _timed(label: str, rows: list, fn):  # type: ignore[no-untyped-def]
    # CPU seconds beside wall seconds: on a shared machine the wall clock measures the load.
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    rows.append((label, time.perf_counter() - start, time.process_time() - cpu, result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--personal", type=int, default=None, help="personal feeds to render")
    args = parser.parse_args()

    from radar.jobs.publish import personal_feed, publish_feeds
    from storage import repository as repo
    from storage.engine import make_engine

    folder = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    url = f"sqlite:///{folder / 'radar.db'}"
    out = folder / "feeds"
    t0 = time.perf_counter()
    seed(url, args.calls, args.profiles)
    seeded = time.perf_counter() - t0
    engine = make_engine(url)
    rows: list = []
    _timed("full publish (empty folder)", rows, lambda: publish_feeds(engine, out, DAY, BASE))
    _timed("incremental, nothing changed", rows, lambda: publish_feeds(engine, out, DAY, BASE))
    new = [_call(args.calls + i, "New call") for i in range(args.new)]
    repo.upsert_opportunities(engine, new, datetime(2026, 12, 1, 6))
    _timed(f"incremental, {args.new} new calls", rows, lambda: publish_feeds(engine, out, DAY, BASE))
    people = repo.load_profiles(engine)[: args.personal if args.personal is not None else None]

    def personal() -> tuple[int, int]:
        size = sum(len(personal_feed(engine, p, DAY, f"{BASE}/p/t{p.id}/", "atom")) for p in people)
        return len(people), size

    if people:
        _timed(f"{len(people):,} personal Atom feeds (web app)", rows, personal)
    _report(args, rows, seeded, out)
    engine.dispose()


def _report(args, rows, seeded: float, out: Path) -> None:  # type: ignore[no-untyped-def]
    full, full_cpu = rows[0][1], rows[0][2]
    files = [p for p in out.rglob("*") if p.is_file()]
    print(f"{args.calls:,} calls, {args.profiles:,} profiles (seeded in {seeded:.0f} s); "
          f"{len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.0f} MB; "
          f"load {os.getloadavg()[0]:.1f}; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB\n")  # fmt: skip
    print("| run | wall s | CPU s | entries rendered | from cache | files rewritten "
          "| full ÷ this (wall) | full ÷ this (CPU) |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, seconds, cpu, result in rows:
        if isinstance(result, tuple):  # personal feeds: (how many, bytes)
            count, size = result
            print(f"| {label} | {seconds:.2f} | {cpu:.2f} | {count:,} feeds, {size / 1e6:.0f} MB "
                  f"| – | – | {seconds / max(1, count) * 1000:.1f} ms a feed | "
                  f"{cpu / max(1, count) * 1000:.1f} ms a feed |")  # fmt: skip
            continue
        written = len(result.files) - len(result.unchanged)
        print(f"| {label} | {seconds:.2f} | {cpu:.2f} | {result.rendered:,} | {result.reused:,} "
              f"| {written} | {full / seconds:.1f}× | {full_cpu / cpu:.1f}× |")  # fmt: skip

if __name__ == "__main__":
    main()
