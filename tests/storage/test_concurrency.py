"""Several processes writing one SQLite file at once never hit "database is locked"."""

from __future__ import annotations

import multiprocessing as mp
from datetime import datetime

from domain import OpportunityRecord
from storage import repository as repo
from storage.engine import make_engine


def _writer(url: str, worker: int, rounds: int, queue) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    try:
        for r in range(rounds):
            recs = [
                OpportunityRecord(f"w/{i}", "w", f"https://e.org/{i}", f"T{i} {worker}.{r}")
                for i in range(100)
            ]
            repo.upsert_opportunities(engine, recs, datetime(2026, 11, 27, 10, r))
        queue.put(("ok", worker))
    except Exception as exc:  # reported to the parent, which fails the test
        queue.put(("error", repr(exc)))
    finally:
        engine.dispose()


def test_parallel_writers_never_lock_or_duplicate(db_url):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(db_url, w, 15, queue)) for w in range(4)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert [r for r in results if r[0] != "ok"] == []
    engine = make_engine(db_url)
    assert len(repo.load_opportunities(engine)) == 100
    engine.dispose()
