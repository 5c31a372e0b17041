"""Pagination to the end, a changed layout, hostile feeds, and re-crawls that never blank data."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from crawlers.runner import crawl_sources

pytestmark = pytest.mark.slow

LISTING_SELECTORS = """
[sources.selectors]
item_link = "{item_link}"
next_page = "css:a.next::attr(href)"
title = "css:h1"
deadline_text = "css:dd.deadline"
"""


def _listing(name: str, item_link: str) -> str:
    head = f'[[sources]]\nname = "{name}"\nspider = "listing"\nurl = "{{base}}/portal/index.html"\n'
    return head + "download_delay = 0\n" + LISTING_SELECTORS.replace("{item_link}", item_link)


def _feed(name: str, path: str) -> str:
    head = f'[[sources]]\nname = "{name}"\nspider = "feed"\n'
    return head + f'url = "{{base}}{path}"\ndownload_delay = 0\n'


def test_listing_without_max_pages_reads_every_page_and_changed_layout_fails(
    site: str, kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    text = _listing("portal-all", "css:article.call h2 a::attr(href)") + _listing(
        "portal-redesigned", "css:article.offer a.more::attr(href)"
    )
    results = crawl_sources(
        kit.write_sources(tmp_path, text),
        sqlite_url,
        base=site,
        today=kit.TODAY,
        allowed_hosts=kit.ALLOWED,
    )
    by_name = {r.source: r for r in results}
    rows = kit.opportunities_by_url(sqlite_url, "portal-all")
    assert len(rows) == 5
    assert "portal/calls/late-page-three-call.html" in rows  # on page 3
    assert rows["portal/calls/late-page-three-call.html"]["title"] == (
        "Postdoctoral Fellowship in Seismology"
    )
    assert by_name["portal-all"].status == "ok"
    changed = by_name["portal-redesigned"]
    assert changed.status == "failed"
    assert any("has the site's layout changed?" in e for e in changed.errors), changed.errors
    assert kit.opportunities(sqlite_url, "portal-redesigned") == {}


def test_hostile_feeds_are_refused_or_sanitised(
    site: str, kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    text = (
        _feed("laughs", "/feeds/billion-laughs.xml")
        + _feed("xxe", "/feeds/xxe.xml")
        + _feed("hostile", "/feeds/hostile-text.xml")
    )
    results = {
        r.source: r
        for r in crawl_sources(
            kit.write_sources(tmp_path, text),
            sqlite_url,
            base=site,
            today=kit.TODAY,
            allowed_hosts=kit.ALLOWED,
        )
    }
    for name in ("laughs", "xxe"):
        assert results[name].status == "failed"
        assert any("declares XML entities" in e for e in results[name].errors)
        assert kit.opportunities(sqlite_url, name) == {}
    # nothing read from the file system shows up anywhere
    runs = kit.crawl_runs(sqlite_url)
    assert "root:" not in repr(runs)
    assert "root:" not in repr(kit.opportunities(sqlite_url))

    hostile = results["hostile"]
    assert hostile.status == "ok"
    assert hostile.stats.drop_reasons == {"bad-url": 1}
    (row,) = kit.opportunities(sqlite_url, "hostile").values()
    assert row["title"] == "Robotics Grant for Students"
    assert row["summary"] == "Apply here. Deadline: 30 April 2026."
    for text_value in (row["title"], row["summary"]):
        assert "<" not in text_value
        assert "javascript" not in text_value
        assert "\u202e" not in text_value
        assert "\u200b" not in text_value


def test_recrawl_adds_no_duplicates_and_never_blanks_stored_values(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    served = tmp_path / "site"
    (served / "feeds").mkdir(parents=True)
    feed = served / "feeds" / "feed.xml"
    sources = kit.write_sources(tmp_path, _feed("recrawl", "/feeds/feed.xml"))
    with kit.serve(served) as base:
        shutil.copy(kit.PAGES / "recrawl" / "v1" / "feed.xml", feed)
        (first,) = crawl_sources(
            sources, sqlite_url, base=base, today=kit.TODAY, allowed_hosts=kit.ALLOWED
        )
        before = kit.opportunities(sqlite_url, "recrawl")
        (again,) = crawl_sources(
            sources, sqlite_url, base=base, today=kit.TODAY, allowed_hosts=kit.ALLOWED
        )
        shutil.copy(kit.PAGES / "recrawl" / "v2" / "feed.xml", feed)
        (changed,) = crawl_sources(
            sources, sqlite_url, base=base, today=kit.TODAY, allowed_hosts=kit.ALLOWED
        )
    after = kit.opportunities(sqlite_url, "recrawl")

    assert (first.stats.new, first.stats.updated, first.stats.unchanged) == (2, 0, 0)
    assert (again.stats.new, again.stats.updated, again.stats.unchanged) == (0, 0, 2)
    assert changed.stats.new == 0
    assert changed.stats.updated + changed.stats.unchanged == 2
    assert [r["status"] for r in kit.crawl_runs(sqlite_url, "recrawl")] == ["ok", "ok", "ok"]

    # the same two rows, under the same ids
    assert set(after) == set(before)
    desert_id = next(i for i, r in before.items() if r["title"] == "Desert Agriculture Fellowship")
    bridge_id = next(i for i, r in before.items() if r["title"] == "Bridge Monitoring Grant")

    desert_before, desert_after = before[desert_id], after[desert_id]
    # v2 has an empty description and no category: what v1 gave is kept
    assert desert_before["summary"].startswith("A fellowship for PhD researchers")
    assert desert_after["summary"] == desert_before["summary"]
    assert "phd" in desert_before["levels"]  # read from v1's description
    assert desert_after["levels"] == desert_before["levels"]
    assert desert_after["details"]["extra"]["categories"] == ["Agronomy"]
    assert desert_after["first_seen"] == desert_before["first_seen"]
    assert desert_after["last_seen"] > desert_before["last_seen"]

    # the renamed call keeps its id (same canonical URL) and takes the new title
    bridge_after = after[bridge_id]
    assert bridge_after["title"] == "Bridge Health Monitoring Grant 2026"
    assert bridge_after["summary"] == "Sensor networks for ageing bridges; faculty teams."
    assert bridge_after["canonical_url"].endswith("/calls/bridge-monitoring.html")


def test_robots_txt_is_obeyed_and_the_refusal_recorded(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    served = tmp_path / "site"
    shutil.copytree(kit.PAGES / "feeds", served / "feeds")
    (served / "robots.txt").write_text("User-agent: *\nDisallow: /feeds/\n", encoding="utf-8")
    sources = kit.write_sources(tmp_path, _feed("private-feed", "/feeds/calls-atom.xml"))
    with kit.serve(served) as base:
        (result,) = crawl_sources(
            sources, sqlite_url, base=base, today=kit.TODAY, allowed_hosts=kit.ALLOWED
        )
    assert result.status == "failed"
    assert any("Forbidden by robots.txt" in e for e in result.errors), result.errors
    assert result.details["robots_forbidden"] == 1
    assert result.details["responses_by_status"] == {"200": 1}  # robots.txt only
    assert kit.opportunities(sqlite_url, "private-feed") == {}


def test_robots_txt_4xx_allows_everything_and_429_fetches_nothing(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    # RFC 9309: 4xx = "unavailable", no rules; 5xx (and 429, as the big crawlers treat it) =
    # "unreachable", complete disallow.
    def status(code: int) -> Any:
        return lambda handler, count: kit.respond(handler, code, b"", {"Retry-After": "1"})

    with (
        kit.serve_routes({"/robots.txt": status(403)}, kit.PAGES) as forbidden,
        kit.serve_routes({"/robots.txt": status(429)}, kit.PAGES) as limited,
    ):
        text = _feed("robots-403", "/feeds/calls-atom.xml").replace("{base}", forbidden.base)
        text += _feed("robots-429", "/feeds/calls-atom.xml").replace("{base}", limited.base)
        results = {
            r.source: r
            for r in crawl_sources(
                kit.write_sources(tmp_path, text),
                sqlite_url,
                today=kit.TODAY,
                allowed_hosts=kit.ALLOWED,
            )
        }
    assert results["robots-403"].status == "ok"
    assert len(kit.opportunities(sqlite_url, "robots-403")) == 2
    refused = results["robots-429"]
    assert refused.status == "failed"
    assert any("answered HTTP 429: nothing is fetched" in e for e in refused.errors)
    assert {hit.path for hit in limited.hits} == {"/robots.txt"}
    assert refused.details["retry_after_waits"] == 2  # robots.txt itself was retried politely
