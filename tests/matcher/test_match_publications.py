"""Publications: ORCID/BibTeX parsers and per-publication aggregation in scoring."""

from pathlib import Path

import pytest

from feeds.reasons import render_all
from matcher import match_profiles
from matcher.publications import (
    PublicationError,
    latex_to_text,
    orcid_keywords,
    parse_bibtex,
    parse_orcid,
)

DATA = Path(__file__).parent / "data"


def test_orcid_record_summaries():
    pubs = parse_orcid((DATA / "orcid_record.json").read_text())
    assert [p["title"] for p in pubs] == [
        "Maximum power point tracking for partially shaded PV arrays",
        "Dust deposition on solar modules in arid climates: a field study near Tashkent",
    ]
    assert pubs[0]["keywords"] == ["Invented Journal of Solar Energy"]
    assert orcid_keywords((DATA / "orcid_record.json").read_text()) == [
        "photovoltaics",
        "power electronics",
    ]


def test_orcid_bulk_works_carry_abstracts():
    [pub] = parse_orcid((DATA / "orcid_works_bulk.json").read_bytes())
    assert pub["abstract"].startswith("We compare perturb-and-observe")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "must be an object"),
        ('{"x": 1}', "none of"),
    ],
)
def test_orcid_bad_input_is_a_clear_error(text, message):
    with pytest.raises(PublicationError, match=message):
        parse_orcid(text)


def test_bibtex_entries_macros_and_latex():
    pubs = parse_bibtex((DATA / "publications.bib").read_text())
    assert [p["title"] for p in pubs] == [
        "Grid-forming inverters for Central Asian power systems",
        "Low-cost soiling sensors for photovoltaic plants",
        "Elektr energetikasi asoslari",
    ]
    assert pubs[0]["abstract"].endswith("high shares of solar & wind generation.")
    assert pubs[0]["keywords"] == ["power electronics", "grid stability", "inverters"]
    assert pubs[2]["abstract"].startswith("O'quv qo'llanma")


def test_latex_accents():
    assert latex_to_text(r"M{\"u}ller, J\"org, {\c C}a\u{g}lar, Erd\H{o}s") == (
        "Müller, Jörg, Çağlar, Erdős"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("@article{a,\n title = {open {brace\n}", 2),
        ("@article{a,\n\n title {no equals}\n}", 3),
        ('@article{a,\n title = "never closed\n}', 2),
    ],
)
def test_bibtex_errors_name_the_line(text, line):
    with pytest.raises(PublicationError, match=f"line {line}"):
        parse_bibtex(text)


def test_publications_enrich_matching_with_reason(opp, profile, today):
    calls = [
        opp("pv", "Call for research on soiling of photovoltaic plants"),
        opp("bio", "Marine biology call"),
    ]
    me = profile(
        "f", details={"publications": parse_bibtex((DATA / "publications.bib").read_text())}
    )
    [m] = match_profiles([me], calls, today)
    assert m.opportunity_id == "test/pv"
    assert (
        "close to your publication “Low-cost soiling sensors for photovoltaic plants”" in render_all(m.reasons, "en")
    )


def test_mean_of_top3_publications_beats_a_single_lucky_paper(opp, profile, today):
    calls = [
        opp("one", "Quantum cryptography protocols"),
        opp("many", "Wind turbine blade aerodynamics"),
    ]
    pubs = [
        {"title": "Quantum cryptography protocols for satellites"},
        {"title": "Wind turbine wakes"},
        {"title": "Aerodynamics of turbine blades"},
        {"title": "Blade erosion in wind farms"},
    ]
    me = profile("f", details={"publications": pubs})
    matches = match_profiles([me], calls, today)
    assert [m.opportunity_id for m in matches] == ["test/many", "test/one"]
