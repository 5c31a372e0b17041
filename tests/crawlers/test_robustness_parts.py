"""The robustness parts alone: Retry-After, error wording, replayable links, the page log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawlers.errors import describe_exception
from crawlers.middlewares.retry_after import retry_after_seconds
from crawlers.pagecache import FOLLOW, PageLog, link_of
from domain import clock

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Thu, 15 Jan 2026 12:00:30 GMT", 30.0),
        ("Thu, 15 Jan 2026 11:00:00 GMT", 0.0),  # in the past: retry now
        ("soon", None),
        ("-5", None),
        ("", None),
    ],
)
def test_retry_after_values(value: str, seconds: float | None) -> None:
    assert retry_after_seconds(value, NOW) == seconds


def test_errors_name_the_limits_that_stopped_a_download() -> None:
    settings = Settings({"DOWNLOAD_MAXSIZE": 1000, "REDIRECT_MAX_TIMES": 5})
    assert describe_exception(DownloadCancelledError(), settings) == (
        "body larger than the maximum size (1000 bytes): download cancelled"
    )
    assert describe_exception(IgnoreRequest("max redirections reached"), settings) == (
        "too many redirects (more than 5; a redirect loop?)"
    )
    assert describe_exception(IgnoreRequest("Forbidden by robots.txt")) == (
        "Forbidden by robots.txt"
    )


class _Spider(Spider):
    name = "parts"

    def parse(self, response: Any, page: int = 1) -> None:
        pass

    def parse_detail(self, response: Any) -> None:
        pass

    def on_error(self, failure: Any) -> None:
        pass


class _Other:
    def parse(self, response: Any) -> None:
        pass


@pytest.fixture
def spider() -> _Spider:
    return _Spider()


def test_links_a_replay_can_rebuild(spider: _Spider) -> None:
    follow = Request(
        "https://x.test/p2",
        callback=spider.parse,
        errback=spider.on_error,
        cb_kwargs={"page": 2},
        meta={FOLLOW: True},
    )
    assert link_of(follow, spider) == {
        "url": "https://x.test/p2",
        "callback": "parse",
        "kwargs": {"page": 2},
        "follow": True,
        "dont_filter": False,
        "priority": 0,
    }
    detail = Request("https://x.test/d", callback=spider.parse_detail, errback=spider.on_error)
    assert link_of(detail, spider, spider.parse)["follow"] is False  # type: ignore[index]
    # another page read like this one (a spider paging by hand) is re-checked too
    same = Request("https://x.test/p3", callback=spider.parse, errback=spider.on_error)
    assert link_of(same, spider, spider.parse)["follow"] is True  # type: ignore[index]


@pytest.mark.parametrize(
    "changes",
    [
        {"method": "POST", "body": b"q=1"},
        {"headers": {"Accept": "application/json"}},
        {"meta": {"cookiejar": 1}},
        {"cb_kwargs": {"when": datetime(2026, 1, 1)}},
        {"callback": _Other().parse},
    ],
)
def test_links_a_replay_cannot_rebuild(spider: _Spider, changes: dict[str, Any]) -> None:
    request = Request("https://x.test/a", **{"callback": spider.parse, **changes})
    assert link_of(request, spider) is None


def _entry(url: str, items: list[str], links: list[dict], age_days: float = 0) -> dict:
    parsed = clock.utcnow() - timedelta(days=age_days)
    return {"url": url, "item_ids": items, "links": links, "parsed_at": parsed}


def _link(url: str, follow: bool = False) -> dict:
    return {"url": url, "callback": "parse", "kwargs": {}, "follow": follow}


def test_replaying_an_unchanged_page() -> None:
    stats = MemoryStatsCollector(get_crawler())
    log = PageLog(stats, max_age=timedelta(days=7))
    log.open(
        "src",
        "fp",
        {
            "L1": _entry("L1", [], [_link("D1"), _link("D2"), _link("D3"), _link("L2", True)]),
            "D1": _entry("D1", ["src/1"], []),
            "D2": _entry("D2", ["src/2"], [], age_days=30),  # too old to vouch for
            "L2": _entry("L2", [], [_link("D1")]),
        },
    )
    to_fetch = [link["url"] for link in log.replay("L1")]
    assert to_fetch == ["D2", "D3", "L2"]  # stale, unknown, and the next page
    assert log.replayed_ids == {"src/1"}
    assert stats.get_value("radar/pages_not_refetched") == 1
    assert log.replay("L1") == []  # a page is replayed once per run
    assert log.replay("L2") == []  # D1 was counted already
    assert log.replayed_ids == {"src/1"}


def test_only_pages_read_in_full_without_errors_are_saved() -> None:
    log = PageLog(MemoryStatsCollector(get_crawler()), max_age=timedelta(days=7))
    log.open("src", "fp", {})
    for url in ("ok", "failed", "incomplete", "unreplayable"):
        log.fetched[url] = {"etag": None, "last_modified": None, "body_hash": "h"}
    log.completed.update({"ok", "failed", "unreplayable"})
    log.failed.add("failed")
    log.unreplayable.add("unreplayable")
    log.items["ok"] += ["src/b", "src/a", "src/a"]
    (saved,) = log.pages_to_save()
    assert (saved["url"], saved["item_ids"], saved["fingerprint"]) == (
        "ok",
        ["src/a", "src/b"],
        "fp",
    )


def test_the_crawl_settings_wire_the_robust_middlewares() -> None:
    from crawlers.run import crawl_settings
    from crawlers.sources import parse_sources

    (source,) = parse_sources('[[sources]]\nname = "s"\nspider = "feed"\nurl = "https://x.test/"\n')
    settings = crawl_settings(source, "sqlite:///x.db")
    middlewares = settings.getwithbase("DOWNLOADER_MIDDLEWARES")
    enabled = sorted(
        (
            (path.rsplit(".", 1)[1], order)
            for path, order in middlewares.items()
            if order is not None
        ),
        key=lambda item: item[1],
    )
    names = [name for name, _ in enabled]
    assert names.index("PrivateAddressMiddleware") < names.index("FailClosedRobotsTxtMiddleware")
    assert "RobotsTxtMiddleware" not in names and "RetryMiddleware" not in names
    assert dict(enabled)["RetryAfterMiddleware"] == 550
    # conditional requests see decompressed (590) and redirected (600) responses
    assert dict(enabled)["ConditionalRequestMiddleware"] < 590
    assert settings["TWISTED_DNS_RESOLVER"] == "crawlers.middlewares.ssrf.GuardedResolver"
    handlers = settings.getwithbase("DOWNLOAD_HANDLERS")
    assert {k for k, v in handlers.items() if v} == {"http", "https"}
    assert settings.getbool("RADAR_ALLOW_PRIVATE") is False
    assert settings.getint("DOWNLOAD_TIMEOUT") == 20
    assert settings.getint("DOWNLOAD_MAXSIZE") == 15 * 1024 * 1024
    assert settings.getint("REDIRECT_MAX_TIMES") == 5
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
