"""`python -m crawlers.run` (one source, one JSON line) and the runner when a child dies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawlers.runner import REPO_ROOT, crawl_sources

pytestmark = pytest.mark.slow

FEED = """
[[sources]]
name = "blog"
spider = "feed"
url = "{base}/feeds/scholarships-rss2.xml"
download_delay = 0

[[sources]]
name = "council"
spider = "feed"
url = "{base}/feeds/calls-atom.xml"
download_delay = 0
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, "-m", "crawlers.run", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_run_prints_one_json_line_and_records_the_run(
    site: str, kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    sources = kit.write_sources(tmp_path, FEED)
    proc = _run(
        "--sources", str(sources), "--only", "blog", "--database-url", sqlite_url,
        "--base", site, "--today", kit.TODAY.isoformat(), "--allow-host", "127.0.0.1",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["source"] == "blog"
    assert result["status"] == "ok"
    assert result["recorded"] is True
    assert (result["scraped"], result["new"], result["dropped"]) == (5, 3, 2)
    assert result["drop_reasons"] == {"duplicate-url": 1, "missing-title": 1}
    assert result["details"]["requests"] == 2  # robots.txt and the feed
    assert result["details"]["responses_by_status"] == {"200": 1, "404": 1}
    (run,) = kit.crawl_runs(sqlite_url, "blog")
    assert run["id"] == result["run_id"]
    assert run["status"] == "ok"
    assert len(kit.opportunities(sqlite_url, "blog")) == 3
    # the crawl logs to stderr, politely and without deprecation noise
    assert "Spider opened" in proc.stderr
    assert "Warning" not in proc.stderr, proc.stderr
    assert "Remote control" not in proc.stderr
    assert "OpportunityRadar/" in proc.stderr  # the user agent in the overridden settings


def test_run_with_an_unknown_source_name_says_so(kit: Any, sqlite_url: str, tmp_path: Path) -> None:
    sources = kit.write_sources(tmp_path, FEED)
    proc = _run(
        "--sources", str(sources), "--only", "blgo", "--database-url", sqlite_url,
        "--base", "http://127.0.0.1:9",
    )  # fmt: skip
    assert proc.returncode == 2
    result = json.loads(proc.stdout)
    assert result["status"] == "failed"
    assert result["recorded"] is False
    assert "no source named 'blgo' (did you mean 'blog'?)" in result["errors"][0]
    assert kit.crawl_runs(sqlite_url) == []


def test_run_without_a_schema_cannot_record_and_exits_non_zero(
    site: str, kit: Any, tmp_path: Path
) -> None:
    sources = kit.write_sources(tmp_path, FEED)
    empty = f"sqlite:///{tmp_path / 'never-migrated.db'}"
    proc = _run(
        "--sources", str(sources), "--only", "blog", "--database-url", empty, "--base", site
    )
    assert proc.returncode == 3
    result = json.loads(proc.stdout)
    assert result["recorded"] is False
    assert "could not open a crawl run" in result["errors"][0]


def test_runner_records_a_child_that_exits_without_recording(
    site: str, kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    sources = kit.write_sources(tmp_path, FEED)
    # The file disappears after the first source: the second child cannot read it and exits.
    results = crawl_sources(
        sources,
        sqlite_url,
        base=site,
        parallel=1,
        on_done=lambda result: sources.unlink(missing_ok=True),
        today=kit.TODAY,
        allowed_hosts=kit.ALLOWED,
    )
    blog, council = results
    assert blog.status == "ok"
    assert council.status == "failed"
    assert council.recorded
    assert council.run_id is not None
    assert any("crawler process exited with code 2" in e for e in council.errors)
    assert any("file not found" in e for e in council.errors)
    runs = {r["source"]: r for r in kit.crawl_runs(sqlite_url)}
    assert runs["council"]["status"] == "failed"
    assert runs["council"]["finished_at"] is not None
    assert any("exited with code 2" in e for e in runs["council"]["errors"])


def test_runner_stops_a_hanging_crawl_and_records_why(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    text = '[[sources]]\nname = "hangs"\nspider = "feed"\nurl = "{base}/hang"\ndownload_delay = 0\n'
    sources = kit.write_sources(tmp_path, text)
    with kit.serve(kit.PAGES, hang_seconds=20) as base:
        (result,) = crawl_sources(
            sources, sqlite_url, base=base, timeout=8, today=kit.TODAY, allowed_hosts=kit.ALLOWED
        )
    assert result.status == "failed"
    assert result.recorded
    assert any("timeout" in e for e in result.errors), result.errors
    (run,) = kit.crawl_runs(sqlite_url, "hangs")
    assert run["status"] == "failed"
    assert run["finished_at"] is not None
