"""The community EU and NIH daily JSON feeds (saved copies) through the generic `json` spider.

Only sources-file entries read them (crawlers/sources.toml: eu-grants-feed, nih-grants-feed);
these tests crawl those very entries against the saved files.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.vocabulary import Kind, Status

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def test_eu_grants_feed(real, crawl) -> None:
    saved = real.saved("eu-funding-tenders", "eu_grants_feed_grants_first100.json")
    path = "/MichelNivard/eu-grants-feed/main/data/grants.json"
    with real.serve_routes({path: real.file_route(saved, "application/json")}) as site:
        run = crawl(real.local_copy("eu-grants-feed", site.base + path), "2026-09-01")
    assert run.result["status"] == "ok", run.result["errors"]
    topics = run.opportunities()
    assert len(topics) == 100

    tandem = topics["horizon-cl5-2027-07-d3-16"]
    assert tandem.title == (
        "Industrial processes and equipment for innovative, reliable and scalable tandem "
        "technologies (EUPI-PV Partnership)"
    )
    assert tandem.url == (
        "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
        "topic-details/HORIZON-CL5-2027-07-D3-16"
    )
    assert tandem.funder == "European Commission"
    assert tandem.deadline == date(2027, 12, 1)
    assert (tandem.amount, tandem.currency) == (9_500_000.0, "EUR")
    assert tandem.status is Status.OPEN  # 31094501 = forthcoming
    assert tandem.kind is Kind.GRANT
    # startDate is when the topic opens (2027), not when the 2026 feed published it.
    assert tandem.published is None
    assert tandem.details["opens"] == "2027-08-04"
    assert tandem.summary.startswith("Expected Outcome:")

    doctoral = topics["horizon-msca-2027-dn-01-01"]
    assert doctoral.deadline == date(2027, 11, 23)
    assert doctoral.amount is None  # the feed knows the call's total only, not per project


def test_nih_grants_feed(real, crawl) -> None:
    saved = real.saved("nih-grants", "nih_grants_feed_posted_first100.json")
    path = "/sashagusev/nih-grants-feed/main/data/posted.json"
    with real.serve_routes({path: real.file_route(saved, "application/json")}) as site:
        run = crawl(real.local_copy("nih-grants-feed", site.base + path), "2026-07-02")
    assert run.result["status"] == "ok", run.result["errors"]
    calls = run.opportunities()
    assert len(calls) == 100

    primed = calls["rfa-rm-27-012"]
    assert primed.title.startswith("PRIMED-AI: Data-to-Model Academic-Industrial Partnerships")
    assert primed.url == "https://simpler.grants.gov/search?query=RFA-RM-27-012"
    assert primed.funder == "National Institutes of Health"
    assert primed.deadline == date(2026, 10, 19)
    assert primed.published == datetime(2026, 6, 30)
    assert primed.status is Status.OPEN
    assert primed.kind is Kind.GRANT
    assert primed.amount is None

    with_ceiling = calls["rfa-rm-27-014"]
    assert with_ceiling.deadline == date(2026, 10, 2)
    assert (with_ceiling.amount, with_ceiling.currency) == (2_000_000.0, "USD")
