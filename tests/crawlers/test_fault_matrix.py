"""A hostile web in one crawl run: every fault beside good sources, each recorded with its reason.

One ``crawl_sources`` run (one Scrapy subprocess per source) against local servers on
127.0.0.1: good feeds, a listing and a JSON API next to 503-then-success, a refused
connection, a body cut off mid-way, a server that hangs, a redirect loop, an oversized body,
a gzip bomb, 429 with Retry-After, robots.txt answering 503, billion-laughs and XXE feeds,
markup and control characters in text, a Retry-After longer than we wait, a Windows-1251 page with no charset, a redesigned
listing, and a name that resolves to a private address. The good sources are stored in full;
each bad one has a crawl run saying why, and nothing leaks from the file system.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from crawlers.results import CrawlResult
from crawlers.runner import crawl_sources
from storage.engine import make_engine
from storage.migrate import upgrade

pytestmark = pytest.mark.slow

MIB = 1024 * 1024
MAX_SIZE = 15 * MIB  # crawlers/settings.py DOWNLOAD_MAXSIZE, unchanged by this test
RETRY_AFTER_S = 2
SECRET = "TOP-SECRET-7f3a9c-never-leaves-the-disk"

RU_LIST = """<html><head><title>Конкурсы и гранты</title></head><body>
<h1>Открытые конкурсы</h1>
<ul class="calls">
  <li><a class="call" href="/ru/konkurs-1.html">Стипендия для магистрантов по водным ресурсам</a></li>
  <li><a class="call" href="/ru/konkurs-2.html">Грант молодым учёным на полевые исследования</a></li>
</ul>
<p>Все конкурсы проводятся в соответствии с положением о грантах университета.</p>
</body></html>"""

RU_DETAIL = """<html><head><title>{title}</title></head><body>
<h1>{title}</h1>
<div class="summary">{summary}</div>
<dl><dt>Срок подачи</dt><dd class="deadline">{deadline}</dd></dl>
</body></html>"""

RU_CALLS = {
    "/ru/konkurs-1.html": (
        "Стипендия для магистрантов по водным ресурсам",
        "Полностью оплачиваемое обучение в магистратуре; ежемесячная стипендия и проживание.",
        "до 15 марта 2026 г.",
    ),
    "/ru/konkurs-2.html": (
        "Грант молодым учёным на полевые исследования",
        "Поддержка экспедиций и лабораторных анализов для кандидатов наук до 35 лет.",
        "до 30 апреля 2026 г.",
    ),
}

XXE_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
  <!ENTITY secret SYSTEM "file://{path}">
]>
<rss version="2.0"><channel><title>XXE</title><link>http://xxe.example.test/</link>
<description>An external entity that must never be read.</description>
<item><title>Leak &secret;</title><link>http://xxe.example.test/leak</link>
<description>&secret;</description></item>
</channel></rss>
"""


def _feed(name: str, url: str) -> str:
    return f'[[sources]]\nname = "{name}"\nspider = "feed"\nurl = "{url}"\ndownload_delay = 0\n\n'


def _listing(name: str, url: str, item_link: str, extra: str = "") -> str:
    return (
        f'[[sources]]\nname = "{name}"\nspider = "listing"\nurl = "{url}"\ndownload_delay = 0\n'
        f'[sources.selectors]\nitem_link = "{item_link}"\nnext_page = "css:a.next::attr(href)"\n'
        f'title = "css:h1"\nsummary = "css:div.summary"\ndeadline_text = "css:dd.deadline"\n'
        f"{extra}\n"
    )


