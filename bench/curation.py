"""What one curation action costs when the web app applies it at once (an incremental match
run), as a ratio against the full rematch it replaces, in the same run on the same data.

Usage: python bench/curation.py [--profiles 1000] [--opportunities 5000]

A synthetic SQLite database (bench/match.py's corpus; every profile in one of 50 groups) is
matched in full, then each action is taken and followed by `radar.jobs.curation.apply_now`'s
incremental run: recommend a call to one group, feature a call, hide a call, one person's
"not relevant". Before this change the incremental run ignored curation (0 rescored), so
the only way to apply it the same day was the full rematch — the baseline here.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.match import TODAY, Corpus
from domain import clock
from radar.jobs.match import run_match
from storage import repository as repo
from storage.engine import make_engine
from storage.migrate import upgrade


def _timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--opportunities", type=int, default=5000)
    args = parser.parse_args(argv)
    corpus = Corpus()
    with tempfile.TemporaryDirectory() as folder, clock.pinned(datetime(2025, 3, 8, 6, tzinfo=UTC)):
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        repo.upsert_opportunities(engine, corpus.opportunities(args.opportunities), clock.utcnow())
        people = [replace(p, details={**p.details, "groups": [f"g{i % 50}"]})
                  for i, p in enumerate(corpus.profiles(args.profiles))]  # fmt: skip
        repo.upsert_profiles(engine, people)
        full, _ = _timed(lambda: run_match(engine, TODAY, full=True))
        open_ids = [o.id for o in repo.load_opportunities(engine, open_on=TODAY)][:3]
        actions = [
            ("recommend a call to a group (2% of people)",
             lambda: repo.recommend(engine, open_ids[0], group="g7", by="bench")),
            ("feature a call", lambda: repo.set_flags(engine, open_ids[1], featured=True)),
            ("hide a call", lambda: repo.set_flags(engine, open_ids[2], hidden=True)),
            ("a person's 'not relevant'", lambda: repo.add_feedback(engine, "p3", open_ids[1])),
        ]  # fmt: skip
        print(f"# {args.profiles} profiles x {args.opportunities} opportunities; "
              f"load {os.getloadavg()[0]:.2f}")  # fmt: skip
        print("| step | seconds | rescored in full | vs full rematch |")
        print("| --- | --- | --- | --- |")
        print(f"| full rematch (baseline) | {full:.2f} | {args.profiles} | 1.00× |")
        for name, act in actions:
            act()
            seconds, summary = _timed(lambda: run_match(engine, TODAY))
            assert summary.mode == "incremental"
            print(f"| {name} + incremental match | {seconds:.2f} | "
                  f"{len(summary.rescored_profiles)} | {seconds / full:.2f}× |")  # fmt: skip
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
