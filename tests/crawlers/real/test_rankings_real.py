"""THE, QS and ARWU saved data files crawled through Scrapy: named universities, field by field.

Each source is the office's real entry (crawlers/sources.toml) pointed at a local server that
serves the saved response from ../shared/fixtures under the real site's path.
"""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def rank_of(institution, system: str, year: int) -> tuple[str, int | None]:
    """(rank text, sortable lower bound) of one system and year."""
    (entry,) = [r for r in institution.ranks if r.system == system and r.year == year]
    return entry.rank, entry.rank_lower


def test_the_2018_data_file(real, crawl) -> None:
    saved = real.saved("the-rankings", "the_data_2018.json")
    path = "/sites/default/files/the_data_rankings/world_university_rankings_2018_limit0_369a9045a203e176392b9fb8f8c1cb2a.json"
    with real.serve_routes({path: real.file_route(saved, "application/json")}) as site:
        run = crawl(real.local_copy("the-rankings", site.base + path))
    assert run.result["status"] == "ok", run.result["errors"]
    assert run.result["scraped"] == 1103
    assert run.result["new"] == 1103
    institutions = run.institutions()

    oxford = institutions["University of Oxford"]
    assert oxford.id == "inst/university-of-oxford-gb"
    assert oxford.country == "GB"
    assert rank_of(oxford, "the", 2018) == ("1", 1)
    assert oxford.url == site.base + "/world-university-rankings/university-oxford"

    aalborg = institutions["Aalborg University"]
    assert aalborg.country == "DK"
    assert rank_of(aalborg, "the", 2018) == ("201–250", 201)

    lmu = institutions["LMU Munich"]
    assert rank_of(lmu, "the", 2018) == ("=34", 34)
    assert lmu.aliases == ["Ludwig-Maximilians-Universität München"]

    tsinghua = institutions["Tsinghua University"]
    assert tsinghua.country == "CN"
    assert rank_of(tsinghua, "the", 2018) == ("30", 30)
    assert tsinghua.aliases == ["Qinghua University Tsing hua University Qing hua University"]

    moscow = institutions["Lomonosov Moscow State University"]
    assert moscow.country == "RU"
    assert rank_of(moscow, "the", 2018) == ("194", 194)

    zanjan = institutions["University of Zanjan"]  # the last row: the open-ended band
    assert zanjan.country == "IR"
    assert rank_of(zanjan, "the", 2018) == ("1001+", 1001)


def test_the_2022_edition_and_ties(real, crawl) -> None:
    saved = real.saved("the-rankings", "the_data_2022_first900.json")
    path = "/sites/default/files/the_data_rankings/world_university_rankings_2022_0__e7070f0c2581be5fe6ab6392da206b36.json"
    with real.serve_routes({path: real.file_route(saved, "application/json")}) as site:
        run = crawl(real.local_copy("the-rankings", site.base + path))
    assert run.result["scraped"] == 900
    institutions = run.institutions()
    assert rank_of(institutions["University of Oxford"], "the", 2022) == ("1", 1)
    mit = institutions["Massachusetts Institute of Technology"]
    assert (mit.country, rank_of(mit, "the", 2022)) == ("US", ("=5", 5))
    geneva = institutions["University of Geneva"]
    assert (geneva.country, rank_of(geneva, "the", 2022)) == ("CH", ("=197", 197))
    khalid = institutions["King Khalid University"]
    assert (khalid.country, rank_of(khalid, "the", 2022)) == ("SA", ("801–1000", 801))


def test_the_rankings_page_leads_to_its_data_file(real, crawl, tmp_path) -> None:
    """Given the rankings page instead of the file, the spider follows the file it names."""
    saved = real.saved("the-rankings", "the_data_2022_first900.json")
    data_path = "/sites/default/files/the_data_rankings/world_university_rankings_2022_0__e7070f0c2581be5fe6ab6392da206b36.json"
    # A page of our own, shaped like the real one: the file's URL sits, JSON-escaped, in a script.
    page = (
        "<html><head><title>World University Rankings 2022</title></head><body>"
        '<script>var settings = {"the_data_rankings": {"jsonUrl": '
        f'"{json.dumps(data_path)[1:-1].replace("/", chr(92) + "/")}"' "}};</script>"
        "</body></html>"
    ).encode()
    routes = {
        "/world-university-rankings/2022/world-ranking": lambda request: real.Answer(
            page, "text/html; charset=utf-8"
        ),
        data_path: real.file_route(saved, "application/json"),
    }
    with real.serve_routes(routes) as site:
        run = crawl(
            real.local_copy("the-rankings", site.base + "/world-university-rankings/2022/world-ranking")
        )
        assert [r.path for r in site.requests if r.path != "/robots.txt"] == [
            "/world-university-rankings/2022/world-ranking", data_path
        ]
    assert run.result["scraped"] == 900
    assert rank_of(run.institutions()["University of Oxford"], "the", 2022) == ("1", 1)