def _sources(base: str, closed: int, robots_down: str) -> str:
    return "".join(
        [
            # good ones
            _feed("good-rss2", f"{base}/feeds/scholarships-rss2.xml"),
            _listing(
                "good-portal",
                f"{base}/portal/index.html",
                "css:article.call h2 a::attr(href)",
                "external_id = \"xpath://dd[@class='ref']/text()\"",
            ),
            '[[sources]]\nname = "good-api"\nspider = "json"\n'
            f'url = "{base}/api/grants-page-1.json"\ndownload_delay = 0\n'
            'items_path = "data.items"\nnext_page_path = "links.next"\n'
            '[sources.fields]\nexternal_id = "id"\ntitle = "title"\nurl = "links.self"\n\n',
            # faults
            _feed("flaky-503", f"{base}/flaky/feed.xml"),
            _feed("limited-429", f"{base}/limited/feed.xml"),
            _feed("asks-an-hour", f"{base}/hour/feed.xml"),
            _feed("refused", f"http://127.0.0.1:{closed}/feed.xml"),
            _feed("dropped", f"{base}/dropped/feed.xml"),
            _feed("hangs", f"{base}/hang/feed.xml"),
            _feed("redirect-loop", f"{base}/loop/a"),
            _feed("oversized", f"{base}/huge/feed.xml"),
            _feed("gzip-bomb", f"{base}/bomb/feed.xml"),
            _feed("robots-down", f"{robots_down}/feeds/calls-atom.xml"),
            _feed("billion-laughs", f"{base}/feeds/billion-laughs.xml"),
            _feed("xxe", f"{base}/xxe/feed.xml"),
            _feed("hostile-text", f"{base}/feeds/hostile-text.xml"),
            _listing("cyrillic-1251", f"{base}/ru/index.html", "css:a.call::attr(href)"),
            _listing(
                "redesigned", f"{base}/portal/index.html", "css:article.offer a.more::attr(href)"
            ),
            _feed("private-name", f"{base.replace('127.0.0.1', 'localhost')}/feeds/calls-atom.xml"),
        ]
    )


def _serve_file(kit: Any, name: str, content_type: str) -> Any:
    body = (kit.PAGES / name).read_bytes()
    return lambda handler, count: kit.respond(handler, 200, body, {"Content-Type": content_type})


def _gzip_bomb(decompressed: int) -> bytes:
    """A gzip body of ``decompressed`` zero bytes (about a thousandth of that on the wire)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    chunk = bytes(MIB)
    parts = [packer.compress(chunk) for _ in range(decompressed // MIB)]
    return b"".join([*parts, packer.flush()])


def _routes(kit: Any, secret_file: Path) -> dict[str, Any]:
    respond = kit.respond
    bomb = _gzip_bomb(200 * MIB)
    atom = _serve_file(kit, "feeds/calls-atom.xml", "application/atom+xml")
    rss1 = _serve_file(kit, "feeds/exchanges-rss1.rdf", "application/rdf+xml")

    def flaky(handler: BaseHTTPRequestHandler, count: int) -> None:
        if count == 1:
            respond(handler, 503, b"busy, try again", {"Content-Type": "text/plain"})
        else:
            atom(handler, count)

    def limited(handler: BaseHTTPRequestHandler, count: int) -> None:
        if count == 1:
            headers = {"Content-Type": "text/plain", "Retry-After": str(RETRY_AFTER_S)}
            respond(handler, 429, b"slow down", headers)
        else:
            rss1(handler, count)

    def hour(handler: BaseHTTPRequestHandler, count: int) -> None:
        respond(handler, 429, b"come back later", {"Retry-After": "3600"})

    def dropped(handler: BaseHTTPRequestHandler, count: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", "50000")
        handler.end_headers()
        handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut')
        handler.wfile.flush()
        handler.close_connection = True  # ... and the rest never comes

    def hang(handler: BaseHTTPRequestHandler, count: int) -> None:
        import time

        time.sleep(15)

    def loop(target: str) -> Any:
        return lambda handler, count: respond(handler, 302, b"", {"Location": target})

    def huge(handler: BaseHTTPRequestHandler, count: int) -> None:
        # No Content-Length: the size is only known by reading, and reading must stop.
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        block = b"<!-- padding -->" * (MIB // 16)
        for _ in range(MAX_SIZE // MIB + 4):
            handler.wfile.write(block)

    def gzip_bomb(handler: BaseHTTPRequestHandler, count: int) -> None:
        headers = {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
        respond(handler, 200, bomb, headers)

    def xxe(handler: BaseHTTPRequestHandler, count: int) -> None:
        body = XXE_FEED.replace("{path}", str(secret_file)).encode()
        respond(handler, 200, body, {"Content-Type": "application/rss+xml"})

    def cp1251(page: str) -> Any:
        # Windows-1251 bytes and a Content-Type without charset; no <meta charset> either.
        return lambda handler, count: respond(
            handler, 200, page.encode("cp1251"), {"Content-Type": "text/html"}
        )

    routes: dict[str, Any] = {
        "/flaky/feed.xml": flaky,
        "/limited/feed.xml": limited,
        "/hour/feed.xml": hour,
        "/dropped/feed.xml": dropped,
        "/hang/feed.xml": hang,
        "/loop/a": loop("/loop/b"),
        "/loop/b": loop("/loop/a"),
        "/huge/feed.xml": huge,
        "/bomb/feed.xml": gzip_bomb,
        "/xxe/feed.xml": xxe,
        "/ru/index.html": cp1251(RU_LIST),
    }
    for path, (title, summary, deadline) in RU_CALLS.items():
        routes[path] = cp1251(RU_DETAIL.format(title=title, summary=summary, deadline=deadline))
    return routes


@pytest.fixture(scope="module")
def matrix(kit: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Crawl every source once, in one run; the results, the sites' logs, the database."""
    folder = tmp_path_factory.mktemp("faults")
    secret_file = folder / "secret.txt"
    secret_file.write_text(SECRET, encoding="utf-8")
    db_url = f"sqlite:///{folder / 'radar.db'}"
    upgrade(db_url)

    def robots_down(handler: BaseHTTPRequestHandler, count: int) -> None:
        kit.respond(handler, 503, b"maintenance", {"Content-Type": "text/plain"})

    with (
        kit.serve_routes(_routes(kit, secret_file), kit.PAGES) as site,
        kit.serve_routes({"/robots.txt": robots_down}, kit.PAGES) as down,
    ):
        sources = kit.write_sources(folder, _sources(site.base, kit.closed_port(), down.base))
        results = crawl_sources(
            sources,
            db_url,
            parallel=6,
            timeout=120,
            log_dir=folder / "logs",
            today=kit.TODAY,
            allowed_hosts=kit.ALLOWED,
            # A hanging server is given up after 3 s here instead of 20 s, to keep the test short.
            settings={"DOWNLOAD_TIMEOUT": 3},
        )
        yield {
            "db": db_url,
            "results": {r.source: r for r in results},
            "site": site,
            "down": down,
            "logs": folder / "logs",
        }


