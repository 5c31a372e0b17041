"""The crawler's small parts alone: sanitising, URLs, JSON paths, selectors, results, settings."""

from __future__ import annotations

import pytest
from parsel import Selector
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawlers.pipelines.dedupe import DedupePipeline
from crawlers.pipelines.processed import Processed, drop_reasons
from crawlers.pipelines.sanitize import sanitize_raw, to_plain_text
from crawlers.pipelines.store import canonical_url
from crawlers.pipelines.validate import ValidatePipeline
from crawlers.results import CrawlResult, decide_status
from crawlers.selectors import FieldSelector
from crawlers.sources import parse_sources
from crawlers.spiders.json_api import coerce, dig
from domain import CrawlStats, OpportunityRecord
from storage.opportunities import canonical as storage_canonical

# --- sanitising ---


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello <b>world</b></p>", "Hello world"),
        ("Fish &amp; Chips", "Fish & Chips"),
        ("<script>alert(1)</script>Grant", "Grant"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Grant", "Grant"),
        ("&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;", "bold"),
        ('<a href="javascript:alert(1)">Apply</a> now', "Apply now"),
        ("<style>p {color: red}</style>Text", "Text"),
        ("a < b and c > d", "a < b and c > d"),
        ("Bell\x07 and\x00 nul", "Bell and nul"),
        ("right\u202eto\u200bleft", "right to left"),
        ("  many \n\n  spaces\t here ", "many spaces here"),
        ("Стипендия «Эл-юрт умиди»", "Стипендия «Эл-юрт умиди»"),
    ],
)
def test_to_plain_text(html: str, text: str) -> None:
    assert to_plain_text(html) == text


def test_multiline_keeps_paragraphs() -> None:
    assert to_plain_text("<p>One</p><p>Two<br>Three</p>", multiline=True) == "One\nTwo\nThree"


def test_sanitize_raw_leaves_urls_and_typed_values_alone() -> None:
    raw = {
        "url": " https://example.test/a?b=1&c=2\x00 ",
        "title": "<b>T</b>",
        "levels": ["<i>phd</i>"],
        "amount": 5.0,
        "extra": {"html": "<b>kept</b>"},
    }
    assert sanitize_raw(raw) == {
        "url": "https://example.test/a?b=1&c=2",
        "title": "T",
        "levels": ["phd"],
        "amount": 5.0,
        "extra": {"html": "<b>kept</b>"},
    }


# --- canonical URLs ---


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://a.test/x?utm_source=rss&b=2&a=1", "http://a.test/x?a=1&b=2"),
        ("http://a.test/x?UTM_Medium=feed", "http://a.test/x"),
        ("http://a.test/x#section", "http://a.test/x"),
        ("http://a.test/x?fbclid=abc&id=7", "http://a.test/x?id=7"),
        ("http://A.TEST/a%2fb", "http://a.test/a%2Fb"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical
    # the crawler dedupes with exactly the form storage keys rows by
    assert canonical_url(url) == storage_canonical(url)


# --- pipelines (plain objects, real Scrapy stats) ---


def _record(rid: str, url: str, title: str = "T") -> Processed:
    record = OpportunityRecord(id=rid, source=rid.split("/")[0], url=url, title=title)
    return Processed({"source": record.source, "url": url, "title": title}, record)


def test_dedupe_drops_same_canonical_url_and_keeps_ids_unique() -> None:
    stats = MemoryStatsCollector(get_crawler())
    pipeline = DedupePipeline(stats, known={})
    pipeline.process_item(_record("s/a", "http://x.test/a?utm_source=1"))
    with pytest.raises(DropItem, match="duplicate-url"):
        pipeline.process_item(_record("s/a-again", "http://x.test/a#top"))
    twin = pipeline.process_item(_record("s/a", "http://x.test/other"))
    assert twin.record.id.startswith("s/a-") and len(twin.record.id) == len("s/a-") + 8
    assert drop_reasons(stats.get_stats()) == {"duplicate-url": 1}


def test_dedupe_keeps_the_stored_id_of_a_known_url() -> None:
    stats = MemoryStatsCollector(get_crawler())
    pipeline = DedupePipeline(stats, known={"http://x.test/a": "s/old-title"})
    item = pipeline.process_item(_record("s/new-title", "http://x.test/a?utm_source=x"))
    assert item.record.id == "s/old-title"
    assert drop_reasons(stats.get_stats()) == {}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ({"url": "http://x.test/1"}, "missing-title"),
        ({"title": "T"}, "missing-url"),
        ({"title": "T", "url": "javascript:alert(1)"}, "bad-url"),
        ({"title": "T", "url": "http://x.test/1"}, "unparseable"),
    ],
)
def test_validate_drops_with_reason(raw: dict, reason: str) -> None:
    stats = MemoryStatsCollector(get_crawler())
    with pytest.raises(DropItem, match=reason):
        ValidatePipeline(stats).process_item(Processed(raw, None, "cannot read it"))
    assert drop_reasons(stats.get_stats()) == {reason: 1}


