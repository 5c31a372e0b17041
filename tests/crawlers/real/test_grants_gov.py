"""The Grants.gov search response (saved) crawled through Scrapy: fields, paging, stopping."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from domain.vocabulary import Kind, Status

pytestmark = [pytest.mark.shared, pytest.mark.slow]

PATH = "/grantsws/rest/opportunities/search"


def test_one_saved_page_field_by_field(real, crawl) -> None:
    saved = real.saved("grants-gov", "oportunity.json")
    with real.serve_routes({PATH: real.file_route(saved, "application/json")}) as site:
        run = crawl(real.local_copy("grants-gov", site.base + PATH, max_pages=1), "2020-11-01")
        (request,) = site.received(PATH)
    assert request.method == "POST"
    sent = json.loads(request.body)
    assert sent["startRecordNum"] == 0
    assert sent["oppStatuses"] == "forecasted|posted"
    assert sent["rows"] == 100  # the real entry's option
    assert run.result["status"] == "ok", run.result["errors"]
    calls = run.opportunities()
    assert len(calls) == 25

    nsf = calls["19-551"]
    assert nsf.title == "GROWING CONVERGENCE RESEARCH"
    assert nsf.url == "https://www.grants.gov/search-results-detail/329366"
    assert nsf.funder == "National Science Foundation"
    assert nsf.deadline == date(2021, 2, 1)
    assert nsf.published == datetime(2020, 10, 9)
    assert nsf.status is Status.OPEN
    assert nsf.kind is Kind.GRANT
    assert nsf.details["extra"]["agency_code"] == "NSF"
    assert nsf.details["extra"]["assistance_listings"][0] == "47.076"

    # Entities in titles are decoded; the NIH one keeps its month-first dates right.
    doe = calls["de-foa-0002372"]
    assert doe.title.startswith("Request for Information on Office of Energy Efficiency & Renewable Energy’s")
    nih = calls["par-20-307"]
    assert nih.deadline == date(2023, 9, 13)
    assert nih.funder == "National Institutes of Health"

    # A forecast has no close date yet: no deadline, still open.
    forecast = calls["hhs-2021-acf-ocs-et-1959"]
    assert forecast.deadline is None
    assert forecast.status is Status.OPEN
    assert forecast.details["extra"]["doc_type"] == "forecast"


def test_passed_deadline_is_expired(real, crawl) -> None:
    saved = real.saved("grants-gov", "oportunity.json")
    with real.serve_routes({PATH: real.file_route(saved, "application/json")}) as site:
        run = crawl(real.local_copy("grants-gov", site.base + PATH, max_pages=1), "2021-01-10")
    calls = run.opportunities()
    assert calls["nnh20zda001n-eprv"].status is Status.EXPIRED  # closed 12/17/2020
    assert calls["2021nea03lftp"].status is Status.OPEN  # closes 01/13/2021


def paged(real, saved, rows: int):
    """The saved response cut into pages of ``rows`` hits, hitCount = the hits it holds."""
    document = json.loads(saved.read_bytes())
    hits = document["oppHits"]

    def answer(request):
        start = json.loads(request.body)["startRecordNum"]
        page = {**document, "hitCount": len(hits), "startRecord": start,
                "oppHits": hits[start:start + rows]}
        return real.Answer(json.dumps(page).encode(), "application/json")

    return answer


def test_pages_until_hit_count(real, crawl) -> None:
    saved = real.saved("grants-gov", "oportunity.json")
    with real.serve_routes({PATH: paged(real, saved, rows=10)}) as site:
        entry = real.local_copy("grants-gov", site.base + PATH, options={"rows": 10})
        run = crawl(entry, "2020-11-01")
        starts = [json.loads(r.body)["startRecordNum"] for r in site.received(PATH)]
    assert starts == [0, 10, 20]  # 25 hits: the third page is the last
    assert run.result["new"] == 25
    assert len(run.opportunities()) == 25


def test_stops_at_max_pages(real, crawl) -> None:
    """The saved page says 2195 hits: only max_pages pages are asked for."""
    saved = real.saved("grants-gov", "oportunity.json")
    with real.serve_routes({PATH: real.file_route(saved, "application/json")}) as site:
        run = crawl(real.local_copy("grants-gov", site.base + PATH, max_pages=3), "2020-11-01")
        starts = [json.loads(r.body)["startRecordNum"] for r in site.received(PATH)]
    assert starts == [0, 25, 50]  # the next page starts after the hits received
    assert run.result["status"] == "ok"
    assert len(run.opportunities()) == 25  # the same 25 hits each time, stored once


def test_search2_wrapping_and_get(real, crawl) -> None:
    """The current API wraps the same result in ``data``; GET sends the fields as a query."""
    saved = real.saved("grants-gov", "oportunity.json")
    wrapped = json.dumps(
        {"errorcode": 0, "msg": "Webservice Succeeds", "data": json.loads(saved.read_bytes())}
    ).encode()
    with real.serve_routes(
        {"/v1/api/search2": lambda request: real.Answer(wrapped, "application/json")}
    ) as site:
        entry = real.local_copy(
            "grants-gov", site.base + "/v1/api/search2", max_pages=1,
            options={"method": "GET", "keyword": "convergence"},
        )
        run = crawl(entry, "2020-11-01")
        (request,) = site.received("/v1/api/search2")
    assert request.method == "GET"
    assert request.query["keyword"] == ["convergence"]
    assert request.query["startRecordNum"] == ["0"]
    assert run.opportunities()["19-551"].deadline == date(2021, 2, 1)


def test_not_json_is_a_recorded_failure(real, crawl) -> None:
    with real.serve_routes(
        {PATH: lambda request: real.Answer(b"<html>maintenance</html>", "text/html")}
    ) as site:
        run = crawl(real.local_copy("grants-gov", site.base + PATH))
    assert run.result["status"] == "failed"
    assert any("not JSON" in error for error in run.result["errors"])
