"""The bundled demo content: feeds parse, pages and selectors agree, JSON pages chain, profiles are valid."""

from __future__ import annotations

import json
import re
import tomllib
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pycountry
import pytest
from parsel import Selector

from domain.raw import RAW_INSTITUTION_FIELDS, RAW_OPPORTUNITY_FIELDS
from domain.vocabulary import Kind, Level, Role
from radar.demo.server import serve_folder

DEMO = Path(__file__).resolve().parents[2] / "radar" / "demo"
SITES = DEMO / "sites"
TODAY = date(2026, 11, 27)  # the day the sample content was written against
INVENTED_HOST = re.compile(r"^https://([a-z0-9-]+\.)*example\.org(/|$)")


def _sources() -> dict[str, dict]:
    with (DEMO / "sources.toml").open("rb") as fh:
        return {s["name"]: s for s in tomllib.load(fh)["sources"]}


def _site_path(url: str) -> Path:
    """The file under sites/ that a `{base}/...` URL names."""
    assert url.startswith("{base}/"), url
    return SITES / url.removeprefix("{base}/")


def _dig(obj: object, dotted: str) -> object:
    for part in dotted.split("."):
        if not isinstance(obj, dict) or part not in obj:
            raise KeyError(dotted)
        obj = obj[part]
    return obj


def _select(sel: Selector, spec: str) -> str:
    """Apply a sources-file selector the way the contract says (whole text unless ::text/@attr)."""
    kind, _, expr = (
        spec.partition(":") if spec.startswith(("css:", "xpath:")) else ("css", "", spec)
    )
    found = sel.css(expr) if kind == "css" else sel.xpath(expr)
    parts = [s.get() if isinstance(s.root, str) else s.xpath("string()").get() for s in found]
    return " ".join(" ".join(parts).split())


# ---------------------------------------------------------------- sources file


def test_sources_file_names_the_five_demo_sources() -> None:
    sources = _sources()
    assert list(sources) == [
        "demo-blog",
        "demo-news",
        "demo-portal",
        "demo-grants-api",
        "demo-rankings",
    ]
    for name, src in sources.items():
        assert re.fullmatch(r"[a-z0-9-]+", name)
        assert src["allow_private"] is True, name
        assert _site_path(src["url"]).is_file(), f"{name}: {src['url']} has no file"
    assert [s["spider"] for s in sources.values()] == ["feed", "feed", "listing", "json", "json"]


def test_sources_file_only_maps_known_raw_fields() -> None:
    sources = _sources()
    portal = sources["demo-portal"]["selectors"]
    assert set(portal) - {"item_link", "next_page"} <= RAW_OPPORTUNITY_FIELDS
    assert set(sources["demo-grants-api"]["fields"]) <= RAW_OPPORTUNITY_FIELDS
    ranking = sources["demo-rankings"]
    assert ranking["item_type"] == "institution"
    assert set(ranking["fields"]) <= RAW_INSTITUTION_FIELDS
    assert ranking["defaults"] == {"system": "the", "year": 2026}
    assert set(sources["demo-news"]["defaults"]) <= RAW_OPPORTUNITY_FIELDS


# ---------------------------------------------------------------- feeds


