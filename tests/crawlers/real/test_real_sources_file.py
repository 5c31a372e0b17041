"""The office's sources file (crawlers/sources.toml) and the bespoke spiders' option checks."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from crawlers.sources import SourcesError, load_sources, parse_sources

REPO = Path(__file__).resolve().parents[3]
SOURCES = REPO / "crawlers" / "sources.toml"
DOC = REPO / "docs" / "sources-real.md"


def test_sources_file_is_valid_and_uses_every_real_format() -> None:
    sources = load_sources(SOURCES)
    spiders = {s.spider for s in sources}
    assert {
        "the-rankings", "qs-rankings", "arwu-rankings", "webometrics", "grants-gov",
        "eu-funding-tenders", "nih-guide", "json", "feed", "listing",
    } <= spiders
    names = {s.name for s in sources}
    assert {"el-yurt-umidi", "erasmus-plus", "erasmus-mundus-catalogue", "daad",
            "eu-grants-feed", "nih-grants-feed"} <= names
    # Real sources are on the internet: none may reach private hosts.
    assert not any(s.allow_private for s in sources)
    assert all(s.url.startswith(("https://", "http://")) for s in sources)


def test_every_source_is_documented_with_its_test_status() -> None:
    doc = DOC.read_text(encoding="utf-8")
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `([a-z0-9-]+)` \|.*\| (tested against a saved copy|untested \(no saved copy\))", doc, re.M)
    }
    names = [entry["name"] for entry in tomllib.loads(SOURCES.read_text())["sources"]]
    assert sorted(rows) == sorted(names)


def entry(spider: str, **options: object) -> str:
    lines = [f'[[sources]]\nname = "x"\nspider = "{spider}"\nurl = "https://example.org/"']
    if options:
        lines.append("[sources.options]")
        lines.extend(f"{k} = {v}" for k, v in options.items())
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (entry("grants-gov", rowz=10), "options.rowz: not an option of the 'grants-gov' spider (did you mean 'rows'?)"),
        (entry("grants-gov", rows=5000), "options.rows: must be between 1 and 1000"),
        (entry("grants-gov", method='"PUT"'), "options.method: must be POST or GET"),
        (entry("eu-funding-tenders", page_size=500), "options.page_size: must be between 1 and 100"),
        (entry("eu-funding-tenders", query='"all"'), "options.query: expected a table, got str"),
        (entry("qs-rankings", year='"2022"'), "options.year: expected an integer, got str"),
        (entry("the-rankings", year="true"), "options.year: expected an integer, got a boolean"),
        (entry("webometrics", contry='"Uzbekistan"'), "(did you mean 'country'?)"),
        (entry("nih-guide", max_notices=0), "options.max_notices: must be at least 1"),
        (entry("arwu-rankings") + '[sources.defaults]\nfunder = "x"\n',
         "defaults.funder: not a raw institution field"),
        (entry("the-rankings") + 'items_path = "data"\n',
         "option 'items_path' is not used by the 'the-rankings' spider"),
    ],
)
def test_bad_options_are_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(SourcesError) as error:
        parse_sources(text)
    assert problem in str(error.value)


def test_ranking_defaults_are_institution_fields() -> None:
    (source,) = parse_sources(
        entry("qs-rankings") + '[sources.defaults]\nsystem = "qs"\nyear = 2022\n'
    )
    assert source.defaults == {"system": "qs", "year": 2022}