def test_qs_2022_table_data(real, crawl) -> None:
    saved = real.saved("qs-rankings", "qs_data_2022.txt")
    path = "/sites/default/files/qs-rankings-data/en/3740566.txt"
    with real.serve_routes({path: real.file_route(saved, "text/plain; charset=utf-8")}) as site:
        run = crawl(real.local_copy("qs-rankings", site.base + path, options={"year": 2022}))
    assert run.result["status"] == "ok", run.result["errors"]
    assert run.result["scraped"] == 1300
    institutions = run.institutions()

    mit = institutions["Massachusetts Institute of Technology (MIT)"]
    assert mit.country == "US"
    assert rank_of(mit, "qs", 2022) == ("1", 1)
    assert mit.url == site.base + "/universities/massachusetts-institute-technology-mit"

    assert rank_of(institutions["University of Oxford"], "qs", 2022) == ("2", 2)
    moscow = institutions["Lomonosov Moscow State University"]
    assert (moscow.country, rank_of(moscow, "qs", 2022)) == ("RU", ("78", 78))
    farabi = institutions["Al-Farabi Kazakh National University"]
    assert (farabi.country, rank_of(farabi, "qs", 2022)) == ("KZ", ("175", 175))
    ljubljana = institutions["University of Ljubljana"]
    assert (ljubljana.country, rank_of(ljubljana, "qs", 2022)) == ("SI", ("591-600", 591))
    zagazig = institutions["Zagazig University"]
    assert (zagazig.country, rank_of(zagazig, "qs", 2022)) == ("EG", ("1201+", 1201))


def test_qs_without_a_year_is_a_clear_failure(real, crawl) -> None:
    """The QS file does not say its edition: without options.year nothing is stored, and why."""
    saved = real.saved("qs-rankings", "qs_data_2022.txt")
    path = "/sites/default/files/qs-rankings-data/en/3740566.txt"
    with real.serve_routes({path: real.file_route(saved, "text/plain; charset=utf-8")}) as site:
        run = crawl(real.local_copy("qs-rankings", site.base + path, options=None))
    assert run.result["status"] == "failed"
    assert any("set options.year" in error for error in run.result["errors"])
    assert run.institutions() == {}


def test_arwu_2021_rank_api(real, crawl) -> None:
    saved = real.saved("arwu", "arwu_data_2021.json")
    with real.serve_routes(
        {"/api/pub/v1/arwu/rank": real.file_route(saved, "application/json")}
    ) as site:
        run = crawl(
            real.local_copy("arwu-rankings", site.base + "/api/pub/v1/arwu/rank?version=2021")
        )
    assert run.result["status"] == "ok", run.result["errors"]
    assert run.result["scraped"] == 1000
    institutions = run.institutions()
    harvard = institutions["Harvard University"]
    assert (harvard.country, rank_of(harvard, "arwu", 2021)) == ("US", ("1", 1))
    assert harvard.url == site.base + "/institution/harvard-university"
    mit = institutions["Massachusetts Institute of Technology (MIT)"]
    assert rank_of(mit, "arwu", 2021) == ("4", 4)
    thessaloniki = institutions["Aristotle University of Thessaloniki"]
    assert (thessaloniki.country, rank_of(thessaloniki, "arwu", 2021)) == ("GR", ("501-600", 501))
    # ARWU writes "China-Hong Kong": the institution is placed in Hong Kong.
    hku = institutions["The University of Hong Kong"]
    assert (hku.country, rank_of(hku, "arwu", 2021)) == ("HK", ("101-150", 101))
    shenzhen = institutions["The Chinese University of Hong Kong, Shenzhen"]
    assert (shenzhen.country, rank_of(shenzhen, "arwu", 2021)) == ("CN", ("801-900", 801))


