"""Cross-source clustering: one call seen on a funder's page and two blogs is one cluster."""

from __future__ import annotations

from datetime import date

from crawlers.clustering import cluster
from domain import OpportunityRecord


def _rec(id_: str, title: str, url: str, **kw) -> OpportunityRecord:
    return OpportunityRecord(id=id_, source=id_.split("/")[0], url=url, title=title, **kw)


def test_funder_page_and_two_blogs_are_one_call():
    funder = _rec(
        "daad/epos-2027", "EPOS Development-Related Postgraduate Courses 2027",
        "https://www.daad.de/epos", funder="DAAD", deadline=date(2027, 8, 31),
        summary="Full description of the programme with eligibility and amounts.",
        eligible_countries=["UZ"],
    )  # fmt: skip
    blog1 = _rec(
        "blog-a/daad-epos", "DAAD EPOS Scholarships 2027 for Development-Related Postgraduate Courses (Fully Funded)",
        "https://blog-a.example.org/daad-epos?utm_source=x", funder="DAAD", deadline=date(2027, 8, 31),
    )  # fmt: skip
    blog2 = _rec(
        "blog-b/epos", "EPOS Development-Related Postgraduate Courses 2027",
        "https://blog-b.example.org/p/123", deadline=date(2027, 8, 31),
    )  # fmt: skip
    other = _rec(
        "daad/research-grants", "Research Grants – Doctoral Programmes in Germany 2027",
        "https://www.daad.de/rg", funder="DAAD", deadline=date(2027, 10, 1),
    )  # fmt: skip
    mapping = cluster([blog1, funder, blog2, other])
    assert mapping == {
        "blog-a/daad-epos": "daad/epos-2027",
        "daad/epos-2027": "daad/epos-2027",
        "blog-b/epos": "daad/epos-2027",
        "daad/research-grants": "daad/research-grants",
    }


def test_same_url_across_sources_is_one_call():
    a = _rec("a/x", "Visiting fellowship", "https://www.uni.example/call/1/")
    b = _rec("b/y", "Visiting research fellowship at Uni", "http://uni.example/call/1")
    assert cluster([a, b]) == {"a/x": "a/x", "b/y": "a/x"}


def test_different_deadlines_or_same_site_editions_stay_apart():
    y1 = _rec(
        "s/2026",
        "Summer School on Energy Systems 2026",
        "https://s.example/2026",
        deadline=date(2026, 3, 1),
    )
    y2 = _rec(
        "s/2027",
        "Summer School on Energy Systems 2027",
        "https://s.example/2027",
        deadline=date(2027, 3, 1),
    )
    blog = _rec(
        "b/ss",
        "Summer School on Energy Systems 2027",
        "https://b.example/ss",
        deadline=date(2027, 3, 2),
    )
    mapping = cluster([y1, y2, blog])
    assert len(set(mapping.values())) == 3


def test_empty_and_single():
    assert cluster([]) == {}
    one = _rec("a/x", "T", "https://a.example/x")
    assert cluster([one]) == {"a/x": "a/x"}
