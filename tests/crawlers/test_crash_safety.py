"""Crash safety and concurrent crawls, on SQLite and PostgreSQL.

- A crawl killed with SIGKILL in the middle leaves the database consistent: the batches it
  committed are there whole, nothing half-written; its run is closed as interrupted by the
  next run, which picks up normally and stores the rest.
- Several crawl subprocesses writing at once (two of them crawling the same source) never
  fail with "database is locked" and never store a record twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from crawlers.runner import REPO_ROOT, crawl_sources
from storage.crawl_runs import INTERRUPTED
from storage.engine import make_engine
from storage.models import Opportunity, PageCacheEntry

pytestmark = pytest.mark.slow

CALLS = 240
BATCH = 20

DETAIL = """<html><head><meta charset="utf-8"><title>Call {i}</title></head><body>
<h1>Research Grant {i}: Water, Energy and Materials</h1>
<div class="summary">Grant number {i} for faculty teams; three-year projects.</div>
<dl><dd class="ref">RG-{i:04d}</dd><dd class="deadline">{day} June 2026</dd></dl>
</body></html>"""


def _slow_listing(kit: Any) -> dict[str, Any]:
    links = "".join(
        f'<li><a class="call" href="/big/call-{i}.html">Call {i}</a></li>' for i in range(CALLS)
    )
    index = f"<html><body><ul>{links}</ul></body></html>".encode()

    def index_route(handler: Any, count: int) -> None:
        kit.respond(handler, 200, index, {"Content-Type": "text/html; charset=utf-8"})

    def detail(i: int) -> Any:
        body = DETAIL.format(i=i, day=1 + i % 28).encode()

        def route(handler: Any, count: int) -> None:
            time.sleep(0.03)  # slow enough that the crawl is still going when it is killed
            kit.respond(handler, 200, body, {"Content-Type": "text/html; charset=utf-8"})

        return route

    return {"/big/index.html": index_route} | {
        f"/big/call-{i}.html": detail(i) for i in range(CALLS)
    }


LISTING = """[[sources]]
name = "big-portal"
spider = "listing"
url = "{base}/big/index.html"
download_delay = 0
[sources.selectors]
item_link = "css:a.call::attr(href)"
title = "css:h1"
summary = "css:div.summary"
deadline_text = "css:dd.deadline"
external_id = "xpath://dd[@class='ref']/text()"
"""


def _count(db_url: str, model: Any, **where: Any) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            table = model.__table__
            stmt = select(func.count()).select_from(table)
            for column, value in where.items():
                stmt = stmt.where(table.c[column] == value)
            return int(conn.execute(stmt).scalar_one())
    finally:
        engine.dispose()


def _run_command(sources: Path, name: str, db_url: str, base: str, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "crawlers.run", "--sources", str(sources), "--only", name,
        "--database-url", db_url, "--base", base, "--today", "2026-01-15",
        "--allow-host", "127.0.0.1", *extra,
    ]  # fmt: skip


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO_ROOT))


def test_a_crawl_killed_mid_run_leaves_a_consistent_database(
    kit: Any, db_url: str, tmp_path: Path
) -> None:
    sources = kit.write_sources(tmp_path, LISTING)
    with kit.serve_routes(_slow_listing(kit)) as site:
        command = _run_command(
            sources, "big-portal", db_url, site.base, "--setting", f"RADAR_STORE_BATCH_SIZE={BATCH}"
        )
        proc = subprocess.Popen(
            command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while _count(db_url, Opportunity) < 2 * BATCH and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        committed = _count(db_url, Opportunity)

        assert proc.returncode == -signal.SIGKILL
        assert BATCH <= committed < CALLS  # killed in the middle
        assert committed % BATCH == 0  # whole batches only: nothing half-written
        if db_url.startswith("sqlite"):
            engine = make_engine(db_url)
            with engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            engine.dispose()
        (killed,) = kit.crawl_runs(db_url, "big-portal")
        assert killed["status"] == "running"  # nobody could record its end
        assert _count(db_url, PageCacheEntry) == 0  # the cache is written only after the records

        # The next run closes the interrupted one and stores everything.
        (result,) = crawl_sources(
            sources,
            db_url,
            base=site.base,
            today=kit.TODAY,
            allowed_hosts=kit.ALLOWED,
            settings={"RADAR_STORE_BATCH_SIZE": BATCH},
        )
    assert result.status == "ok", result.errors
    assert (result.stats.new, result.stats.unchanged) == (CALLS - committed, committed)
    assert _count(db_url, Opportunity) == CALLS
    interrupted, finished = kit.crawl_runs(db_url, "big-portal")
    assert interrupted["status"] == "failed"
    assert interrupted["finished_at"] is not None
    assert interrupted["errors"] == [INTERRUPTED]
    assert finished["status"] == "ok"


def _big_feed(name: str, items: int) -> bytes:
    entries = "".join(
        f"<item><title>{name} call {i}: scholarship in engineering</title>"
        f"<link>http://calls.example.test/{name}/{i}</link>"
        + (f"<guid>{name}-{i}</guid>" if i % 2 else "")  # half of them get ids from their title
        + f"<description>Call {i} of {name}.</description></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{name}</title>'
        f"<link>http://calls.example.test/</link><description>Calls</description>{entries}"
        "</channel></rss>"
    ).encode()


def test_concurrent_crawls_never_lock_and_never_duplicate(
    kit: Any, db_url: str, tmp_path: Path
) -> None:
    names, items = ["feed-a", "feed-b", "feed-c"], 400
    routes = {}
    for name in names:
        body = _big_feed(name, items)
        routes[f"/{name}.xml"] = lambda handler, count, body=body: kit.respond(
            handler, 200, body, {"Content-Type": "application/rss+xml"}
        )
    text_ = "".join(
        f'[[sources]]\nname = "{n}"\nspider = "feed"\nurl = "{{base}}/{n}.xml"\ndownload_delay = 0\n'
        for n in names
    )
    sources = kit.write_sources(tmp_path, text_)
    with kit.serve_routes(routes) as site:
        # Two processes per source, six at once, small batches: many interleaved writes.
        procs = [
            subprocess.Popen(
                _run_command(
                    sources, name, db_url, site.base, "--setting", "RADAR_STORE_BATCH_SIZE=25"
                ),
                env=_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in names
            for _ in range(2)
        ]
        outputs = [proc.communicate(timeout=240) for proc in procs]
    results = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    for proc, (_, err), result in zip(procs, outputs, results, strict=True):
        assert proc.returncode == 0, err[-2000:]
        assert result["status"] == "ok", result["errors"]
        assert "locked" not in err
        assert result["new"] + result["updated"] + result["unchanged"] == items
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            table = Opportunity.__table__
            for name in names:
                rows = conn.execute(
                    select(table.c.id, table.c.canonical_url).where(table.c.source == name)
                ).all()
                assert len(rows) == items
                assert len({url for _, url in rows}) == items  # one row per call
    finally:
        engine.dispose()
    assert len(kit.crawl_runs(db_url)) == 6