def test_arwu_2024_nuxt_payload_as_json(real, crawl) -> None:
    saved = real.saved("arwu", "arwu_nuxt_payload_2024.json")
    path = "/_nuxt/static/1724403184/rankings/arwu/2024/payload.json"
    with real.serve_routes({path: real.file_route(saved, "application/json")}) as site:
        run = crawl(real.local_copy("arwu-rankings", site.base + path))
    assert run.result["scraped"] == 1000
    institutions = run.institutions()
    assert rank_of(institutions["Harvard University"], "arwu", 2024) == ("1", 1)
    assert rank_of(institutions["Massachusetts Institute of Technology (MIT)"], "arwu", 2024) == (
        "3", 3,
    )
    aarhus = institutions["Aarhus University"]
    assert (aarhus.country, rank_of(aarhus, "arwu", 2024)) == ("DK", ("80", 80))
    ntu = institutions["National Taiwan University"]
    assert (ntu.country, rank_of(ntu, "arwu", 2024)) == ("TW", ("201-300", 201))


def test_arwu_2024_payload_in_its_served_jsonp_wrapper(real, crawl) -> None:
    """payload.js as served: the saved object inside ``__NUXT_JSONP__(route, ...)``."""
    saved = real.saved("arwu", "arwu_nuxt_payload_2024.json")
    script = (
        b'__NUXT_JSONP__("/rankings/arwu/2024", ' + saved.read_bytes() + b");"
    )
    path = "/_nuxt/static/1724403184/rankings/arwu/2024/payload.js"
    with real.serve_routes(
        {path: lambda request: real.Answer(script, "application/javascript")}
    ) as site:
        run = crawl(real.local_copy("arwu-rankings", site.base + path))
    assert run.result["scraped"] == 1000
    assert rank_of(run.institutions()["Aarhus University"], "arwu", 2024) == ("80", 80)


def test_arwu_minified_payload_with_parameters(real, crawl) -> None:
    """The minified form: values passed as function arguments (content invented, shape real)."""
    script = (
        b'__NUXT_JSONP__("/rankings/arwu/2030", (function(a,b,c,d,e){return {data:[{year:2030,'
        b'univList:[{ranking:"1",univNameEn:"Samarkand Institute of Technology",univUp:'
        b'"samarkand-institute-of-technology",region:a,regionLogo:"uz",score:100,indData:{}},'
        b'{ranking:b,univNameEn:"Khiva University of Applied Sciences",univUp:c,region:a,'
        b'regionLogo:"uz",score:d,indData:{}},{ranking:b,univNameEn:"Kowloon Institute of '
        b'Science",univUp:void 0,region:e,regionLogo:"hk",score:d,indData:{}}]}],fetch:{},'
        b'mutations:void 0}}("Uzbekistan","201-300","khiva-university",null,"China-Hong Kong")));'
    )
    path = "/_nuxt/static/1900000000/rankings/arwu/2030/payload.js"
    with real.serve_routes(
        {path: lambda request: real.Answer(script, "application/javascript")}
    ) as site:
        run = crawl(real.local_copy("arwu-rankings", site.base + path))
    institutions = run.institutions()
    assert sorted(institutions) == [
        "Khiva University of Applied Sciences", "Kowloon Institute of Science",
        "Samarkand Institute of Technology",
    ]
    khiva = institutions["Khiva University of Applied Sciences"]
    assert (khiva.country, rank_of(khiva, "arwu", 2030)) == ("UZ", ("201-300", 201))
    assert khiva.url == site.base + "/institution/khiva-university"
    kowloon = institutions["Kowloon Institute of Science"]
    assert (kowloon.country, kowloon.url) == ("HK", None)


def test_arwu_payload_of_another_shape_is_reported(real, crawl) -> None:
    script = b'__NUXT_JSONP__("/rankings/arwu/2030", {data:[{year:2030, at: new Date(0)}]});'
    path = "/_nuxt/static/1900000000/rankings/arwu/2030/payload.js"
    with real.serve_routes(
        {path: lambda request: real.Answer(script, "application/javascript")}
    ) as site:
        run = crawl(real.local_copy("arwu-rankings", site.base + path))
    assert run.result["status"] == "failed"
    (error,) = run.result["errors"]
    assert "neither ARWU API JSON nor a Nuxt payload" in error and "'new'" in error
