"""The sources file: every problem named with the file, the entry and what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crawlers.runner import crawl_sources
from crawlers.sources import SPIDERS, SourcesError, load_sources, select_sources
from storage.migrate import upgrade

GOOD = """
[[sources]]
name = "demo-blog"
spider = "feed"
url = "{base}/blog/feed.xml"
schedule = "daily"
max_pages = 3
allow_private = true
download_delay = 0.5
expected_min_items = 2
[sources.defaults]
kind_text = "scholarship"
funder = "El-Yurt Umidi Foundation"

[[sources]]
name = "demo-portal"
spider = "listing"
url = "{base}/portal/index.html"
schedule = "0 6 * * 1"
[sources.selectors]
item_link = "css:article.call h2 a::attr(href)"
next_page = "css:a.next::attr(href)"
title = "css:h1"
deadline_text = "xpath://dd[@class='deadline']"

[[sources]]
name = "demo-grants-api"
spider = "json"
url = "https://grants.example.test/api/grants.json"
items_path = "data.items"
next_page_path = "links.next"
[sources.fields]
title = "title"
url = "links.self"
deadline = "closeDate"
"""


def _load(tmp_path: Path, text: str, base: str | None = "http://127.0.0.1:8000") -> Any:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return load_sources(path, base=base)


def _problems(tmp_path: Path, text: str, base: str | None = "http://127.0.0.1:8000") -> str:
    with pytest.raises(SourcesError) as info:
        _load(tmp_path, text, base)
    message = str(info.value)
    # every line names the file
    path = str(tmp_path / "sources.toml")
    assert all(line.startswith(f"{path}: ") for line in message.splitlines()), message
    return message


def test_known_spiders() -> None:
    assert {"feed", "listing", "json"} <= set(SPIDERS)


def test_a_good_file_loads_with_base_substituted(tmp_path: Path) -> None:
    blog, portal, api = _load(tmp_path, GOOD)
    assert blog.name == "demo-blog"
    assert blog.spider == "feed"
    assert blog.url == "http://127.0.0.1:8000/blog/feed.xml"
    assert blog.schedule == "daily"
    assert blog.max_pages == 3
    assert blog.allow_private is True
    assert blog.download_delay == 0.5
    assert blog.expected_min_items == 2
    assert blog.defaults == {"kind_text": "scholarship", "funder": "El-Yurt Umidi Foundation"}
    assert portal.url == "http://127.0.0.1:8000/portal/index.html"
    assert portal.schedule == "0 6 * * 1"
    assert portal.selectors["item_link"] == "css:article.call h2 a::attr(href)"
    assert api.url == "https://grants.example.test/api/grants.json"
    assert api.items_path == "data.items"
    assert api.item_type == "opportunity"
    assert api.fields == {"title": "title", "url": "links.self", "deadline": "closeDate"}


def test_base_with_trailing_slash(tmp_path: Path) -> None:
    (blog, *_) = _load(tmp_path, GOOD, base="http://127.0.0.1:8000/")
    assert blog.url == "http://127.0.0.1:8000/blog/feed.xml"


def test_spider_options_are_what_is_stored_with_the_source(tmp_path: Path) -> None:
    blog, portal, _ = _load(tmp_path, GOOD)
    assert blog.spider_options() == {
        "schedule": "daily",
        "max_pages": 3,
        "allow_private": True,
        "download_delay": 0.5,
        "expected_min_items": 2,
        "defaults": {"kind_text": "scholarship", "funder": "El-Yurt Umidi Foundation"},
    }
    assert set(portal.spider_options()) == {"schedule", "selectors"}


def test_typo_in_spider_names_entry_and_suggests(tmp_path: Path) -> None:
    message = _problems(tmp_path, GOOD.replace('spider = "listing"', 'spider = "lisitng"'))
    assert "entry #2 ('demo-portal')" in message
    assert "unknown spider 'lisitng'" in message
    assert "did you mean 'listing'?" in message
    assert "known spiders: " in message
    known = message.split("known spiders: ")[1].rstrip(")").split(", ")
    assert {"feed", "json", "listing"} <= set(known)


def test_typo_in_option_name(tmp_path: Path) -> None:
    message = _problems(tmp_path, GOOD.replace("[sources.selectors]", "[sources.selecters]"))
    assert "entry #2 ('demo-portal')" in message
    assert "unknown option 'selecters' (did you mean 'selectors'?)" in message


def test_typo_in_raw_field_name(tmp_path: Path) -> None:
    message = _problems(tmp_path, GOOD.replace('deadline_text = "xpath', 'deadlin_text = "xpath'))
    assert "entry #2 ('demo-portal'): selectors.deadlin_text" in message
    assert "did you mean 'deadline_text'?" in message


def test_bad_name(tmp_path: Path) -> None:
    message = _problems(tmp_path, GOOD.replace('name = "demo-blog"', 'name = "Demo Blog"'))
    assert "entry #1 ('Demo Blog'): bad name 'Demo Blog'" in message


def test_missing_url(tmp_path: Path) -> None:
    text = GOOD.replace('url = "https://grants.example.test/api/grants.json"\n', "")
    message = _problems(tmp_path, text)
    assert "entry #3 ('demo-grants-api'): 'url' is missing" in message


def test_missing_name(tmp_path: Path) -> None:
    message = _problems(tmp_path, GOOD.replace('name = "demo-portal"\n', ""))
    assert "entry #2 (no name): 'name' is missing" in message


def test_duplicate_name(tmp_path: Path) -> None:
    message = _problems(tmp_path, GOOD.replace('name = "demo-portal"', 'name = "demo-blog"'))
    assert "entry #2 ('demo-blog'): duplicate name 'demo-blog' (entry #1 has it too)" in message


def test_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    text = GOOD.replace('schedule = "daily"', 'schedule = "daily')
    message = _problems(tmp_path, text)
    assert "TOML syntax error" in message
    assert "line 6" in message


def test_bad_schedule_and_bad_selector(tmp_path: Path) -> None:
    text = GOOD.replace('"0 6 * * 1"', '"0 66 * * 1"').replace('"css:h1"', '"css:h1["')
    message = _problems(tmp_path, text)
    assert "entry #2 ('demo-portal'): bad schedule '0 66 * * 1'" in message
    assert "entry #2 ('demo-portal'): selectors.title: invalid CSS selector 'h1['" in message


def test_required_spider_options(tmp_path: Path) -> None:
    text = GOOD.replace('item_link = "css:article.call h2 a::attr(href)"\n', "").replace(
        'url = "links.self"\n', ""
    )
    message = _problems(tmp_path, text)
    assert "entry #2 ('demo-portal'): selectors.item_link is missing" in message
    assert "entry #3 ('demo-grants-api'): fields.url is missing" in message


def test_option_of_another_spider_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace(
        "[sources.defaults]\nkind_text", 'items_path = "x"\n[sources.defaults]\nkind_text'
    )
    message = _problems(tmp_path, text)
    assert "entry #1 ('demo-blog'): option 'items_path' is not used by the 'feed' spider" in message


def test_base_needed_but_not_given(tmp_path: Path) -> None:
    message = _problems(tmp_path, GOOD, base=None)
    assert "entry #1 ('demo-blog'): url uses {base} but no base URL was given" in message


def test_url_must_be_http(tmp_path: Path) -> None:
    message = _problems(tmp_path, GOOD.replace("https://grants.example.test", "file:///etc"))
    assert "entry #3 ('demo-grants-api'): bad url 'file:///etc/api/grants.json'" in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace('spider = "listing"', 'spider = "lisitng"').replace(
        'name = "demo-grants-api"', 'name = "Grants API"'
    )
    message = _problems(tmp_path, text)
    assert len(message.splitlines()) == 2


def test_no_sources_and_unknown_top_level_key(tmp_path: Path) -> None:
    message = _problems(tmp_path, '[[source]]\nname = "x"\n')
    assert "unknown top-level key 'source' (did you mean 'sources'?)" in message
    assert "no [[sources]] entries" in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match=r"nowhere\.toml: file not found"):
        load_sources(tmp_path / "nowhere.toml")


def test_select_unknown_name(tmp_path: Path) -> None:
    sources = _load(tmp_path, GOOD)
    with pytest.raises(
        SourcesError, match="no source named 'demo-blgo' \\(did you mean 'demo-blog'\\?\\)"
    ):
        select_sources(sources, "demo-blgo", tmp_path / "sources.toml")
    assert [s.name for s in select_sources(sources, ["demo-portal"], "x")] == ["demo-portal"]


def test_crawl_with_a_bad_file_writes_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "radar.db"
    db_url = f"sqlite:///{db_path}"
    upgrade(db_url)
    before = db_path.read_bytes()
    path = tmp_path / "sources.toml"
    path.write_text(GOOD.replace('spider = "listing"', 'spider = "lisitng"'), encoding="utf-8")
    with pytest.raises(SourcesError, match="unknown spider 'lisitng'"):
        crawl_sources(path, db_url, base="http://127.0.0.1:9")
    from sqlalchemy import func, select

    from storage.engine import make_engine
    from storage.models import CrawlRun, Source

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Source)).scalar() == 0
            assert conn.execute(select(func.count()).select_from(CrawlRun)).scalar() == 0
    finally:
        engine.dispose()
    assert db_path.read_bytes() == before
