"""Conditional requests: validators stored per URL and sent back verbatim; unchanged = no work.

A page that answers 304, or 200 with the body it had, is not parsed again and nothing of it is
written; its records count as unchanged (so the source stays healthy). An unchanged list page
is not followed into its detail pages. A changed source definition, a page that had an
error, or a cache entry past its age are read in full again.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crawlers.runner import crawl_sources
from storage.engine import make_engine
from storage.models import Opportunity, PageCacheEntry

pytestmark = pytest.mark.slow

# Served verbatim and expected back verbatim: a weak ETag with a latin-1 byte in it.
ETAG = 'W/"v1;\xe4-2026"'
LAST_MODIFIED = "Wed, 07 Jan 2026 08:00:00 GMT"
FEED_PATH = "/news/feed.xml"
LISTING = """
[[sources]]
name = "portal"
spider = "listing"
url = "{base}/portal/index.html"
download_delay = 0
[sources.selectors]
item_link = "css:article.call h2 a::attr(href)"
next_page = "css:a.next::attr(href)"
title = "css:h1"
summary = "css:div.summary"
deadline_text = "css:dd.deadline"
external_id = "xpath://dd[@class='ref']/text()"
"""


def _feed_source(path: str = FEED_PATH) -> str:
    return (
        f'[[sources]]\nname = "news"\nspider = "feed"\nurl = "{{base}}{path}"\ndownload_delay = 0\n'
    )


def _rows(db_url: str, model: Any) -> list[dict[str, Any]]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            table = model.__table__
            return [dict(r) for r in conn.execute(select(table)).mappings()]
    finally:
        engine.dispose()


class _Feed:
    """A feed that honours If-None-Match; its body and ETag can be changed between runs."""

    def __init__(self, kit: Any, body: bytes, validators: bool = True):
        self.kit = kit
        self.body = body
        self.etag = ETAG
        self.validators = validators

    def __call__(self, handler: Any, count: int) -> None:
        if self.validators and handler.headers.get("If-None-Match") == self.etag:
            self.kit.respond(handler, 304, b"", {"ETag": self.etag})
            return
        headers = {"Content-Type": "application/rss+xml"}
        if self.validators:
            headers |= {"ETag": self.etag, "Last-Modified": LAST_MODIFIED}
        self.kit.respond(handler, 200, self.body, headers)


def _crawl(kit: Any, sources: Path, db_url: str, base: str, **kwargs: Any) -> Any:
    (result,) = crawl_sources(
        sources, db_url, base=base, today=kit.TODAY, allowed_hosts=kit.ALLOWED, **kwargs
    )
    return result


def test_an_unchanged_feed_is_not_parsed_nor_written(kit: Any, db_url: str, tmp_path: Path) -> None:
    feed = _Feed(kit, (kit.PAGES / "feeds/scholarships-rss2.xml").read_bytes())
    sources = kit.write_sources(tmp_path, _feed_source())
    with kit.serve_routes({FEED_PATH: feed}) as site:
        first = _crawl(kit, sources, db_url, site.base)
        stored, cached = _rows(db_url, Opportunity), _rows(db_url, PageCacheEntry)
        second = _crawl(kit, sources, db_url, site.base)
        after_second = _rows(db_url, Opportunity), _rows(db_url, PageCacheEntry)
        feed.body = feed.body.replace(b"Aral Sea Water Engineering", b"Aral Sea Hydro Engineering")
        feed.etag = 'W/"v2"'
        third = _crawl(kit, sources, db_url, site.base)
    hits = site.hits_of(FEED_PATH)

    assert (first.status, first.stats.new, first.stats.scraped) == ("ok", 3, 5)
    (entry,) = cached
    assert (entry["url"], entry["etag"], entry["last_modified"]) == (
        f"{site.base}{FEED_PATH}",
        ETAG,
        LAST_MODIFIED,
    )
    assert sorted(entry["item_ids"]) == sorted(r["id"] for r in stored)

    # The validators went back byte for byte.
    assert "If-None-Match" not in hits[0].headers
    assert hits[1].headers["If-None-Match"] == ETAG
    assert hits[1].headers["If-Modified-Since"] == LAST_MODIFIED
    # 304: nothing parsed, nothing written, the records counted as unchanged.
    assert second.status == "ok", second.errors
    assert (second.stats.scraped, second.stats.new, second.stats.updated) == (0, 0, 0)
    assert second.stats.unchanged == 3
    assert second.details["pages_not_modified"] == 1
    assert second.details["unchanged_not_reparsed"] == 3
    assert second.details["responses_by_status"] == {"304": 1, "404": 1}
    assert after_second == (stored, cached)

    # A new ETag and body: parsed and written again.
    assert hits[2].headers["If-None-Match"] == ETAG
    assert third.status == "ok"
    assert (third.stats.scraped, third.stats.updated, third.stats.unchanged) == (5, 1, 2)
    (entry,) = _rows(db_url, PageCacheEntry)
    assert entry["etag"] == 'W/"v2"'
    runs = kit.crawl_runs(db_url, "news")
    assert [r["status"] for r in runs] == ["ok", "ok", "ok"]


def test_the_same_body_without_validators_is_not_parsed_again(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    feed = _Feed(kit, (kit.PAGES / "feeds/calls-atom.xml").read_bytes(), validators=False)
    sources = kit.write_sources(tmp_path, _feed_source())
    with kit.serve_routes({FEED_PATH: feed}) as site:
        first = _crawl(kit, sources, sqlite_url, site.base)
        stored = _rows(sqlite_url, Opportunity)
        second = _crawl(kit, sources, sqlite_url, site.base)
    assert first.stats.new == 2
    assert "If-None-Match" not in site.hits_of(FEED_PATH)[1].headers  # nothing to send back
    assert (second.status, second.stats.scraped, second.stats.unchanged) == ("ok", 0, 2)
    assert second.details["pages_same_body"] == 1
    assert second.details["responses_by_status"] == {"200": 1, "404": 1}
    assert _rows(sqlite_url, Opportunity) == stored


def _portal(tmp_path: Path, kit: Any) -> Path:
    served = tmp_path / "site"
    shutil.copytree(kit.PAGES / "portal", served / "portal")
    return served


def _touch_later(path: Path, text: str) -> None:
    # SimpleHTTPRequestHandler's Last-Modified has 1 s resolution: move the time on clearly.
    path.write_text(text, encoding="utf-8")
    later = time.time() + 10
    os.utime(path, (later, later))


def test_an_unchanged_list_page_is_not_followed_into_its_detail_pages(
    kit: Any, db_url: str, tmp_path: Path
) -> None:
    served = _portal(tmp_path, kit)
    sources = kit.write_sources(tmp_path, LISTING)
    details = "/portal/calls/"
    with kit.serve_routes({}, served) as site:
        first = _crawl(kit, sources, db_url, site.base)
        stored = _rows(db_url, Opportunity)
        mark = len(site.hits)
        second = _crawl(kit, sources, db_url, site.base)
        second_hits = site.hits[mark:]
        # page 2 changes (its heading); its calls do not
        page2 = served / "portal" / "page-2.html"
        text = page2.read_text(encoding="utf-8")
        _touch_later(page2, text.replace("<h1>Open calls</h1>", "<h1>Open calls (updated)</h1>"))
        mark = len(site.hits)
        third = _crawl(kit, sources, db_url, site.base)
        third_hits = site.hits[mark:]

    assert (first.status, first.stats.new) == ("ok", 5)
    assert first.details["requests"] == 9  # robots.txt, 3 list pages, 5 detail pages

    # Run 2: every list page answers 304; no detail page is requested; no write.
    assert second.status == "ok", second.errors
    assert [h.path for h in second_hits] == [
        "/robots.txt",
        "/portal/index.html",
        "/portal/page-2.html",
        "/portal/page-3.html",
    ]
    assert all("If-Modified-Since" in h.headers for h in second_hits[1:])
    assert (second.stats.scraped, second.stats.new, second.stats.updated) == (0, 0, 0)
    assert second.stats.unchanged == 5
    assert second.details["pages_not_modified"] == 3
    assert second.details["pages_not_refetched"] == 5
    assert _rows(db_url, Opportunity) == stored

    # Run 3: page 2 is parsed again; its detail pages are asked conditionally (304).
    assert third.status == "ok", third.errors
    page2_details = [h for h in third_hits if h.path.startswith(details)]
    assert page2_details, [h.path for h in third_hits]
    assert all("If-Modified-Since" in h.headers for h in page2_details)
    assert third.stats.unchanged == 5
    assert (third.stats.new, third.stats.updated) == (0, 0)
    assert third.details["pages_not_modified"] == 2 + len(page2_details)


def test_a_changed_source_definition_reads_every_page_again(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    served = _portal(tmp_path, kit)
    sources = kit.write_sources(tmp_path, LISTING)
    with kit.serve_routes({}, served) as site:
        _crawl(kit, sources, sqlite_url, site.base)
        kit.write_sources(tmp_path, LISTING.replace("css:div.summary", "css:div.summary p"))
        mark = len(site.hits)
        again = _crawl(kit, sources, sqlite_url, site.base)
    assert again.details["pages_not_modified"] == 0
    assert again.stats.scraped == 5
    assert not any("If-Modified-Since" in h.headers for h in site.hits[mark:])


def test_a_page_that_had_an_error_is_read_again(kit: Any, sqlite_url: str, tmp_path: Path) -> None:
    served = _portal(tmp_path, kit)
    broken = LISTING.replace("article.call h2 a", "article.offer a.more")
    sources = kit.write_sources(tmp_path, broken)
    with kit.serve_routes({}, served) as site:
        first = _crawl(kit, sources, sqlite_url, site.base)
        second = _crawl(kit, sources, sqlite_url, site.base)
    for result in (first, second):
        assert result.status == "failed"
        assert any("has the site's layout changed?" in e for e in result.errors)
    assert second.details["pages_not_modified"] == 0
    assert _rows(sqlite_url, PageCacheEntry) == []


def test_cache_entries_past_their_age_are_not_used(
    kit: Any, sqlite_url: str, tmp_path: Path
) -> None:
    served = _portal(tmp_path, kit)
    sources = kit.write_sources(tmp_path, LISTING)
    with kit.serve_routes({}, served) as site:
        _crawl(kit, sources, sqlite_url, site.base)
        mark = len(site.hits)
        again = _crawl(
            kit, sources, sqlite_url, site.base, settings={"RADAR_PAGE_CACHE_MAX_AGE_DAYS": 0}
        )
    assert not any("If-Modified-Since" in h.headers for h in site.hits[mark:])
    assert (again.stats.scraped, again.stats.unchanged) == (5, 5)
    assert again.details["pages_not_modified"] == 0
