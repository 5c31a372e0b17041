"""The clustering rules one pair at a time: each veto and each kind of evidence, with its score."""

from __future__ import annotations

from datetime import date

import pytest

from crawlers.clustering.evidence import Evidence, evidence, veto
from crawlers.clustering.features import features, host_of, url_key
from crawlers.clustering.titles import codes_in, distinguishers, title_key
from domain import OpportunityRecord

D = date(2027, 3, 1)


def _rec(id_: str, title: str, url: str, **kw) -> OpportunityRecord:
    return OpportunityRecord(id=id_, source=id_.split("/")[0], url=url, title=title, **kw)


def _judge(a: OpportunityRecord, b: OpportunityRecord) -> tuple[str | None, Evidence | None]:
    fa, fb = features(a), features(b)
    assert veto(a, b, fa, fb) == veto(b, a, fb, fa)  # the order of a pair never matters
    return veto(a, b, fa, fb), evidence(a, b, fa, fb)


def test_one_page_is_one_call_even_within_one_source():
    a = _rec("s/1", "Summer school", "https://s.example/a?utm_source=x", deadline=D)
    b = _rec("s/2", "Summer school 2028", "http://www.s.example/a/", deadline=date(2028, 1, 1))
    assert _judge(a, b) == (None, Evidence("same-url", 1.0))


def test_one_source_listing_two_ids_is_two_calls():
    a = _rec("s/1", "Summer school", "https://s.example/a", deadline=D)
    b = _rec("s/2", "Summer school", "https://s.example/b", deadline=D)
    assert _judge(a, b)[0] == "same-source"


def test_two_different_identifiers_are_two_calls_and_one_shared_identifier_is_one():
    a = _rec("a/x", "Twinning call", "https://a.example/HORIZON-CL4-2027-TWIN-01-01")
    b = _rec("b/y", "Twinning call", "https://b.example/HORIZON-CL4-2027-TWIN-01-02")
    assert _judge(a, b)[0] == "different-code"
    # One identifier: a moved deadline and a reworded title are still the same call.
    c = _rec("c/z", "Reworded twinning", "https://c.example/HORIZON-CL4-2027-TWIN-01-01",
             deadline=date(2027, 5, 5))  # fmt: skip
    d = _rec("d/w", "Twinning for excellence", "https://d.example/HORIZON-CL4-2027-TWIN-01-01",
             deadline=D)  # fmt: skip
    assert _judge(c, d) == (None, Evidence("same-code", 1.0))


def test_an_identifier_named_only_in_the_other_title_is_the_same_call():
    own = _rec("eu/x", "Twinning for excellence", "https://eu.example/HORIZON-CL4-2027-TWIN-01-01")
    named = _rec("blog/y", "New: HORIZON-CL4-2027-TWIN-01-01 opens", "https://blog.example/p/1")
    assert _judge(own, named) == (None, Evidence("same-code", 1.0))
    assert _judge(named, own) == (None, Evidence("same-code", 1.0))


def test_titles_naming_different_identifiers_are_two_calls():
    a = _rec("a/x", "ERC-2027-POC-01 proof of concept", "https://a.example/x")
    b = _rec("b/y", "ERC-2027-POC-02 proof of concept", "https://b.example/y")
    assert _judge(a, b)[0] == "title-code"
    # One identifier in an address, another in a title: still two calls.
    c = _rec("c/z", "Proof of concept", "https://c.example/ERC-2027-POC-01")
    assert _judge(c, b)[0] == "different-code"


def test_different_deadlines_are_two_calls_unless_one_is_a_stage_of_the_other():
    a = _rec("a/x", "Energy systems call", "https://a.example/x", deadline=D)
    b = _rec("b/y", "Energy systems call", "https://b.example/y", deadline=date(2027, 6, 1))
    assert _judge(a, b)[0] == "different-deadline"
    staged = _rec("c/z", "Energy systems call", "https://c.example/z", deadline=date(2027, 6, 1),
                  details={"deadlines": ["2027-03-01", "2027-06-01"]})  # fmt: skip
    assert _judge(a, staged) == (None, Evidence("same-title", 1.0))
    unknown = _rec("d/w", "Energy systems call", "https://d.example/w")
    assert _judge(a, unknown) == (None, Evidence("same-title", 1.0))


def test_different_amounts_in_one_currency_are_two_calls():
    a = _rec("a/x", "Energy systems call", "https://a.example/x", amount=5000.0, currency="EUR")
    b = _rec("b/y", "Energy systems call", "https://b.example/y", amount=9000.0, currency="EUR")
    assert _judge(a, b)[0] == "different-amount"
    dollars = _rec("c/z", "Energy systems call", "https://c.example/z", amount=9000.0,
                   currency="USD")  # fmt: skip
    assert _judge(a, dollars)[0] is None  # not comparable, so no veto
    no_amount = _rec("d/w", "Energy systems call", "https://d.example/w", currency="EUR")
    assert _judge(a, no_amount)[0] is None


