"""Cross-source clustering: one call seen on a funder's page and two blogs is one cluster."""

from __future__ import annotations

from datetime import date, datetime

from crawlers.clustering import MERGE, SPLIT, Decision, cluster, cluster_records
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


D = date(2027, 3, 1)


def test_siblings_differing_in_a_number_stay_apart_across_sites():
    records = [
        _rec(f"feed{n}/g{i}", f"good{n} scholarship number {i} for engineering students",
             f"https://feed{n}.example/{i}", deadline=D)
        for n in range(3) for i in range(5)
    ]  # fmt: skip
    assert len(set(cluster(records).values())) == 15


def test_one_repost_does_not_chain_lots_together():
    lots = [
        _rec(f"site-a/lot{k}", f"Research Mobility Grants 2027 - Lot {k}", f"https://a.example/lot{k}",
             deadline=D, funder="Mobility Fund")
        for k in (1, 2, 3)
    ]  # fmt: skip
    repost = _rec("site-b/lot2", "Research Mobility Grants 2027 – Lot 2", "https://b.example/rmg-lot-2",
                  deadline=D, funder="Mobility Fund")  # fmt: skip
    result = cluster_records([*lots, repost])
    assert len(set(result.mapping.values())) == 3
    assert result.mapping["site-b/lot2"] == result.mapping["site-a/lot2"]
    (merge,) = result.merges[result.mapping["site-a/lot2"]]
    assert merge["rule"] == "same-title" and merge["by"] == "radar"


def test_untitled_repost_joins_one_lot_only():
    lots = [_rec(f"a/lot{k}", f"Research Mobility Grants 2027 Lot {k}", f"https://a.example/{k}",
                 deadline=D, funder="Fund") for k in (1, 2)]  # fmt: skip
    blog = _rec(
        "b/rmg", "Research Mobility Grants 2027", "https://b.example/rmg", deadline=D, funder="Fund"
    )
    mapping = cluster([*lots, blog])
    assert len(set(mapping.values())) == 2
    assert mapping["a/lot1"] != mapping["a/lot2"]


def test_nih_twins_and_eu_topic_siblings_are_different_calls():
    twins = [
        _rec("nih/a", "Pilot Studies in Aging (R34 Clinical Trial Required)", "https://nih.example/a", deadline=D),
        _rec("blog/b", "Pilot Studies in Aging (R34 Clinical Trial Not Allowed)", "https://b.example/b", deadline=D),
        _rec("eu/x", "HORIZON-CL4-2027-TWIN-01-01: Twinning for excellence", "https://eu.example/x", deadline=D),
        _rec("feed/y", "HORIZON-CL4-2027-TWIN-01-02: Twinning for excellence", "https://f.example/y", deadline=D),
        _rec("u/m", "Erasmus Energy Scholarship 2027 for Master students", "https://u.example/m", deadline=D),
        _rec("v/p", "Erasmus Energy Scholarship 2027 for PhD students", "https://v.example/p", deadline=D),
    ]  # fmt: skip
    assert len(set(cluster(twins).values())) == 6


def test_different_titles_with_one_official_link_are_one_call():
    a = _rec("a/x", "Call: visiting researchers at Tashkent Tech", "https://a.example/p/1", deadline=D,
             details={"links": ["https://funder.example.org/calls/visiting?utm_source=a"]})  # fmt: skip
    b = _rec("b/y", "Short research stays for young scientists", "https://b.example/2027/stay", deadline=D,
             details={"links": ["http://www.funder.example.org/calls/visiting/", "https://facebook.com/x"]})  # fmt: skip
    result = cluster_records([a, b])
    assert result.mapping == {"a/x": "a/x", "b/y": "a/x"}
    assert result.merges["a/x"][0]["rule"] == "official-link"


def test_one_source_two_ids_stay_two_unless_one_page():
    a = _rec("s/1", "Summer school", "https://s.example/a", deadline=D)
    b = _rec("s/2", "Summer school", "https://s.example/b", deadline=D)
    c = _rec("s/3", "Summer school (updated)", "https://s.example/a#top", deadline=D)
    assert len(set(cluster([a, b]).values())) == 2
    assert cluster([a, c])["s/3"] == "s/1"