GOOD = {"good-rss2": 3, "good-portal": 5, "good-api": 3, "flaky-503": 2, "limited-429": 2}
GOOD_TOO = {"hostile-text": 1, "cyrillic-1251": 2}
BAD = {
    "asks-an-hour": "HTTP 429 Too Many Requests (Retry-After: 3600)",
    "refused": "connection refused",
    "dropped": "connection dropped before the whole body arrived",
    "hangs": "timed out",
    "redirect-loop": "too many redirects",
    "oversized": f"larger than the maximum size ({MAX_SIZE} bytes)",
    "gzip-bomb": f"DOWNLOAD_MAXSIZE ({MAX_SIZE} B) during decompression",
    "robots-down": "answered HTTP 503: nothing is fetched from this host this run",
    "billion-laughs": "feed refused: it declares XML entities",
    "xxe": "feed refused: it declares XML entities",
    "redesigned": "has the site's layout changed?",
    "private-name": "resolves to 127.0.0.1, a loopback address; private addresses are refused",
}


@pytest.mark.parametrize(("name", "count"), [*GOOD.items(), *GOOD_TOO.items()])
def test_good_sources_are_stored_in_full(matrix: dict, kit: Any, name: str, count: int) -> None:
    result: CrawlResult = matrix["results"][name]
    assert result.status == "ok", result.errors
    assert result.errors == []
    assert result.stats.new == count
    assert len(kit.opportunities(matrix["db"], name)) == count
    (run,) = kit.crawl_runs(matrix["db"], name)
    assert (run["status"], run["new"]) == ("ok", count)


@pytest.mark.parametrize(("name", "reason"), BAD.items())
def test_each_bad_source_fails_with_its_reason(
    matrix: dict, kit: Any, name: str, reason: str
) -> None:
    result: CrawlResult = matrix["results"][name]
    assert result.status == "failed"
    assert any(reason in error for error in result.errors), result.errors
    (run,) = kit.crawl_runs(matrix["db"], name)
    assert run["status"] == "failed"
    assert run["finished_at"] is not None
    assert any(reason in error for error in run["errors"])
    assert kit.opportunities(matrix["db"], name) == {}


def test_503_then_success_is_retried(matrix: dict) -> None:
    details = matrix["results"]["flaky-503"].details
    assert details["responses_by_status"] == {"200": 1, "404": 1, "503": 1}  # 404: robots.txt
    assert details["retries"] == 1
    assert len(matrix["site"].hits_of("/flaky/feed.xml")) == 2


def test_429_waits_what_retry_after_asks(matrix: dict) -> None:
    details = matrix["results"]["limited-429"].details
    assert details["responses_by_status"] == {"200": 1, "404": 1, "429": 1}
    assert details["retry_after_waits"] == 1
    assert details["retry_after_waited_s"] == RETRY_AFTER_S
    first, second = matrix["site"].hits_of("/limited/feed.xml")
    # What the server saw: the retry came no sooner than it asked.
    assert second.at - first.at >= RETRY_AFTER_S


