"""`radar crawl` through the CLI: bad sources beside good ones; exit 1 only when all fail."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from radar.demo.server import serve_folder
from storage import repository as repo
from storage.engine import make_engine

pytestmark = pytest.mark.slow
GOOD_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test blog</title><link>http://example.org/</link>
<description>t</description>
<item><title>Master's scholarship in Korea 2027</title><link>https://blog.example.org/korea</link>
<guid>korea-2027</guid><description>Deadline: 15 March 2027. Open to all nationalities.</description></item>
<item><link>https://blog.example.org/untitled</link><guid>untitled</guid><description>No title here</description></item>
</channel></rss>
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _crawl(sources: Path, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "radar.cli", "crawl", "--sources", str(sources), "--database-url", db],
        capture_output=True, text=True, timeout=600, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def _entry(name: str, url: str) -> str:
    return f'[[sources]]\nname = "{name}"\nspider = "feed"\nurl = "{url}"\nallow_private = true\n\n'


def test_bad_sources_are_recorded_good_ones_stored(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.xml").write_text(GOOD_FEED, encoding="utf-8")
    (site / "broken.xml").write_text(
        "<html><body>Not a feed at all</body></html>", encoding="utf-8"
    )
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    db = f"sqlite:///{tmp_path / 'radar.db'}"
    with serve_folder(site) as base:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            _entry("good-feed", f"{base}/feed.xml")
            + _entry("not-xml", f"{base}/broken.xml")
            + _entry("missing-page", f"{base}/gone.xml")
            + _entry("refused", f"http://127.0.0.1:{_free_port()}/feed.xml")
        )
        result = _crawl(sources, db)
        assert result.returncode == 0, result.stdout + result.stderr
        only_bad = tmp_path / "bad.toml"
        only_bad.write_text(_entry("refused", f"http://127.0.0.1:{_free_port()}/feed.xml"))
        all_bad = _crawl(only_bad, db)
    assert all_bad.returncode == 1
    assert "every source failed" in all_bad.stderr
    engine = make_engine(db)
    runs = {r["source"]: r for r in repo.latest_runs(engine)}
    assert runs["good-feed"]["new"] == 1
    assert runs["good-feed"]["dropped"] == 1  # the item without a title, with its reason
    assert runs["good-feed"]["drop_reasons"]
    for bad in ("not-xml", "missing-page", "refused"):
        assert runs[bad]["status"] == "failed", runs[bad]
        assert runs[bad]["errors"], bad
    (stored,) = repo.load_opportunities(engine)
    assert stored.title == "Master's scholarship in Korea 2027"
    engine.dispose()