@pytest.mark.parametrize(
    ("left", "right", "kind"),
    [
        ("Mobility grants 2027 - Lot 1", "Mobility grants 2027 - Lot 2", "title-part"),
        ("Energy school 2026", "Energy school 2027", "title-year"),
        ("Scholarship for 50 students", "Scholarship for 20 students", "title-number"),
        ("Energy grant for PhD students", "Energy grant for Master students", "title-level"),
        ("Pilot trial (Clinical Trial Required)", "Pilot trial (Clinical Trial Optional)",
         "title-requirement"),
    ],
)  # fmt: skip
def test_titles_that_differ_in_a_mark_are_two_calls(left, right, kind):
    assert _judge(_rec("a/x", left, "https://a.example/x"), _rec("b/y", right, "https://b.example/y"))[0] == kind


def test_a_repost_linking_to_the_call_page_is_the_same_call():
    page = _rec("fund/x", "Visiting researchers", "https://fund.example.org/calls/visiting")
    post = _rec("blog/y", "Short stays for scientists", "https://blog.example/p/9",
                details={"links": ["https://fund.example.org/calls/visiting/?utm_source=blog"]})  # fmt: skip
    assert _judge(page, post) == (None, Evidence("links-to", 0.95))
    assert _judge(post, page) == (None, Evidence("links-to", 0.95))


def test_two_reposts_linking_to_one_official_page_are_the_same_call():
    link = {"links": ["https://fund.example.org/calls/visiting"]}
    a = _rec("a/x", "Visiting researchers", "https://a.example/x", details=link)
    b = _rec("b/y", "Short stays for scientists", "https://b.example/y", details=dict(link))
    assert _judge(a, b) == (None, Evidence("official-link", 0.95))
    # Links to the poster's own site and to share buttons say nothing about the call.
    own = _rec("a/z", "Visiting researchers", "https://a.example/z",
               details={"links": ["https://a.example/about", "https://facebook.com/share"]})  # fmt: skip
    assert features(own).links == frozenset()


def test_same_deadline_amount_and_funder_need_only_the_main_words():
    facts = dict(deadline=D, amount=5000.0, currency="EUR", funder="Energy Fund")
    a = _rec("a/x", "Water management fellowships", "https://a.example/x", **facts)
    b = _rec("b/y", "Water management fellowships for young hydrologists", "https://b.example/y",
             **facts)  # fmt: skip
    # token_set_ratio 100 -> 0.6 + 0.3 * 1.0
    assert _judge(a, b) == (None, Evidence("deadline-amount-funder", 0.9))
    other_funder = _rec("c/z", b.title, "https://c.example/z", **{**facts, "funder": "Other Body"})
    assert _judge(a, other_funder) == (None, None)


def test_same_funder_and_deadline_take_a_looser_title_match():
    a = _rec("a/x", "Water management fellowships", "https://a.example/x", deadline=D,
             funder="Energy Fund")  # fmt: skip
    b = _rec("b/y", "Water management fellowships for young hydrologists", "https://b.example/y",
             deadline=D, funder="Energy Fund")  # fmt: skip
    assert _judge(a, b) == (None, Evidence("title-funder-deadline", 0.709))
    no_funder = _rec("c/z", b.title, "https://c.example/z", deadline=D)
    assert _judge(a, no_funder) == (None, None)
    other_day = _rec("d/w", b.title, "https://d.example/w", funder="Energy Fund")
    assert _judge(a, other_day) == (None, None)


def test_near_titles_alone_need_a_similarity_of_ninety():
    a = _rec("a/x", "EPOS Development-Related Postgraduate Courses 2027", "https://a.example/x")
    b = _rec("b/y", "Development-Related Postgraduate Courses EPOS 2027", "https://b.example/y")
    assert _judge(a, b) == (None, Evidence("same-title", 1.0))
    c = _rec("c/z", "Solar microgrid research for Central Asia", "https://c.example/z")
    d = _rec("d/w", "Central Asia solar microgrid research support", "https://d.example/w")
    assert _judge(c, d) == (None, None)  # similarity 86


def test_a_long_body_reposted_is_the_same_call_and_a_short_one_is_not_compared():
    body = " ".join(f"word{i % 97} text{i}" for i in range(120))
    a = _rec("a/x", "Young scientists mobility", "https://a.example/x", summary=body)
    b = _rec("b/y", "Mobility for early-career researchers", "https://b.example/y",
             summary=body + " Apply soon.")  # fmt: skip
    veto_, found = _judge(a, b)
    assert veto_ is None and found == Evidence("same-body", 0.992)
    short = " ".join(f"w{i}" for i in range(59))
    assert features(_rec("c/z", "T", "https://c.example/z", summary=short)).shingles == frozenset()
    assert len(features(_rec("c/z", "T", "https://c.example/z", summary=short + " w59")).shingles) == 58


