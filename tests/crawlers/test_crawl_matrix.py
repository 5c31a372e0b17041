"""Good and bad sources crawled together through Scrapy into SQLite; checked field by field.

One run of ``crawl_sources`` (one subprocess per source) against the test pages on 127.0.0.1:
RSS 2.0, Atom, RSS 1.0, RSS 0.91, a paginated listing, a paged JSON API and a ranking file,
beside a refused connection, a 500 page and a "feed" that is HTML. The good ones are stored in
full; each bad one has a failed crawl run saying why.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from crawlers.results import CrawlResult
from crawlers.runner import all_failed, crawl_sources
from storage.migrate import upgrade

pytestmark = pytest.mark.slow

SOURCES = """
[[sources]]
name = "blog-rss2"
spider = "feed"
url = "{base}/feeds/scholarships-rss2.xml"
schedule = "daily"
download_delay = 0
[sources.defaults]
funder = "Samarkand Tech Foundation"

[[sources]]
name = "council-atom"
spider = "feed"
url = "{base}/feeds/calls-atom.xml"
download_delay = 0

[[sources]]
name = "exchange-rss1"
spider = "feed"
url = "{base}/feeds/exchanges-rss1.rdf"
download_delay = 0

[[sources]]
name = "notices-rss091"
spider = "feed"
url = "{base}/feeds/notices-rss091.xml"
download_delay = 0

[[sources]]
name = "calls-portal"
spider = "listing"
url = "{base}/portal/index.html"
max_pages = 2
download_delay = 0
[sources.selectors]
item_link = "css:article.call h2 a::attr(href)"
next_page = "css:a.next::attr(href)"
title = "css:h1"
summary = "css:div.summary"
deadline_text = "css:dd.deadline"
amount_text = "css:dd.amount"
eligibility_text = "css:section.eligibility p"
level_text = "css:dd.level"
kind_text = "css:dd.kind"
funder = "css:dd.funder"
host_institution = "css:dd.host"
host_country_text = "css:dd.country"
external_id = "xpath://dd[@class='ref']/text()"

[[sources]]
name = "grants-api"
spider = "json"
url = "{base}/api/grants-page-1.json"
items_path = "data.items"
next_page_path = "links.next"
download_delay = 0
[sources.fields]
external_id = "id"
title = "title"
summary = "description"
deadline = "closeDate"
amount_text = "award.ceiling"
currency = "award.currency"
levels = "eligibility.levels"
eligible_countries = "eligibility.countries"
url = "links.self"

[[sources]]
name = "engineering-ranking"
spider = "json"
url = "{base}/api/rankings.json"
items_path = "universities"
item_type = "institution"
download_delay = 0
[sources.fields]
name = "name"
country_text = "country"
rank_text = "position"
url = "web"
[sources.defaults]
system = "iner"
year = 2026

[[sources]]
name = "bad-refused"
spider = "feed"
url = "http://127.0.0.1:{closed_port}/feed.xml"
download_delay = 0

[[sources]]
name = "bad-500"
spider = "listing"
url = "{base}/status/500"
download_delay = 0
[sources.selectors]
item_link = "css:a::attr(href)"
title = "css:h1"

[[sources]]
name = "bad-not-xml"
spider = "feed"
url = "{base}/feeds/not-a-feed.xml"
download_delay = 0
"""


@pytest.fixture(scope="module")
def crawled(site: str, kit: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Crawl every source once; the database URL, the results and what on_done saw."""
    folder = tmp_path_factory.mktemp("matrix")
    db_url = f"sqlite:///{folder / 'radar.db'}"
    upgrade(db_url)
    text = SOURCES.replace("{closed_port}", str(kit.closed_port()))
    sources = kit.write_sources(folder, text)
    seen: list[str] = []
    results = crawl_sources(
        sources,
        db_url,
        base=site,
        parallel=4,
        on_done=lambda result: seen.append(result.source),
        timeout=120,
        log_dir=folder / "logs",
        today=kit.TODAY,
        allowed_hosts=kit.ALLOWED,
    )
    return {
        "db": db_url,
        "results": {r.source: r for r in results},
        "order": [r.source for r in results],
        "seen": seen,
        "logs": folder / "logs",
    }


GOOD = [
    "blog-rss2", "council-atom", "exchange-rss1", "notices-rss091",
    "calls-portal", "grants-api", "engineering-ranking",
]  # fmt: skip
BAD = ["bad-refused", "bad-500", "bad-not-xml"]


def test_results_come_back_in_file_order_and_each_is_reported_once(crawled: dict) -> None:
    assert crawled["order"] == GOOD + BAD
    assert sorted(crawled["seen"]) == sorted(GOOD + BAD)
    assert not all_failed(list(crawled["results"].values()))


