"""Source health from crawl runs, interrupted runs, the weekly view, and the page cache."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from sqlalchemy import update

from domain import CrawlStats, clock
from storage import repository as repo
from storage.crawl_runs import INTERRUPTED, STALE_RUN_AFTER
from storage.models import CrawlRun

NOW = datetime(2026, 11, 27, 9, 0)


def _utcnow() -> datetime:
    return clock.utcnow()  # storage's clock: naive UTC


def _run(engine, items: int, status: str = "ok", **health) -> int:  # type: ignore[no-untyped-def]
    run = repo.start_crawl_run(engine, "src")
    stats = CrawlStats("src", scraped=items, new=items, errors=[] if items else ["no items found"])
    repo.finish_crawl_run(engine, run, stats, status, {"requests": 1}, **health)
    return run


def _source(engine) -> dict:  # type: ignore[no-untyped-def]
    return repo.source_state(engine, "src") or {}


@pytest.mark.parametrize(
    ("items", "usual", "minimum", "why"),
    [
        (0, None, None, "no items stored"),
        (3, None, 5, "only 3 items stored, expected at least 5"),
        (4, 10, None, "only 4 items stored, usually about 10; has the site changed?"),
        (5, 10, None, None),  # half the usual count is still fine
        (7, None, 5, None),
        (9, 10, 5, None),
    ],
)
def test_too_few_items(items: int, usual: int | None, minimum: int | None, why: str | None) -> None:
    assert repo.too_few_items(items, usual, minimum) == why


def test_health_follows_runs_and_pauses_after_n_failures(engine) -> None:  # type: ignore[no-untyped-def]
    repo.ensure_source(engine, "src", "feed", "https://example.org/feed", {})
    assert _source(engine)["health"] == "new"
    _run(engine, 10)
    assert (_source(engine)["health"], _source(engine)["usual_items"]) == ("ok", 10)
    _run(engine, 20)
    assert _source(engine)["usual_items"] == 13  # a running mean: 0.7 × 10 + 0.3 × 20

    _run(engine, 5, "partial")  # far fewer than usual: a failure, the usual count is kept
    state = _source(engine)
    assert (state["health"], state["consecutive_failures"], state["usual_items"]) == (
        "failing",
        1,
        13,
    )
    _run(engine, 0, "failed", pause_after=3)
    assert _source(engine)["health"] == "failing"
    _run(engine, 0, "failed", pause_after=3)
    state = _source(engine)
    assert (state["health"], state["consecutive_failures"]) == ("paused", 3)
    paused_at = state["paused_at"]
    assert paused_at is not None
    _run(engine, 0, "failed", pause_after=3)  # stays paused, since the same moment
    assert (_source(engine)["health"], _source(engine)["paused_at"]) == ("paused", paused_at)

    _run(engine, 13)  # a good run (e.g. crawled by hand) un-pauses it
    state = _source(engine)
    assert (state["health"], state["consecutive_failures"], state["paused_at"]) == ("ok", 0, None)
    assert state["last_success"] is not None


def test_minimum_items_and_never_pausing(engine) -> None:  # type: ignore[no-untyped-def]
    repo.ensure_source(engine, "src", "feed", "https://example.org/feed", {})
    for _ in range(4):
        _run(engine, 3, "partial", min_items=5, pause_after=0)
    state = _source(engine)
    assert (state["health"], state["consecutive_failures"], state["usual_items"]) == (
        "failing",
        4,
        None,
    )


def test_resume_forgets_failures(engine) -> None:  # type: ignore[no-untyped-def]
    repo.ensure_source(engine, "src", "feed", "https://example.org/feed", {})
    assert repo.set_source_health(engine, "src", "paused")
    assert _source(engine)["paused_at"] is not None
    assert repo.set_source_health(engine, "src", "ok")
    state = _source(engine)
    assert (state["health"], state["consecutive_failures"], state["paused_at"]) == ("ok", 0, None)
    assert not repo.set_source_health(engine, "nope", "ok")


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(proc.stdout)


def test_runs_left_running_by_a_dead_process_are_closed(engine) -> None:  # type: ignore[no-untyped-def]
    repo.ensure_source(engine, "src", "feed", "https://example.org/feed", {})
    dead = repo.start_crawl_run(engine, "src", pid=_dead_pid())
    alive = repo.start_crawl_run(engine, "src")  # this process: still running
    elsewhere = repo.start_crawl_run(engine, "src", pid=1, host="another-host")
    old_elsewhere = repo.start_crawl_run(engine, "src", pid=1, host="another-host")
    with engine.begin() as conn:
        long_ago = _utcnow() - STALE_RUN_AFTER - timedelta(hours=1)
        table = CrawlRun.__table__
        conn.execute(update(table).where(table.c.id == old_elsewhere).values(started_at=long_ago))

    assert repo.close_interrupted_runs(engine, "src") == [dead, old_elsewhere]
    assert repo.close_interrupted_runs(engine, "src") == []
    closed = repo.crawl_run(engine, dead)
    assert (closed["status"], closed["errors"]) == ("failed", [INTERRUPTED])
    assert closed["finished_at"] is not None
    assert repo.crawl_run(engine, alive)["status"] == "running"
    assert repo.crawl_run(engine, elsewhere)["status"] == "running"
    assert _source(engine)["health"] == "new"  # a crash says nothing about the site


def test_health_summary_for_a_period(engine) -> None:  # type: ignore[no-untyped-def]
    repo.ensure_source(engine, "src", "feed", "https://example.org/feed", {})
    repo.ensure_source(engine, "quiet", "feed", "https://example.org/quiet", {})
    since = _utcnow() - timedelta(minutes=5)
    _run(engine, 4)
    _run(engine, 2)
    _run(engine, 0, "failed")
    runs = repo.crawl_runs_between(engine, since, source="src")
    assert [r["status"] for r in runs] == ["ok", "ok", "failed"]
    assert repo.crawl_runs_between(engine, _utcnow() + timedelta(minutes=1)) == []
    summary = {row["name"]: row for row in repo.health_summary(engine, since)}
    src = summary["src"]
    assert (src["runs"], src["ok"], src["partial"], src["failed"]) == (3, 2, 0, 1)
    assert (src["new"], src["health"], src["last_status"]) == (6, "failing", "failed")
    assert src["last_errors"] == ["no items found"]
    assert (summary["quiet"]["runs"], summary["quiet"]["last_status"]) == (0, None)


def test_page_cache_round_trip(engine) -> None:  # type: ignore[no-untyped-def]
    page = {
        "url": "https://example.org/list?page=1",
        "etag": 'W/"abc"',
        "last_modified": "Wed, 07 Jan 2026 08:00:00 GMT",
        "body_hash": "b" * 64,
        "fingerprint": "f1",
        "item_ids": ["src/a", "src/b"],
        "links": [{"url": "https://example.org/list?page=2", "callback": "parse", "follow": True}],
        "parsed_at": NOW,
    }
    assert repo.save_pages(engine, "src", [page]) == 1
    assert repo.load_pages(engine, "src", "f2") == {}  # another fingerprint: stale
    (got,) = repo.load_pages(engine, "src", "f1").values()
    assert {k: got[k] for k in page} == page

    repo.save_pages(engine, "src", [{**page, "item_ids": ["src/c"], "etag": None}])
    (got,) = repo.load_pages(engine, "src", "f1").values()
    assert (got["item_ids"], got["etag"]) == (["src/c"], None)

    repo.update_validators(engine, "src", {page["url"]: {"etag": '"v2"', "last_modified": None}})
    (got,) = repo.load_pages(engine, "src", "f1").values()
    assert (got["etag"], got["last_modified"], got["item_ids"]) == ('"v2"', None, ["src/c"])

    long_url = "https://example.org/" + "x" * 5000  # longer than an index would take
    repo.save_pages(
        engine, "src", [{**page, "url": long_url, "parsed_at": NOW - timedelta(days=30)}]
    )
    assert len(repo.load_pages(engine, "src", "f1")) == 2
    assert repo.forget_pages(engine, "src", parsed_before=NOW - timedelta(days=1)) == 1
    assert list(repo.load_pages(engine, "src", "f1")) == [page["url"]]
    assert repo.forget_pages(engine, "src") == 1
