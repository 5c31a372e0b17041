"""Benchmark: bulk upsert (Core INSERT … ON CONFLICT) against a per-row ORM merge() baseline.

Run: python bench/upsert.py [--rows 5000] [--database-url URL]
(with a PostgreSQL URL each method gets a new schema, left behind for inspection)
Prints a Markdown table; both are measured in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from domain import Kind, Level, OpportunityRecord, Status
from storage import repository as repo
from storage.convert import content_hash, opportunity_to_row
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.models import Opportunity


def records(n: int, version: int) -> list[OpportunityRecord]:
    """n invented records; ``version`` changes their summaries so a rerun is an update."""
    return [
        OpportunityRecord(
            id=f"bench/call-{i}",
            source="bench",
            url=f"https://bench.example.org/calls/{i}",
            title=f"Research grant number {i}",
            summary=f"Summary {i} v{version}",
            kind=Kind.GRANT,
            levels=[Level.PHD, Level.POSTDOC],
            eligible_countries=["UZ", "KZ"],
            amount=1000.0 + i,
            currency="EUR",
            deadline=date(2027, 1 + i % 12, 1 + i % 28),
            status=Status.OPEN,
            details={"fully_funded": i % 2 == 0},
        )
        for i in range(n)
    ]


def bulk(url: str, recs: list[OpportunityRecord]) -> float:
    engine = make_engine(url)
    start = time.perf_counter()
    repo.upsert_opportunities(engine, recs, datetime(2026, 11, 27))
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def orm_merge(url: str, recs: list[OpportunityRecord]) -> float:
    """The baseline the issue names: one ORM merge() per record, one commit."""
    engine = make_engine(url)
    now = datetime(2026, 11, 27)
    start = time.perf_counter()
    with Session(engine) as session:
        for rec in recs:
            row = opportunity_to_row(rec)
            session.merge(
                Opportunity(
                    **row, canonical_url=rec.url, first_seen=now, last_seen=now,
                    last_changed=now, content_hash=content_hash(row),
                )
            )  # fmt: skip
        session.commit()
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def _fresh(url: str | None, sqlite_file: Path) -> str:
    """A SQLite file, or a new empty schema on the given PostgreSQL server."""
    if not url:
        return f"sqlite:///{sqlite_file}"
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        for name, fn in (("bulk upsert (ours)", bulk), ("ORM merge() per row", orm_merge)):
            url = _fresh(args.database_url, Path(tmp) / f"{fn.__name__}.db")
            upgrade(url)
            insert_s = fn(url, records(args.rows, 1))
            update_s = fn(url, records(args.rows, 2))
            results.append((name, insert_s, update_s))
    base_insert, base_update = results[1][1], results[1][2]
    print(f"rows: {args.rows}\n")
    print("| method | insert (s) | update (s) | insert speed-up | update speed-up |")
    print("|---|---|---|---|---|")
    for name, ins, upd in results:
        print(
            f"| {name} | {ins:.3f} | {upd:.3f} | {base_insert / ins:.1f}× | {base_update / upd:.1f}× |"
        )


if __name__ == "__main__":
    main()