def test_long_bodies_reposted_are_one_call():
    body = " ".join(f"word{i % 97} text{i}" for i in range(120))
    a = _rec("a/x", "Young scientists mobility", "https://a.example/x", summary=body, deadline=D)
    b = _rec("b/y", "Mobility for early-career researchers", "https://b.example/y",
             summary=body + " Apply soon.", deadline=D)  # fmt: skip
    result = cluster_records([a, b])
    assert result.mapping["b/y"] == result.mapping["a/x"]
    assert result.merges[result.mapping["a/x"]][0]["rule"] == "same-body"


def test_staff_split_and_merge_win_over_the_evidence():
    a = _rec("a/x", "EPOS Development Courses 2027", "https://a.example/x", deadline=D)
    b = _rec("b/y", "EPOS Development Courses 2027", "https://b.example/y", deadline=D)
    c = _rec("c/z", "Totally different call", "https://c.example/z", deadline=date(2027, 5, 1))
    at = datetime(2026, 11, 27, 10, 0)
    split = [Decision("a/x", "b/y", SPLIT, "dilnoza", at)]
    assert len(set(cluster_records([a, b, c], split).mapping.values())) == 3
    merged = cluster_records([a, b, c], [*split, Decision("c/z", "a/x", MERGE, "aziz", at)])
    assert merged.mapping["c/z"] == merged.mapping["a/x"] != merged.mapping["b/y"]
    entry = merged.merges[merged.mapping["a/x"]][0]
    assert (entry["rule"], entry["by"], entry["at"]) == ("manual", "aziz", "2026-11-27T10:00:00")
    assert merged.splits[merged.mapping["b/y"]][0]["by"] == "dilnoza"
    # The latest decision on a pair wins: merging a split pair joins it again.
    again = cluster_records([a, b], [*split, Decision("b/y", "a/x", MERGE, "dilnoza", at)])
    assert again.mapping["b/y"] == again.mapping["a/x"]


def test_a_russian_repost_with_the_official_link_is_the_same_call():
    link = {"links": ["https://fund.example.org/calls/visiting-2027"]}
    en = _rec("a/x", "Visiting researcher grants 2027 for PhD holders", "https://a.example/x",
              deadline=D, details=link)  # fmt: skip
    ru = _rec("b/y", "Гранты для приглашённых исследователей 2027", "https://b.example/y",
              deadline=D, details=dict(link))  # fmt: skip
    other_level = _rec("c/z", "Гранты для бакалавров 2027", "https://c.example/z",
                       deadline=D, details=dict(link))  # fmt: skip
    result = cluster_records([en, ru, other_level])
    assert result.mapping["b/y"] == result.mapping["a/x"]
    # The same link cannot join a call whose title names other levels.
    assert result.mapping["c/z"] == "c/z"


def test_one_site_posting_a_call_in_two_languages_is_one_call():
    """A bilingual blog's English and Russian posts pointing at one official page are one call;
    two posts of that site in one language, or with two deadlines, stay two."""
    link = {"links": ["https://embassy.example.org/education/fulbright/"]}
    en = _rec("blog/1", "Fulbright Visiting Scholar Program 2027-2028", "https://blog.example/1",
              deadline=D, language="en", details=link)  # fmt: skip
    ru = _rec("blog/2", "Программа Фулбрайт для исследователей 2027–2028", "https://blog.example/2",
              deadline=D, language="ru", details=dict(link))  # fmt: skip
    en_again = _rec("blog/3", "Fulbright Visiting Scholar Program: webinar", "https://blog.example/3",
                    deadline=D, language="en", details=dict(link))  # fmt: skip
    ru_later = _rec("blog/4", "Программа Фулбрайт 2028–2029", "https://blog.example/4",
                    deadline=date(2028, 5, 15), language="ru", details=dict(link))  # fmt: skip
    result = cluster_records([en, ru, en_again, ru_later])
    assert result.mapping["blog/2"] == "blog/1"
    assert result.merges["blog/1"][0]["rule"] == "official-link"
    assert result.mapping["blog/3"] == "blog/3"
    assert result.mapping["blog/4"] == "blog/4"
