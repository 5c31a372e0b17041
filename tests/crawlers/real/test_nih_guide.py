"""NIH Guide NOFO pages (saved) reached from a feed, through Scrapy: dates, eligibility, money.

The feed is ours (the real NIH Guide feed was not saved): RSS 2.0 items linking to the NOFO
pages, as the real one does. The two NOFO pages are the saved real ones.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.eligibility import evidence_of
from domain.vocabulary import Kind, Status

pytestmark = [pytest.mark.shared, pytest.mark.slow]

RFA = "/grants/guide/rfa-files/RFA-TR-25-002.html"
PAR = "/grants/guide/pa-files/PAR-25-140.html"
FEED = "/grants/guide/newsfeed/fundingopps.xml"


def feed(base: str) -> bytes:
    items = [
        ("Preclinical Proof of Concept Studies for Rare Diseases", base + RFA),
        ("In-Depth Phenotyping Using IMPC-Generated Knockout Mouse Strains", base + PAR),
        ("Notice of Informational Webinar", base + "/grants/guide/notice-files/NOT-TR-25-010.html"),
        ("Preclinical Proof of Concept Studies for Rare Diseases (repeated)", base + RFA),
    ]
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        "<pubDate>Fri, 06 Dec 2024 00:00:00 EST</pubDate></item>"
        for title, link in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>NIH Funding Opportunities</title><link>https://grants.nih.gov/</link>"
        f"{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def nih_crawl(real, crawl):
    rfa = real.saved("nih-guide", "RFA-TR-25-002.html")
    par = real.saved("nih-guide", "PAR-25-140.html")

    def run(today: str = "2025-05-01", **changes):
        routes = {
            RFA: real.file_route(rfa, "text/html"),
            PAR: real.file_route(par, "text/html"),
        }
        with real.serve_routes(routes) as site:
            routes[FEED] = lambda request: real.Answer(feed(site.base), "application/rss+xml")
            result = crawl(real.local_copy("nih-guide", site.base + FEED, **changes), today)
            return result, [r.path for r in site.requests if r.path != "/robots.txt"]

    return run


def test_feed_leads_to_each_nofo_once(nih_crawl) -> None:
    run, paths = nih_crawl()
    assert sorted(paths) == sorted([FEED, RFA, PAR])  # the notice is not a NOFO; no repeats
    assert run.result["status"] == "ok", run.result["errors"]
    assert sorted(run.opportunities()) == ["par-25-140", "rfa-tr-25-002"]


def test_rfa_fields(nih_crawl) -> None:
    run, _ = nih_crawl()
    rfa = run.opportunities()["rfa-tr-25-002"]
    assert rfa.title == "Preclinical Proof of Concept Studies for Rare Diseases (R21 Clinical Trial Not Allowed)"
    assert rfa.url.endswith(RFA)
    assert rfa.funder == "National Institutes of Health (NIH)"
    assert rfa.kind is Kind.GRANT
    assert rfa.published == datetime(2024, 12, 6)
    # Two application due dates (one per cycle): both kept, the last is the deadline.
    assert rfa.details["deadlines"] == ["2025-06-02", "2026-06-02"]
    assert rfa.deadline == date(2026, 6, 2)
    assert rfa.details["deadline_time"] == "17:00"
    assert rfa.status is Status.OPEN
    extra = rfa.details["extra"]
    assert extra["activity_code"] == "R21"
    assert extra["expiration_date"] == "June 03, 2026"
    assert extra["open_date"] == "May 02, 2025"
    assert extra["letter_of_intent_due"] == "May 1, 2025; May 1, 2026"
    assert extra["institutes"] == "National Center for Advancing Translational Sciences (NCATS)"
    # Foreign organizations may not apply: only U.S. organizations are eligible.
    assert extra["foreign_organizations_eligible"] is False
    assert extra["foreign_components_of_us_organizations_eligible"] is False
    assert extra["foreign_components_allowed"] is True
    assert rfa.eligible_countries == ["US"]
    assert rfa.summary.startswith("This notice of funding opportunity (NOFO) provides funding")
    assert (rfa.amount, rfa.currency) == (275_000.0, "USD")


def test_par_allows_foreign_organizations(nih_crawl) -> None:
    run, _ = nih_crawl()
    par = run.opportunities()["par-25-140"]
    assert par.title.startswith("In-Depth Phenotyping and Research Using IMPC-Generated")
    assert par.details["deadlines"] == ["2025-06-05", "2025-07-05", "2025-10-05", "2025-11-05"]
    assert par.deadline == date(2025, 11, 5)
    extra = par.details["extra"]
    assert extra["activity_code"] == "R01"
    assert extra["foreign_organizations_eligible"] is True
    assert extra["foreign_components_of_us_organizations_eligible"] is True
    # Open to organizations of any country, with the page's sentence as the evidence.
    assert par.eligible_countries == []
    assert par.details["any_nationality"] is True
    assert "(Foreign Organizations) are eligible to apply" in evidence_of(par.details, "countries")
    assert (par.amount, par.currency) == (499_999.0, "USD")
    assert par.published == datetime(2024, 11, 6)


def test_past_due_dates_expire(nih_crawl) -> None:
    run, _ = nih_crawl(today="2025-12-01")
    calls = run.opportunities()
    assert calls["par-25-140"].status is Status.EXPIRED  # last due date 5 November 2025
    assert calls["rfa-tr-25-002"].status is Status.OPEN  # next cycle 2 June 2026


def test_max_notices_limits_the_pages_followed(nih_crawl) -> None:
    run, paths = nih_crawl(options={"max_notices": 1})
    assert paths == [FEED, RFA]
    assert list(run.opportunities()) == ["rfa-tr-25-002"]
