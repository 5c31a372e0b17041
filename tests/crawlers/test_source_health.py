"""Source health: what each run records, failing on too few items, pausing, `radar sources`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crawlers.results import CrawlResult
from crawlers.runner import all_failed, crawl_sources
from storage import repository as repo
from storage.engine import make_engine

pytestmark = pytest.mark.slow


def _feed_body(count: int) -> bytes:
    items = "".join(
        f"<item><title>Scholarship {i} in civil engineering</title>"
        f"<link>http://calls.example.test/{i}</link><guid>call-{i}</guid>"
        f"<description>Master's scholarship number {i}.</description></item>"
        for i in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Calls</title>'
        f"<link>http://calls.example.test/</link><description>x</description>{items}"
        "<item><link>http://calls.example.test/untitled</link></item></channel></rss>"
    ).encode()


def _source(kit: Any, db_url: str, name: str) -> dict[str, Any]:
    engine = make_engine(db_url)
    try:
        return {s["name"]: s for s in repo.list_sources(engine)}[name]
    finally:
        engine.dispose()


def _wide_table(db_url: str) -> str:
    """What `radar sources` prints, on a console wide enough to keep each row on one line."""
    from rich.console import Console

    from radar.cli.render import sources_table

    console = Console(record=True, width=250)
    engine = make_engine(db_url)
    try:
        sources_table(console, repo.list_sources(engine), repo.latest_runs(engine))
    finally:
        engine.dispose()
    return console.export_text()


def test_a_run_records_requests_statuses_items_drops_errors_and_duration(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    body = _feed_body(4)
    routes = {"/calls.xml": lambda h, c: kit.respond(h, 200, body, {"Content-Type": "text/xml"})}
    text = '[[sources]]\nname = "calls"\nspider = "feed"\nurl = "{base}/calls.xml"\n'
    with kit.serve_routes(routes) as site:
        (result,) = crawl_sources(
            kit.write_sources(tmp_path, text + "download_delay = 0\n"),
            sqlite_url,
            base=site.base,
            today=kit.TODAY,
            allowed_hosts=kit.ALLOWED,
        )
    (run,) = kit.crawl_runs(sqlite_url, "calls")
    assert (run["status"], run["scraped"], run["new"], run["updated"], run["unchanged"]) == (
        "ok",
        5,
        4,
        0,
        0,
    )
    assert (run["dropped"], run["drop_reasons"]) == (1, {"missing-title": 1})
    assert run["errors"] == []
    stats = run["stats"]
    assert (stats["requests"], stats["responses"]) == (2, 2)
    assert stats["responses_by_status"] == {"200": 1, "404": 1}
    assert stats["duration_s"] > 0
    assert stats["bytes"] > 0
    assert run["finished_at"] >= run["started_at"]
    assert result.run_id == run["id"]
    source = _source(kit, sqlite_url, "calls")
    assert (source["health"], source["usual_items"], source["consecutive_failures"]) == ("ok", 4, 0)


def test_far_fewer_items_than_usual_or_than_expected_is_failing(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    served = {"body": _feed_body(10)}
    routes = {
        "/calls.xml": lambda h, c: kit.respond(h, 200, served["body"], {"Content-Type": "text/xml"})
    }
    text = (
        '[[sources]]\nname = "calls"\nspider = "feed"\nurl = "{base}/calls.xml"\n'
        "download_delay = 0\n\n"
        '[[sources]]\nname = "calls-min"\nspider = "feed"\nurl = "{base}/calls.xml"\n'
        "download_delay = 0\nexpected_min_items = 20\n"
    )
    sources = kit.write_sources(tmp_path, text)
    with kit.serve_routes(routes) as site:

        def crawl() -> dict[str, CrawlResult]:
            results = crawl_sources(
                sources, sqlite_url, base=site.base, today=kit.TODAY, allowed_hosts=kit.ALLOWED
            )
            return {r.source: r for r in results}

        first = crawl()
        served["body"] = _feed_body(3)  # the site now lists far fewer calls
        second = crawl()

    assert first["calls"].status == "ok"
    assert _source(kit, sqlite_url, "calls")["usual_items"] == 10
    assert second["calls"].status == "partial"
    assert "only 3 items stored, usually about 10; has the site changed?" in second["calls"].errors
    calls = _source(kit, sqlite_url, "calls")
    assert (calls["health"], calls["consecutive_failures"], calls["usual_items"]) == (
        "failing",
        1,
        10,  # a bad run does not drag the usual count down
    )
    assert first["calls-min"].status == "partial"
    assert "only 10 items stored, expected at least 20" in first["calls-min"].errors
    assert _source(kit, sqlite_url, "calls-min")["health"] == "failing"


def test_a_source_is_paused_after_n_failures_skipped_and_resumed(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    from radar.cli.app import app

    text = (
        '[[sources]]\nname = "broken"\nspider = "feed"\nurl = "{base}/status/500"\n'
        "download_delay = 0\n\n"
        '[[sources]]\nname = "fine"\nspider = "feed"\nurl = "{base}/feeds/calls-atom.xml"\n'
        "download_delay = 0\n"
    )
    sources = kit.write_sources(tmp_path, text)
    cli = CliRunner()
    with kit.serve(kit.PAGES) as base:

        def crawl() -> dict[str, CrawlResult]:
            done: list[str] = []
            results = crawl_sources(
                sources,
                sqlite_url,
                base=base,
                today=kit.TODAY,
                allowed_hosts=kit.ALLOWED,
                pause_after=2,
                on_done=lambda r: done.append(r.source),
            )
            assert sorted(done) == ["broken", "fine"]
            return {r.source: r for r in results}

        first = crawl()
        assert _source(kit, sqlite_url, "broken")["health"] == "failing"
        second = crawl()
        paused = _source(kit, sqlite_url, "broken")
        third = crawl()
        table = cli.invoke(app, ["sources", "--database-url", sqlite_url])
        wide = _wide_table(sqlite_url)
        resumed = cli.invoke(app, ["sources", "resume", "broken", "--database-url", sqlite_url])
        after_resume = _source(kit, sqlite_url, "broken")
        fourth = crawl()

    assert first["broken"].status == second["broken"].status == "failed"
    assert (paused["health"], paused["consecutive_failures"]) == ("paused", 2)
    assert paused["paused_at"] is not None
    # paused: not crawled, no crawl run, a message saying how to resume it
    skipped = third["broken"]
    assert skipped.status == "skipped" and not skipped.recorded
    assert skipped.errors == ["paused after 2 failed runs; run `radar sources resume broken`"]
    assert third["fine"].status == "ok"
    assert not all_failed(list(third.values()))
    assert not all_failed([skipped])
    # `radar sources` shows it; `radar sources resume` brings it back
    assert table.exit_code == 0, table.output
    assert "Source health" in table.output and "broken" in table.output
    broken_row = next(line for line in wide.splitlines() if "│ broken" in line)
    assert "paused (2×)" in broken_row
    assert "paused since" in broken_row and "radar sources resume broken" in broken_row
    fine_row = next(line for line in wide.splitlines() if "│ fine" in line)
    assert "0 new, 0 upd, 2 same" in fine_row  # the third run: unchanged since the first
    assert "2 (304×1, 404×1)" in fine_row
    assert resumed.exit_code == 0 and "Resumed broken." in resumed.output
    assert (after_resume["health"], after_resume["consecutive_failures"]) == ("ok", 0)
    assert after_resume["paused_at"] is None
    assert fourth["broken"].status == "failed"  # crawled again (and still broken)
    assert _source(kit, sqlite_url, "broken")["health"] == "failing"
    assert len(kit.crawl_runs(sqlite_url, "broken")) == 3
