"""Lifecycle across crawls: a call that vanished from its source is flagged, kept, and an
unchanged (304/same body) run never flags anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from radar.config import load_settings
from radar.demo.server import serve_folder
from radar.jobs.crawl import run_crawl
from storage import repository as repo
from storage.engine import make_engine

pytestmark = pytest.mark.slow
ITEM = """<item><title>{title}</title><link>https://blog.example.org/{slug}</link><guid>{slug}</guid>
<description>Deadline: 15 March 2027. Open to all nationalities.</description></item>"""


def _feed(*slugs: str) -> str:
    items = "".join(ITEM.format(title=f"Scholarship {s.title()} 2027", slug=s) for s in slugs)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Blog</title>'
        f"<link>http://example.org/</link><description>d</description>{items}</channel></rss>"
    )


def test_vanished_calls_are_flagged_only_by_a_complete_run(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    feed = site / "feed.xml"
    db = f"sqlite:///{tmp_path / 'radar.db'}"
    settings = load_settings(database_url=db)
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[sources]]\nname = "blog"\nspider = "feed"\nurl = "{base}/feed.xml"\nallow_private = true\n'
    )
    with serve_folder(site) as base:
        feed.write_text(_feed("korea", "japan"), encoding="utf-8")
        first = run_crawl(settings, sources, base=base)
        assert first.vanished == []
        feed.write_text(_feed("korea"), encoding="utf-8")
        second = run_crawl(settings, sources, base=base)
        third = run_crawl(settings, sources, base=base)  # same body: not re-read
    engine = make_engine(db)
    by_title = {o.title: o for o in repo.load_opportunities(engine)}
    assert set(by_title) == {"Scholarship Korea 2027", "Scholarship Japan 2027"}  # kept
    japan, korea = by_title["Scholarship Japan 2027"], by_title["Scholarship Korea 2027"]
    assert second.vanished == [japan.id]
    assert third.vanished == []
    assert "vanished_since" in japan.details
    assert "vanished_since" not in korea.details
    engine.dispose()