@pytest.mark.parametrize("name", GOOD)
def test_good_sources_succeed_and_their_run_is_recorded(crawled: dict, kit: Any, name: str) -> None:
    result: CrawlResult = crawled["results"][name]
    assert result.status == "ok", result.errors
    assert result.recorded
    assert result.errors == []
    (run,) = kit.crawl_runs(crawled["db"], name)
    assert run["id"] == result.run_id
    assert run["status"] == "ok"
    assert run["finished_at"] is not None
    assert run["new"] == result.stats.new > 0
    assert run["scraped"] == run["new"] + run["updated"] + run["unchanged"] + run["dropped"]
    assert run["stats"]["requests"] >= 1
    assert run["stats"]["responses_by_status"]["200"] >= 1


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("bad-refused", "connection refused"),
        ("bad-500", "HTTP 500 Internal Server Error"),
        ("bad-not-xml", "not an RSS or Atom feed"),
    ],
)
def test_bad_sources_fail_with_their_reason(
    crawled: dict, kit: Any, name: str, reason: str
) -> None:
    result: CrawlResult = crawled["results"][name]
    assert result.status == "failed"
    assert result.recorded
    assert any(reason in error for error in result.errors), result.errors
    (run,) = kit.crawl_runs(crawled["db"], name)
    assert run["status"] == "failed"
    assert run["finished_at"] is not None
    assert any(reason in error for error in run["errors"])
    assert run["new"] == 0
    assert kit.opportunities(crawled["db"], name) == {}


def test_a_500_page_is_retried_before_giving_up(crawled: dict, kit: Any) -> None:
    (run,) = kit.crawl_runs(crawled["db"], "bad-500")
    # one request plus RETRY_TIMES (2) retries
    assert run["stats"]["responses_by_status"]["500"] == 3
    assert run["stats"]["retries"] == 2


def test_health_of_sources_follows_their_runs(crawled: dict) -> None:
    from storage import repository as repo
    from storage.engine import make_engine

    engine = make_engine(crawled["db"])
    try:
        health = {s["name"]: s for s in repo.list_sources(engine)}
    finally:
        engine.dispose()
    assert {n: health[n]["health"] for n in GOOD} == dict.fromkeys(GOOD, "ok")
    assert {n: health[n]["health"] for n in BAD} == dict.fromkeys(BAD, "failing")
    assert health["calls-portal"]["spider"] == "listing"
    assert health["calls-portal"]["options"]["max_pages"] == 2
    assert health["blog-rss2"]["url"].endswith("/feeds/scholarships-rss2.xml")


def test_each_source_log_is_kept(crawled: dict) -> None:
    logs: Path = crawled["logs"]
    assert sorted(p.stem for p in logs.glob("*.log")) == sorted(GOOD + BAD)
    assert "Spider opened" in (logs / "blog-rss2.log").read_text(encoding="utf-8")


# --- RSS 2.0 ---


def test_rss2_item_fields(crawled: dict, kit: Any, site: str) -> None:
    rows = kit.opportunities(crawled["db"], "blog-rss2")
    item = rows["blog-rss2/stsb-2026-001"]
    assert item["source"] == "blog-rss2"
    assert item["title"] == "Aral Sea Water Engineering Master's Scholarship 2026"
    assert item["url"] == f"{site}/blog/aral-water-masters.html?utm_source=rss&utm_medium=feed"
    assert item["canonical_url"] == f"{site}/blog/aral-water-masters.html"
    # HTML made plain text: tags and the script's code are gone
    assert item["summary"] == (
        "Fully funded master's scholarship in water resources engineering at Tashkent "
        "Polytechnic. Application deadline: 15 March 2026."
    )
    assert "alert" not in item["summary"]
    assert item["funder"] == "Samarkand Tech Foundation"  # from [sources.defaults]
    assert item["kind"] == "scholarship"
    assert item["levels"] == ["master"]
    assert item["language"] == "en"
    assert item["published"] == datetime(2026, 1, 5, 9, 0)
    assert item["details"]["extra"]["categories"] == ["Scholarships", "Water engineering"]
    assert item["details"]["extra"]["author"].startswith("office@scholarships.example.test")
    assert item["first_seen"] == item["last_seen"]


def test_rss2_relative_links_resolve_and_entities_decode(
    crawled: dict, kit: Any, site: str
) -> None:
    rows = kit.opportunities(crawled["db"], "blog-rss2")
    assert set(rows) == {
        "blog-rss2/stsb-2026-001",
        "blog-rss2/stsb-2026-002",
        "blog-rss2/stsb-2026-003",
    }
    phd = rows["blog-rss2/stsb-2026-002"]
    assert phd["url"] == f"{site}/blog/silk-road-phd.html"
    assert phd["kind"] == "fellowship"
    assert phd["levels"] == ["phd"]
    school = rows["blog-rss2/stsb-2026-003"]
    assert school["title"] == "Summer School on Renewable Grids & Storage"
    assert school["published"] == datetime(2026, 1, 7, 8, 15)