def test_a_retry_after_longer_than_we_wait_gives_up_at_once(matrix: dict) -> None:
    assert len(matrix["site"].hits_of("/hour/feed.xml")) == 1
    assert matrix["results"]["asks-an-hour"].details["retry_after_waits"] == 0


def test_robots_txt_answering_503_means_nothing_is_fetched(matrix: dict) -> None:
    down = matrix["down"]
    assert {hit.path for hit in down.hits} == {"/robots.txt"}  # the feed was never requested
    assert len(down.hits) == 3  # robots.txt itself is retried like any 503
    details = matrix["results"]["robots-down"].details
    assert details["robots_unreachable"] == 1
    assert details["responses_by_status"] == {"503": 3}


def test_unreachable_robots_txt_is_a_refusal_with_the_network_reason(matrix: dict) -> None:
    (error,) = matrix["results"]["refused"].errors
    assert "robots.txt of 127.0.0.1:" in error
    assert "could not be fetched (connection refused" in error


def test_gzip_bomb_stops_at_the_maximum_size(matrix: dict) -> None:
    # 200 MiB of zeros arrive as about 200 KiB; decompression stops past 15 MiB.
    (error, *_) = matrix["results"]["gzip-bomb"].errors
    assert "during decompression" in error
    assert len(matrix["site"].hits_of("/bomb/feed.xml")) == 1  # not retried: it would be again


def test_oversized_body_is_cut_off(matrix: dict) -> None:
    assert matrix["results"]["oversized"].details["bytes"] <= MAX_SIZE + MIB


def test_redirect_loop_stops_after_five_hops(matrix: dict) -> None:
    site = matrix["site"]
    hops = len(site.hits_of("/loop/a")) + len(site.hits_of("/loop/b"))
    assert hops == 6  # the first request and 5 redirects (REDIRECT_MAX_TIMES)


def test_private_name_is_refused_before_any_connection(matrix: dict) -> None:
    details = matrix["results"]["private-name"].details
    assert details["blocked_private"] == 1
    assert details["requests"] == 0  # not even robots.txt


def test_xxe_and_billion_laughs_leak_nothing_anywhere(matrix: dict, kit: Any) -> None:
    engine = make_engine(matrix["db"])
    try:
        with engine.connect() as conn:
            tables = [
                r[0]
                for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
            ]
            dump = "".join(
                repr(conn.execute(text(f'SELECT * FROM "{t}"')).all())
                for t in tables
                if not t.startswith("sqlite_")
            )
    finally:
        engine.dispose()
    logs = "".join(p.read_text(encoding="utf-8") for p in matrix["logs"].glob("*.log"))
    results = "".join(r.to_json() for r in matrix["results"].values())
    for where in (dump, logs, results):
        assert SECRET not in where
        assert "lollollol" not in where
    assert "xxe" in dump  # the dump did read the crawl runs


def test_markup_and_control_characters_are_sanitised(matrix: dict, kit: Any) -> None:
    (row,) = kit.opportunities(matrix["db"], "hostile-text").values()
    assert row["title"] == "Robotics Grant for Students"
    assert row["summary"] == "Apply here. Deadline: 30 April 2026."
    for value in (row["title"], row["summary"]):
        assert not any(ch in value for ch in "<>\u202e\u200b\x00\x07")
        assert "javascript" not in value
    assert matrix["results"]["hostile-text"].stats.drop_reasons == {"bad-url": 1}


def test_windows_1251_page_without_charset_is_decoded_right(matrix: dict, kit: Any) -> None:
    rows = kit.opportunities_by_url(matrix["db"], "cyrillic-1251")
    assert set(rows) == {"ru/konkurs-1.html", "ru/konkurs-2.html"}
    for path, (title, summary, _) in RU_CALLS.items():
        row = rows[path.lstrip("/")]
        assert row["title"] == title
        assert row["summary"] == summary
    assert rows["ru/konkurs-1.html"]["deadline"].isoformat() == "2026-03-15"


def test_sources_health_after_the_matrix(matrix: dict) -> None:
    from storage import repository as repo

    engine = make_engine(matrix["db"])
    try:
        health = {s["name"]: s["health"] for s in repo.list_sources(engine)}
    finally:
        engine.dispose()
    assert {name: health[name] for name in [*GOOD, *GOOD_TOO]} == dict.fromkeys(
        [*GOOD, *GOOD_TOO], "ok"
    )
    assert {name: health[name] for name in BAD} == dict.fromkeys(BAD, "failing")
