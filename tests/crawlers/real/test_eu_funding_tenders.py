"""The EU Funding & Tenders search response (raw SEDIA JSON, saved) through Scrapy: fields, paging."""

from __future__ import annotations

import json
from datetime import date

import pytest

from domain.vocabulary import Kind, Status

pytestmark = [pytest.mark.shared, pytest.mark.slow]

PATH = "/search-api/prod/rest/search"
PORTAL = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/"


def test_saved_page_field_by_field(real, crawl) -> None:
    saved = real.saved("eu-funding-tenders", "sedia_search_page_raw.json")
    with real.serve_routes({PATH: real.file_route(saved, "application/json")}) as site:
        run = crawl(real.local_copy("eu-funding-tenders", site.base + PATH + "?apiKey=SEDIA&text=***"))
        (request,) = site.received(PATH)
    # The portal's own request: multipart JSON parts, page number and size in the URL.
    assert request.method == "POST"
    assert request.query["apiKey"] == ["SEDIA"]
    assert (request.query["pageNumber"], request.query["pageSize"]) == (["1"], ["100"])
    assert b'name="query"' in request.body and b'"31094502"' in request.body
    assert b'name="languages"' in request.body

    assert run.result["status"] == "ok", run.result["errors"]
    assert run.result["scraped"] == 8  # 9 results, the last one served twice
    topics = run.opportunities()
    assert len(topics) == 8

    soil = topics["horizon-miss-2027-05-soil-01-two-stage"]
    assert soil.title == (
        "Living labs to enhance soil health in Continental, Black Sea, Pannonian and Steppic "
        "biogeographical regions"
    )
    assert soil.url == PORTAL + "HORIZON-MISS-2027-05-SOIL-01-two-stage"
    assert soil.funder == "European Commission"
    assert soil.deadline == date(2027, 9, 14)  # the second stage closes last
    assert soil.details["deadlines"] == ["2027-04-08", "2027-09-14"]
    assert soil.status is Status.OPEN  # forthcoming
    assert soil.published is None  # startDate is the opening date
    assert soil.details["opens"] == "2027-02-04"
    assert soil.details["extra"]["programme"] == "Horizon Europe (HORIZON)"
    assert soil.details["extra"]["deadline_model"] == "two-stage"
    assert soil.summary.startswith("Expected Outcome:")
    assert soil.language == "en"

    # Its budgetOverview JSON is complete: 60 M EUR for one project.
    governance = topics["horizon-cl6-2026-04-governance-01"]
    assert (governance.amount, governance.currency) == (60_000_000.0, "EUR")
    assert governance.deadline == date(2026, 11, 26)
    # Cut-short budgetOverview: this topic's own action is still read (3 to 4 M EUR).
    cyber = topics["horizon-cl3-2026-02-cs-eccc-01"]
    assert (cyber.amount, cyber.currency) == (4_000_000.0, "EUR")
    assert cyber.details["amount_min"] == 3_000_000.0
    assert cyber.details["extra"]["budget"]["expected_grants"] == 5
    assert cyber.kind is Kind.GRANT

    # An old topic whose API URL is a JSON data address gets its portal page; time kept.
    arts = topics["horizon-cl2-2024-transformations-01-08"]
    assert arts.url == PORTAL + "HORIZON-CL2-2024-TRANSFORMATIONS-01-08"
    assert arts.deadline == date(2024, 2, 7)
    assert arts.details["deadline_time"] == "17:00"
    assert arts.status is Status.EXPIRED


def paged(real, saved, requests_seen: list):
    """The saved response served in pages of the requested size (totalResults as served: 9)."""
    document = json.loads(saved.read_bytes())

    def answer(request):
        number = int(request.query["pageNumber"][0])
        size = int(request.query["pageSize"][0])
        requests_seen.append(number)
        page = {**document, "pageNumber": number, "pageSize": size,
                "results": document["results"][(number - 1) * size: number * size]}
        return real.Answer(json.dumps(page).encode(), "application/json")

    return answer


def test_pages_until_total_results(real, crawl) -> None:
    saved = real.saved("eu-funding-tenders", "sedia_search_page_raw.json")
    numbers: list[int] = []
    with real.serve_routes({PATH: paged(real, saved, numbers)}) as site:
        entry = real.local_copy(
            "eu-funding-tenders", site.base + PATH + "?apiKey=SEDIA", options={"page_size": 4}
        )
        run = crawl(entry)
    assert numbers == [1, 2, 3]  # 9 results, 4 a page
    assert len(run.opportunities()) == 8  # the repeated record, across pages, stored once


def test_stops_at_max_pages(real, crawl) -> None:
    saved = real.saved("eu-funding-tenders", "sedia_search_page_raw.json")
    numbers: list[int] = []
    with real.serve_routes({PATH: paged(real, saved, numbers)}) as site:
        entry = real.local_copy(
            "eu-funding-tenders", site.base + PATH, max_pages=2, options={"page_size": 3}
        )
        run = crawl(entry)
    assert numbers == [1, 2]  # page 3 of 3 is not asked for
    assert len(run.opportunities()) == 6


def test_erasmus_plus_entry_sends_its_programme_filter(real, crawl) -> None:
    saved = real.saved("eu-funding-tenders", "sedia_search_page_raw.json")
    with real.serve_routes({PATH: real.file_route(saved, "application/json")}) as site:
        crawl(real.local_copy("erasmus-plus", site.base + PATH))
        (request,) = site.received(PATH)
    assert b'"frameworkProgramme": ["43353764"]' in request.body