# --- JSON paths and values ---


def test_dig() -> None:
    doc = {"data": {"items": [{"id": 1}, {"id": 2}]}, "links": {"next": None}}
    assert dig(doc, "data.items.1.id") == 2
    assert dig(doc, "data.items.-1.id") == 2
    assert dig(doc, "data.items.5.id") is None
    assert dig(doc, "links.next") is None
    assert dig(doc, "nothing.here") is None
    assert dig(doc, "") is doc


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (1500, str, "1500"),
        (["math", "physics", ""], str, "math, physics"),
        ({"a": 1}, str, None),
        ("2500.5", float, 2500.5),
        ("n/a", float, None),
        (True, float, None),
        ("2026", int, 2026),
        ("phd", list[str], ["phd"]),
        (["UZ", None, 3], list[str], ["UZ", "3"]),
        ({"k": "v"}, dict, {"k": "v"}),
        (None, str, None),
    ],
)
def test_coerce(value: object, target: object, expected: object) -> None:
    assert coerce(value, target) == expected


# --- selectors ---

PAGE = Selector(
    text="<html><body><h1> Smart <b>Irri</b>gation </h1><div class=s><p>One</p>"
    "<script>var x</script><p>Two</p><!-- note --></div><a class=next href='p2.html'>Next</a>"
    "<dd class=d>1 May</dd></body></html>"
)


@pytest.mark.parametrize(
    ("spec", "texts"),
    [
        ("css:h1", ["Smart Irrigation"]),
        ("h1", ["Smart Irrigation"]),
        ("css:div.s", ["One Two"]),
        ("css:a.next::attr(href)", ["p2.html"]),
        ("xpath://a/@href", ["p2.html"]),
        ("xpath://dd[@class='d']/text()", ["1 May"]),
        ("css:article.gone", []),
    ],
)
def test_selector_texts(spec: str, texts: list[str]) -> None:
    assert FieldSelector.parse(spec).texts(PAGE) == texts


@pytest.mark.parametrize("spec", ["css:h1[", "xpath://h1[", "css:"])
def test_bad_selectors_are_described(spec: str) -> None:
    assert FieldSelector.parse(spec).problem()


# --- results ---


def test_status_rules() -> None:
    assert decide_status(CrawlStats("s", new=1)) == "ok"
    assert decide_status(CrawlStats("s", unchanged=1, errors=["x: HTTP 404"])) == "partial"
    assert decide_status(CrawlStats("s", scraped=3, dropped=3)) == "failed"


def test_result_round_trips_through_json() -> None:
    result = CrawlResult(
        "s", "partial", CrawlStats("s", 3, 1, 1, 0, 1, ["e"], {"missing-title": 1}), 7, True,
        {"requests": 4},
    )  # fmt: skip
    import json

    assert CrawlResult.from_dict(json.loads(result.to_json())) == result


# --- settings ---


def test_settings_are_polite_and_ordered() -> None:
    settings = Settings()
    settings.setmodule("crawlers.settings")
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert settings.getint("DOWNLOAD_TIMEOUT") == 20
    assert settings.getint("DOWNLOAD_MAXSIZE") == 15 * 1024 * 1024
    assert settings.getint("REDIRECT_MAX_TIMES") == 5
    assert not settings.getbool("TELNETCONSOLE_ENABLED")
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")
    assert "OpportunityRadar" in settings["USER_AGENT"] and "+http" in settings["USER_AGENT"]
    order = sorted(settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
    assert [(path.rsplit(".", 1)[1], n) for path, n in order] == [
        ("NormalizePipeline", 100),
        ("ValidatePipeline", 200),
        ("DedupePipeline", 300),
        ("StorePipeline", 400),
    ]


def test_per_source_settings() -> None:
    from crawlers.run import RunOptions, crawl_settings

    (source,) = parse_sources(
        '[[sources]]\nname = "s"\nspider = "feed"\nurl = "https://x.test/f"\ndownload_delay = 3\n'
    )
    settings = crawl_settings(
        source, "sqlite:///x.db", RunOptions(log_level="WARNING", time_limit=60)
    )
    assert settings.getfloat("DOWNLOAD_DELAY") == 3
    assert settings.getfloat("AUTOTHROTTLE_START_DELAY") == 3
    assert settings.getfloat("CLOSESPIDER_TIMEOUT") == 60
    assert settings["RADAR_DATABASE_URL"] == "sqlite:///x.db"
    assert settings["LOG_LEVEL"] == "WARNING"