@pytest.mark.parametrize(
    ("name", "version", "count"),
    [
        ("demo-blog", "rss20", 10),
        ("demo-news", "atom10", 6),
    ],
)
def test_feed_parses_cleanly_with_expected_entries(name: str, version: str, count: int) -> None:
    parsed = feedparser.parse(_site_path(_sources()[name]["url"]).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == version
    assert len(parsed.entries) == count
    assert len({e.id for e in parsed.entries}) == count
    assert len({e.link for e in parsed.entries}) == count
    for entry in parsed.entries:
        assert entry.title.strip()
        assert INVENTED_HOST.match(entry.link), entry.link
        assert entry.published_parsed is not None
        assert len(entry.summary) > 200, entry.title  # description carries the call's facts
        assert entry.tags


def test_feeds_mix_languages() -> None:
    blog = feedparser.parse((SITES / "blog" / "feed.xml").read_bytes())
    titles = " ".join(e.title for e in blog.entries)
    assert re.search("[а-яё]", titles) and "o‘quv" in titles
    news = feedparser.parse((SITES / "news" / "atom.xml").read_bytes())
    assert {e.summary_detail.language for e in news.entries} == {"en", "ru"}


# ---------------------------------------------------------------- listing portal


def _portal_pages() -> list[Path]:
    """Follow next_page from the first list page, as the listing spider does."""
    src = _sources()["demo-portal"]
    page = _site_path(src["url"])
    pages: list[Path] = []
    while page is not None:
        assert page.is_file(), page
        assert page not in pages, "next-page links loop"
        pages.append(page)
        nxt = _select(
            Selector(text=page.read_text(encoding="utf-8")), src["selectors"]["next_page"]
        )
        page = (page.parent / nxt).resolve() if nxt else None
    return pages


def _detail_pages() -> list[Path]:
    spec = _sources()["demo-portal"]["selectors"]["item_link"]
    kind, _, expr = spec.partition(":")
    assert kind == "css"
    links = []
    for page in _portal_pages():
        found = Selector(text=page.read_text(encoding="utf-8")).css(expr).getall()
        assert found, f"{page.name} lists no calls"
        links += [(page.parent / href).resolve() for href in found]
    return links


def test_portal_has_three_list_pages_and_twelve_existing_detail_pages() -> None:
    assert [p.name for p in _portal_pages()] == ["index.html", "page2.html", "page3.html"]
    details = _detail_pages()
    assert len(details) == len(set(details)) == 12
    for path in details:
        assert path.is_file(), f"listed detail page {path} does not exist"
        assert path.parent == (SITES / "portal" / "calls").resolve()
    on_disk = {p.resolve() for p in (SITES / "portal" / "calls").glob("*.html")}
    assert on_disk == set(details), "a detail page exists that no list page links to"


def test_every_portal_selector_matches_on_every_detail_page() -> None:
    selectors = {
        k: v
        for k, v in _sources()["demo-portal"]["selectors"].items()
        if k not in ("item_link", "next_page")
    }
    for path in _detail_pages():
        sel = Selector(text=path.read_text(encoding="utf-8"))
        values = {field: _select(sel, spec) for field, spec in selectors.items()}
        empty = [field for field, value in values.items() if not value]
        assert not empty, f"{path.name}: selectors match nothing for {empty}"
        assert INVENTED_HOST.match(values["url"])
        assert values["url"].endswith("/" + path.stem)
        assert values["language"] in {"en", "ru", "uz", "uz-Cyrl"}
        assert date.fromisoformat(values["published_text"]) <= TODAY
        assert not values["eligibility_text"].startswith(("Eligibility", "Требования"))


def test_portal_deadlines_split_into_open_expired_and_rolling() -> None:
    deadlines = []
    for path in _detail_pages():
        text = _select(Selector(text=path.read_text(encoding="utf-8")), "css:dd.deadline")
        year = re.search(r"\b(202\d)\b", text)
        deadlines.append("rolling" if text.lower().startswith("rolling") else year.group(1))
    assert deadlines.count("rolling") == 1
    assert deadlines.count("2026") == 2  # both in 2026 before 27 November: expired
    assert deadlines.count("2027") == 9


def test_portal_links_are_relative_or_invented() -> None:
    for path in (SITES / "portal").rglob("*.html"):
        for href in Selector(text=path.read_text(encoding="utf-8")).css("a::attr(href)").getall():
            if href.startswith("http"):
                assert INVENTED_HOST.match(href), f"{path.name}: {href}"
            else:
                assert (path.parent / href).resolve().is_file(), f"{path.name}: {href} is broken"


# ---------------------------------------------------------------- JSON


def test_every_json_file_parses() -> None:
    files = sorted(DEMO.rglob("*.json"))
    assert len(files) >= 5
    for path in files:
        json.loads(path.read_text(encoding="utf-8"))


def test_grants_api_pages_chain_and_fields_resolve() -> None:
    src = _sources()["demo-grants-api"]
    page, items, seen = _site_path(src["url"]), [], 0
    while True:
        doc = json.loads(page.read_text(encoding="utf-8"))
        items += _dig(doc, src["items_path"])
        seen += 1
        nxt = _dig(doc, src["next_page_path"])
        if nxt is None:
            break
        page = page.parent / nxt
    assert seen == 2 and len(items) == doc["totalResults"] == 10
    assert len({i["id"] for i in items}) == 10
    for item in items:
        for field, path in src["fields"].items():
            value = _dig(item, path)
            if field == "deadline" and value is None:
                assert "rolling" in item["closeDateExplanation"]
                continue
            assert value not in (None, ""), f"{item['id']}: {path} is empty"
        assert INVENTED_HOST.match(item["links"]["self"])
    closes = [i["closeDate"] for i in items]
    assert closes.count(None) == 1
    dated = [date.fromisoformat(c) for c in closes if c]
    assert sum(d < TODAY for d in dated) == 2 and sum(d >= TODAY for d in dated) == 7
    assert {i["award"]["currency"] for i in items} == {"USD", "EUR", "RUB", "UZS"}


def test_rankings_file_has_25_institutions_with_bands() -> None:
    src = _sources()["demo-rankings"]
    doc = json.loads(_site_path(src["url"]).read_text(encoding="utf-8"))
    rows = _dig(doc, src["items_path"])
    assert len(rows) == 25 and (doc["system"], doc["year"]) == ("the", 2026)
    assert len({r["name"] for r in rows}) == 25
    for row in rows:
        for path in src["fields"].values():
            assert _dig(row, path), f"{row['name']}: {path} is empty"
    ranks = [r["rank"] for r in rows]
    assert any("–" in r for r in ranks) and any("-" in r for r in ranks)
    assert any(r.startswith("=") for r in ranks) and any(r.endswith("+") for r in ranks)


# ---------------------------------------------------------------- profiles, groups, publications


def _profiles() -> list[dict]:
    return json.loads((DEMO / "profiles.json").read_text(encoding="utf-8"))


def _valid_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


def test_profiles_are_valid() -> None:
    profiles = _profiles()
    assert isinstance(profiles, list) and len(profiles) == 8
    assert len({p["id"] for p in profiles}) == 8
    targets = {v.value for v in Level} | {k.value for k in Kind}
    for p in profiles:
        assert p["name"] and p["role"] in {r.value for r in Role}
        assert p["level"] in {lv.value for lv in Level}
        assert set(p["target_levels"]) <= targets, p["id"]
        assert set(p["excluded_kinds"]) <= {k.value for k in Kind}, p["id"]
        assert p["language"] in {"uz", "ru", "en"}
        assert p["digest"] in {"daily", "weekly", "off"}
        assert re.fullmatch(r"[a-z0-9.]+@([a-z]+\.)?example\.uz", p["email"])
        assert _valid_country(p["citizenship"]) and _valid_country(p["residence"])
        assert all(_valid_country(c) for c in p["preferred_countries"])
        assert date.fromisoformat(p["birth_date"]) < TODAY
        assert all(isinstance(d, int) and d > 0 for d in p["reminder_days"])
    assert {p["role"] for p in profiles} == {"faculty", "student", "staff"}
    assert {p["language"] for p in profiles} == {"uz", "ru", "en"}


def _all_opportunity_text() -> list[str]:
    texts = [
        e.title + " " + e.summary
        for name in ("blog/feed.xml", "news/atom.xml")
        for e in feedparser.parse((SITES / name).read_bytes()).entries
    ]
    texts += [
        " ".join(
            Selector(text=p.read_text(encoding="utf-8")).css("main").xpath("string()").getall()
        )
        for p in _detail_pages()
    ]
    for name in ("grants.json", "grants-page2.json"):
        doc = json.loads((SITES / "api" / name).read_text(encoding="utf-8"))
        texts += [json.dumps(i, ensure_ascii=False) for i in doc["data"]["items"]]
    return [t.lower() for t in texts]


def test_every_profile_has_several_opportunities_naming_its_interests() -> None:
    texts = _all_opportunity_text()
    assert len(texts) == 38
    for p in _profiles():
        terms = [t.lower() for t in p["keywords"] + p["fields"]]
        hits = [t for t in texts if any(term in t for term in terms)]
        assert len(hits) >= 4, f"{p['id']} has only {len(hits)} opportunities naming its interests"


def test_groups_name_existing_profiles() -> None:
    with (DEMO / "groups.toml").open("rb") as fh:
        groups = tomllib.load(fh)["groups"]
    ids = {p["id"] for p in _profiles()}
    assert len({g["id"] for g in groups}) == len(groups) >= 2
    for group in groups:
        assert group["members"] and set(group["members"]) <= ids, group["id"]


def _orcid_ok(orcid: str) -> bool:
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def test_orcid_works_file_has_the_public_api_shape() -> None:
    path = DEMO / "publications" / "fac-dilnoza-karimova.orcid-works.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    orcid = doc["path"].strip("/").removesuffix("/works")
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", orcid) and _orcid_ok(orcid)
    titles = [s["title"]["title"]["value"] for g in doc["group"] for s in g["work-summary"]]
    assert len(titles) == 5 and all(titles)
    assert any(
        s["path"].startswith(f"/{orcid}/work/") for g in doc["group"] for s in g["work-summary"]
    )
    assert path.name.split(".")[0] in {p["id"] for p in _profiles()}


def test_bibtex_file_has_entries_with_titles_and_abstracts() -> None:
    path = DEMO / "publications" / "fac-sergey-li.works.bib"
    text = path.read_text(encoding="utf-8")
    assert text.count("{") == text.count("}")
    entries = re.split(r"^@", text, flags=re.M)[1:]
    assert len(entries) == 4
    for entry in entries:
        assert re.search(r"^\s*title\s*=\s*\{.+\}", entry, re.M), entry[:40]
        assert re.search(r"^\s*abstract\s*=\s*\{.+\}", entry, re.M), entry[:40]
        assert re.search(r"^\s*keywords\s*=\s*\{.+\}", entry, re.M), entry[:40]
    assert path.name.split(".")[0] in {p["id"] for p in _profiles()}


# ---------------------------------------------------------------- served over HTTP


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.status == 200
        return resp.read()


def test_sites_are_served_over_http_on_localhost() -> None:
    with serve_folder(SITES) as base:
        assert base.startswith("http://127.0.0.1:")
        assert b"Allow: /" in _fetch(f"{base}/robots.txt")
        for src in _sources().values():
            url = src["url"].replace("{base}", base)
            assert _fetch(url) == _site_path(src["url"]).read_bytes()
        feed = feedparser.parse(_fetch(f"{base}/news/atom.xml"))
        assert feed.bozo == 0 and len(feed.entries) == 6
        page2 = json.loads(_fetch(urljoin(f"{base}/api/grants.json", "grants-page2.json")))
        assert page2["links"]["next"] is None
        detail = _fetch(f"{base}/portal/calls/yosh-olimlar-stajirovka-2027.html")
        assert "Ўзбекистон" in detail.decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as err:
            _fetch(f"{base}/portal/calls/no-such-call.html")
        assert err.value.code == 404
        err.value.close()