def test_rss2_item_without_title_and_duplicate_link_are_dropped_and_counted(
    crawled: dict, kit: Any
) -> None:
    result: CrawlResult = crawled["results"]["blog-rss2"]
    assert result.stats.scraped == 5
    assert result.stats.new == 3
    assert result.stats.drop_reasons == {"missing-title": 1, "duplicate-url": 1}
    (run,) = kit.crawl_runs(crawled["db"], "blog-rss2")
    assert run["dropped"] == 2
    assert run["drop_reasons"] == {"missing-title": 1, "duplicate-url": 1}
    urls = [r["url"] for r in kit.opportunities(crawled["db"], "blog-rss2").values()]
    assert not any("untitled-call" in u for u in urls)


# --- Atom ---


def test_atom_entry_fields(crawled: dict, kit: Any, site: str) -> None:
    rows = kit.opportunities_by_url(crawled["db"], "council-atom")
    assert set(rows) == {"council/calls/2026-17.html", "council/calls/2026-18.html"}
    grant = rows["council/calls/2026-17.html"]
    assert grant["id"] == "council-atom/urn-fvrc-call-2026-17"
    assert grant["title"] == "Joint Research Grant: Seismic-Safe Housing"
    assert grant["url"] == f"{site}/council/calls/2026-17.html"
    assert (
        grant["summary"] == "Grants up to USD 40,000 for faculty teams. Closing date 20 May 2026."
    )
    assert grant["kind"] == "grant"
    assert grant["published"] == datetime(2026, 1, 8, 8, 0)
    assert grant["language"] == "en"
    assert grant["details"]["extra"]["categories"] == ["Civil engineering"]


def test_atom_content_is_the_summary_when_there_is_no_summary(crawled: dict, kit: Any) -> None:
    mobility = kit.opportunities_by_url(crawled["db"], "council-atom")["council/calls/2026-18.html"]
    assert mobility["title"] == "Staff Mobility Week in Namangan"
    assert mobility["summary"] == (
        "Staff mobility for administrative staff of partner universities. "
        "Apply by 10 February 2026."
    )
    assert mobility["kind"] == "staff-mobility"
    # <updated> stands in for a missing <published>
    assert mobility["published"] == datetime(2026, 1, 10, 9, 30)


# --- RSS 1.0 (RDF) and RSS 0.91 ---


def test_rss1_item_fields(crawled: dict, kit: Any) -> None:
    rows = kit.opportunities_by_url(crawled["db"], "exchange-rss1")
    assert set(rows) == {"programmes/khiva-semester", "programmes/urgench-lab"}
    khiva = rows["programmes/khiva-semester"]
    assert khiva["title"] == "Семестр по обмену в Хиве"
    assert khiva["url"] == "http://exchange.example.test/programmes/khiva-semester"
    assert khiva["summary"] == (
        "Обмен студентами бакалавриата на один семестр. Срок подачи: до 15 марта 2026 г."
    )
    assert khiva["id"].startswith("exchange-rss1/")
    assert khiva["language"] == "ru"
    assert khiva["published"] == datetime(2026, 1, 4, 7, 0)
    assert khiva["kind"] == "exchange"
    lab = rows["programmes/urgench-lab"]
    assert lab["title"] == "Urgench Lab Internship"
    assert lab["kind"] == "internship"


def test_rss091_item_fields(crawled: dict, kit: Any) -> None:
    (cup,) = kit.opportunities(crawled["db"], "notices-rss091").values()
    assert cup["title"] == "Competition: Student Robotics Cup 2026"
    assert cup["url"] == "http://notices.example.test/robotics-cup-2026"
    assert cup["summary"] == "Teams of bachelor students; registration closes 28 February 2026."
    assert cup["language"] == "en"


# --- listing ---


def test_listing_follows_next_page_up_to_max_pages(crawled: dict, kit: Any) -> None:
    rows = kit.opportunities_by_url(crawled["db"], "calls-portal")
    assert set(rows) == {
        "portal/calls/green-hydrogen-phd.html",
        "portal/calls/smart-irrigation-grant.html",
        "portal/calls/erasmus-style-exchange.html",
        "portal/calls/ai-summer-school.html",
    }  # page 3's call is beyond max_pages = 2; page 2's repeated link is stored once
    (run,) = kit.crawl_runs(crawled["db"], "calls-portal")
    assert run["scraped"] == 4
    assert run["stats"]["capped"] is True
    (api_run,) = kit.crawl_runs(crawled["db"], "grants-api")
    assert api_run["stats"]["capped"] is False  # its last page has no next link