def test_the_strongest_evidence_wins():
    body = " ".join(f"word{i % 97} text{i}" for i in range(120))
    facts = dict(deadline=D, amount=5000.0, currency="EUR", funder="Energy Fund", summary=body)
    a = _rec("a/x", "Water management fellowships", "https://a.example/x", **facts)
    b = _rec("b/y", "Water management fellowships", "https://b.example/y",
             **{**facts, "summary": body + " Apply soon."})  # fmt: skip
    # same title 1.0 beats same body and deadline-amount-funder (0.9)
    assert _judge(a, b) == (None, Evidence("same-title", 1.0))


def test_a_title_gives_its_marks_by_kind():
    marks = distinguishers(
        "HORIZON-CL4-2027-TWIN-01-05: Lot 2 grants 2027 for 007 PhD and Master students, "
        "€1,500 (Required)"
    )
    assert marks == {
        "code": {"HORIZON-CL4-2027-TWIN-01-05"}, "part": {"lot 2"}, "year": {"2027"},
        "number": {"7", "1500"}, "level": {"phd", "master"}, "requirement": {"required"},
    }  # fmt: skip
    assert distinguishers("Round 0 of 00 calls")["number"] == {"0"}
    assert distinguishers("Track B (not required)")["part"] == {"track b"}


def test_only_identifiers_with_a_digit_and_a_capital_are_codes():
    assert codes_in("see erc-2026-Poc, rmg-lot-2, ABC-DEF-GHI and 2026/12/rmg") == {"ERC-2026-POC"}


def test_what_clustering_reads_of_a_record():
    record = _rec(
        "a/x", "Twinning", "https://www.a.example/c/ERC-2026-POC?id=MSCA-PF-2027-01",
        details={"external_id": "RFA-TR-25-002", "links": [
            "https://fund.example.org/x/?utm_source=a", "https://a.example/about",
            "https://t.me/share", "", "http://[::1",
        ]},
    )  # fmt: skip
    f = features(record)
    assert f.host == "a.example"
    assert f.url == "//a.example/c/ERC-2026-POC?id=MSCA-PF-2027-01"
    assert f.own_codes == {"RFA-TR-25-002", "C/ERC-2026-POC", "MSCA-PF-2027-01"}
    assert f.links == {"//fund.example.org/x"}  # own site, share buttons, unreadable: left out
    # An external id that is an address names a page, not a call.
    page_id = _rec("b/y", "T", "https://b.example/p", details={"external_id": "https://x.example/RFA-TR-25-002"})
    assert features(page_id).own_codes == frozenset()


def test_addresses_compare_without_scheme_www_port_case_tracking_or_trailing_slash():
    assert url_key("HTTPS://WWW.Example.org/calls/x/?utm_source=a&b=2#frag") == "//example.org/calls/x?b=2"
    assert url_key("https://a.example/calls/BOX/") == "//a.example/calls/BOX"
    assert url_key("http://[::1") == "http://[::1"  # unreadable: compared as written
    assert host_of(" https://WWW.Uni.Example:8080/x ") == "uni.example"
    assert host_of("http://[::1") == ""


def test_one_sided_codes_or_links_are_no_evidence():
    coded = _rec("a/x", "Pilot studies in ageing", "https://a.example/RFA-TR-25-002")
    plain = _rec("b/y", "Water fellowships for hydrologists", "https://b.example/p")
    assert _judge(coded, plain) == (None, None) and _judge(plain, coded) == (None, None)
    linked = _rec("c/z", "Robotics prize", "https://c.example/z",
                  details={"links": ["https://fund.example.org/calls/x"]})  # fmt: skip
    assert _judge(linked, plain) == (None, None) and _judge(plain, linked) == (None, None)


def test_title_thresholds_are_inclusive():
    # token-sort similarity exactly 90 (alone) and exactly 70 (with funder and deadline)
    a = _rec("a/x", "Karakalpak", "https://a.example/x", deadline=D, funder="Fund")
    assert _judge(a, _rec("b/y", "Karakalpax", "https://b.example/y")) == (None, Evidence("same-title", 0.9))
    near = _rec("c/z", "Karakalxyz", "https://c.example/z", deadline=D, funder="Fund")
    assert _judge(a, near) == (None, Evidence("title-funder-deadline", 0.7))


def test_scores_keep_three_decimals():
    a = _rec("a/x", "Energy systems call", "https://a.example/x")
    b = _rec("b/y", "Energy system call", "https://b.example/y")
    assert _judge(a, b) == (None, Evidence("same-title", 0.973))


def test_boilerplate_words_are_left_out_of_title_comparison():
    assert title_key("DAAD Scholarships 2027 - Apply Now, Fully Funded!") == "daad 2027"