def test_listing_detail_fields(crawled: dict, kit: Any, site: str) -> None:
    row = kit.opportunities(crawled["db"], "calls-portal")["calls-portal/nerf-2026-014"]
    assert row["url"] == f"{site}/portal/calls/green-hydrogen-phd.html"
    assert row["title"] == "PhD Positions in Green Hydrogen Catalysis"
    assert row["summary"] == (
        "Four doctoral positions on low-cost electrolysers, co-supervised with partner labs."
    )
    assert row["deadline"] == date(2026, 3, 31)
    assert row["status"] == "open"
    assert row["amount"] == 2100.0
    assert row["currency"] == "EUR"
    assert row["levels"] == ["phd"]
    assert row["kind"] == "scholarship"
    assert row["funder"] == "Nordic Energy Research Foundation"
    assert row["host_institution"] == "Technical University of Aarhusby"
    assert row["host_country"] == "DK"
    assert sorted(row["eligible_countries"]) == ["KG", "KZ", "UZ"]
    assert row["details"]["deadline_raw"] == "31 March 2026"


def test_listing_empty_field_on_page_stays_empty(crawled: dict, kit: Any) -> None:
    row = kit.opportunities(crawled["db"], "calls-portal")["calls-portal/cawf-sig-07"]
    assert row["title"] == "Smart Irrigation Pilot Grant"
    assert row["host_institution"] is None  # <dd class="host"></dd>
    assert row["host_country"] == "UZ"
    assert row["amount"] == 25000.0
    assert row["currency"] == "USD"
    assert row["kind"] == "grant"
    assert row["levels"] == ["faculty"]


# --- JSON API ---


def test_json_api_follows_next_page_and_maps_fields(crawled: dict, kit: Any, site: str) -> None:
    rows = kit.opportunities(crawled["db"], "grants-api")
    assert set(rows) == {
        "grants-api/icg-2026-001",
        "grants-api/icg-2026-002",
        "grants-api/icg-2026-003",
    }
    first = rows["grants-api/icg-2026-001"]
    assert first["title"] == "Industry Co-funded Research Grant in Mechatronics"
    assert first["url"] == f"{site}/grants/ICG-2026-001"  # relative link resolved
    assert first["summary"] == "Joint projects between university labs and manufacturers."
    assert first["deadline"] == date(2026, 4, 30)
    assert first["amount"] == 150_000_000.0
    assert first["currency"] == "UZS"
    assert first["levels"] == ["faculty", "postdoc"]
    assert first["eligible_countries"] == ["UZ"]
    assert first["status"] == "open"


def test_json_api_typed_values_and_nulls(crawled: dict, kit: Any) -> None:
    rows = kit.opportunities(crawled["db"], "grants-api")
    travel = rows["grants-api/icg-2026-002"]
    assert travel["amount"] == 1500.0
    assert travel["currency"] == "EUR"
    assert travel["eligible_countries"] == ["UZ", "TJ"]
    assert travel["deadline"] == date(2026, 3, 1)
    last = rows["grants-api/icg-2026-003"]  # from page 2
    assert last["url"] == "https://grants.example.test/grants/ICG-2026-003"
    assert last["deadline"] is None  # "closeDate": null
    assert last["amount"] == 5000.0
    assert last["currency"] == "USD"
    assert last["levels"] == ["bachelor", "master"]


def test_json_ranking_file_stores_institutions_with_ranks(crawled: dict, kit: Any) -> None:
    found = kit.institutions(crawled["db"])
    assert set(found) == {
        "Tashkent Institute of Applied Engineering",
        "Almaty Polytechnic Academy",
        "Instituto Técnico de Valdoria",
    }
    tiae = found["Tashkent Institute of Applied Engineering"]
    assert tiae["country"] == "UZ"
    assert tiae["url"] == "https://tiae.example.test/"
    (rank,) = tiae["ranks"]
    assert (rank["system"], rank["year"], rank["rank"], rank["rank_lower"]) == (
        "iner",
        2026,
        "401-450",
        401,
    )
    almaty = found["Almaty Polytechnic Academy"]
    assert almaty["country"] == "KZ"
    assert [(r["rank"], r["rank_lower"]) for r in almaty["ranks"]] == [("=212", 212)]
    valdoria = found["Instituto Técnico de Valdoria"]
    assert valdoria["country"] == "ES"
    assert valdoria["url"] is None
    assert [r["rank"] for r in valdoria["ranks"]] == ["1001+"]
    result: CrawlResult = crawled["results"]["engineering-ranking"]
    assert (result.stats.scraped, result.stats.new) == (3, 3)
