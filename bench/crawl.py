"""Crawl throughput through the full pipeline, against `scrapy bench`, and the unchanged re-crawl.

A local server (127.0.0.1) serves an invented calls portal — LIST_PAGES list pages of
PER_PAGE calls each, every call a detail page (5,000 by default) — and a 2,000-item RSS feed,
answering If-None-Match / If-Modified-Since like a real site. Both are crawled by
``crawlers.runner.crawl_sources`` (one Scrapy subprocess per source, through normalize,
validate, dedupe and store) into a fresh SQLite file:

1. the first crawl, with the production settings (AutoThrottle, 2 requests per site);
2. the same crawl again, nothing changed (conditional requests: 304s, no parsing, no writes);
3. the first crawl with Scrapy's default concurrency (16 per site, no AutoThrottle), to
   compare the pipeline itself with ``scrapy bench``, which crawls a local site that way;
4. ``scrapy bench`` (Scrapy's own local benchmark, no pipeline) in the same job: the baseline.

Run: ``python bench/crawl.py [--lists 100 --per-page 50 --feed-items 2000 --out FILE]``
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawlers.runner import crawl_sources  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

LAST_MODIFIED = "Mon, 05 Jan 2026 08:00:00 GMT"
FIELDS = ["water engineering", "renewable energy", "materials science", "computer science"]
COUNTRIES = ["Germany", "Japan", "Kazakhstan", "Uzbekistan", "France", "Korea"]

SOURCES = """
[[sources]]
name = "bench-portal"
spider = "listing"
url = "{base}/portal/list-1.html"
max_pages = 100000
download_delay = 0
[sources.selectors]
item_link = "css:article.call h2 a::attr(href)"
next_page = "css:a.next::attr(href)"
title = "css:h1"
summary = "css:div.summary"
deadline_text = "css:dd.deadline"
amount_text = "css:dd.amount"
level_text = "css:dd.level"
host_country_text = "css:dd.country"
external_id = "css:dd.ref::text"

[[sources]]
name = "bench-feed"
spider = "feed"
url = "{base}/feed.xml"
download_delay = 0
"""

# Scrapy's defaults, as `scrapy bench` crawls: no AutoThrottle, 16 requests at a time.
BENCH_CONCURRENCY = {
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
}


def build_site(lists: int, per_page: int, feed_items: int) -> dict[str, bytes]:
    """Path -> body of the invented site."""
    pages: dict[str, bytes] = {}
    number = 0
    for page in range(1, lists + 1):
        calls = []
        for _ in range(per_page):
            number += 1
            calls.append(
                f'<article class="call"><h2><a href="calls/{number}.html">Call {number}</a></h2>'
                "</article>"
            )
            pages[f"/portal/calls/{number}.html"] = _detail(number).encode()
        nxt = f'<a class="next" href="list-{page + 1}.html">Next</a>' if page < lists else ""
        pages[f"/portal/list-{page}.html"] = (
            f"<html><head><meta charset='utf-8'><title>Calls {page}</title></head><body>"
            f"<section>{''.join(calls)}</section><nav>{nxt}</nav></body></html>"
        ).encode()
    pages["/feed.xml"] = _feed(feed_items).encode()
    return pages


def _detail(n: int) -> str:
    field, country = FIELDS[n % len(FIELDS)], COUNTRIES[n % len(COUNTRIES)]
    return (
        f"<html><head><meta charset='utf-8'><title>Call {n}</title></head><body>"
        f"<h1>Research grant {n} in {field}</h1>"
        f"<div class='summary'><p>Invented call number {n} for faculty teams working on {field}."
        f"</p><p>Up to three years of funding; partners from {country} welcome.</p></div>"
        f"<dl><dd class='ref'>BG-{n:05d}</dd><dd class='deadline'>{1 + n % 28} June 2026</dd>"
        f"<dd class='amount'>EUR {10000 + n * 10:,}</dd><dd class='level'>PhD, postdoc</dd>"
        f"<dd class='country'>{country}</dd></dl></body></html>"
    )


def _feed(items: int) -> str:
    entries = "".join(
        f"<item><title>Scholarship {i}: master's study in {FIELDS[i % len(FIELDS)]}</title>"
        f"<link>https://feed.example.test/calls/{i}</link><guid>sch-{i}</guid>"
        f"<pubDate>Mon, 05 Jan 2026 08:00:00 GMT</pubDate>"
        f"<description>Fully funded master's scholarship number {i}; apply by "
        f"{1 + i % 28} March 2026.</description></item>"
        for i in range(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Invented scholarships</title><link>https://feed.example.test/</link>"
        f"<description>Bench feed</description>{entries}</channel></rss>"
    )


@dataclass
class Server:
    """The running site and how many requests (and 304s) it answered."""

    base: str
    requests: int = 0
    not_modified: int = 0


@contextmanager
def serve(pages: dict[str, bytes]) -> Iterator[Server]:
    """Serve ``pages`` over HTTP/1.1 keep-alive with ETag / Last-Modified, like a real site."""
    etags = {path: '"' + hashlib.sha1(body).hexdigest()[:16] + '"' for path, body in pages.items()}
    lock = threading.Lock()
    server_info = Server(base="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with lock:
                server_info.requests += 1
            body = pages.get(self.path)
            if body is None:
                self._send(404, b"not found", {})
                return
            etag = etags[self.path]
            if self.headers.get("If-None-Match") == etag:
                with lock:
                    server_info.not_modified += 1
                self._send(304, b"", {"ETag": etag})
                return
            kind = "application/rss+xml" if self.path.endswith(".xml") else "text/html"
            self._send(
                200,
                body,
                {"Content-Type": kind, "ETag": etag, "Last-Modified": LAST_MODIFIED},
            )

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    server_info.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield server_info
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Measured:
    """One crawl: wall time, CPU of the crawler processes, requests, what was stored."""

    label: str
    wall_s: float
    cpu_s: float
    requests: int
    not_modified: int
    pages: int  # list/detail pages and feed pages fetched with a 200 (robots.txt excluded)
    new: int
    updated: int
    unchanged: int
    statuses: str


def crawl(
    label: str, sources: Path, db_url: str, server: Server, settings: dict | None = None
) -> Measured:
    """Crawl both sources once and measure it."""
    before_requests, before_304 = server.requests, server.not_modified
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    results = crawl_sources(
        sources,
        db_url,
        base=server.base,
        parallel=2,
        timeout=3600,
        log_level="WARNING",
        allowed_hosts=["127.0.0.1"],
        settings=settings,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    for result in results:
        if result.status != "ok":
            raise SystemExit(f"{label}: {result.source} {result.status}: {result.errors[:3]}")
    requests = server.requests - before_requests
    not_modified = server.not_modified - before_304
    statuses: dict[str, int] = {}
    for result in results:
        for code, count in result.details["responses_by_status"].items():
            statuses[code] = statuses.get(code, 0) + count
    return Measured(
        label=label,
        wall_s=wall,
        cpu_s=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        requests=requests,
        not_modified=not_modified,
        pages=statuses.get("200", 0),
        new=sum(r.stats.new for r in results),
        updated=sum(r.stats.updated for r in results),
        unchanged=sum(r.stats.unchanged for r in results),
        statuses=", ".join(f"{code}×{n}" for code, n in sorted(statuses.items())),
    )


def scrapy_bench(seconds: int) -> tuple[float, str]:
    """Pages per second of `scrapy bench` (its own local site, no pipeline), and its command."""
    command = [
        sys.executable, "-m", "scrapy", "bench",
        "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO",
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:  # outside any Scrapy project
        proc = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, timeout=seconds + 120, check=False
        )
    log = proc.stderr
    responses = re.search(r"'downloader/response_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not responses or not elapsed:
        raise SystemExit(f"could not read `scrapy bench` stats:\n{log[-2000:]}")
    return int(responses.group(1)) / float(elapsed.group(1)), "scrapy bench -s " + (
        f"CLOSESPIDER_TIMEOUT={seconds}"
    )


def report(args: argparse.Namespace) -> str:
    """Run everything; the results as Markdown."""
    pages = build_site(args.lists, args.per_page, args.feed_items)
    details = args.lists * args.per_page
    with tempfile.TemporaryDirectory() as folder, serve(pages) as server:
        sources = Path(folder) / "sources.toml"
        sources.write_text(SOURCES, encoding="utf-8")
        polite_db = f"sqlite:///{Path(folder) / 'polite.db'}"
        fast_db = f"sqlite:///{Path(folder) / 'fast.db'}"
        upgrade(polite_db)
        upgrade(fast_db)
        first = crawl("first crawl, production settings", sources, polite_db, server)
        again = crawl("same crawl again, nothing changed", sources, polite_db, server)
        fast = crawl(
            "first crawl, Scrapy's default concurrency", sources, fast_db, server, BENCH_CONCURRENCY
        )
    if again.not_modified == 0:
        # Any change to the parsing code (spiders, pipelines, normalisers) between the two
        # runs invalidates the page cache on purpose; re-run on a quiet checkout.
        print("warning: the unchanged re-crawl got no 304: was the code edited meanwhile?",
              file=sys.stderr)  # fmt: skip
    baseline, bench_command = scrapy_bench(args.bench_seconds)

    def rate(m: Measured) -> float:
        return m.pages / m.wall_s

    rows = [
        "| run | wall (s) | crawler CPU (s) | requests | 200 pages | pages/s | vs scrapy bench "
        "| new / updated / unchanged | responses |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for m in (first, again, fast):
        # An unchanged re-crawl fetches no page with a 200: a rate would mean nothing there.
        speed = f"{rate(m):.0f} | {rate(m) / baseline:.2f}×" if m.pages else "– | –"
        rows.append(
            f"| {m.label} | {m.wall_s:.1f} | {m.cpu_s:.1f} | {m.requests} | {m.pages} | "
            f"{speed} | {m.new} / {m.updated} / {m.unchanged} | {m.statuses} |"
        )
    rows.append(
        f"| `{bench_command}` (baseline, no pipeline) | | | | | {baseline:.0f} | 1.00× | | |"
    )
    cheaper = [
        f"- wall time: {first.wall_s / again.wall_s:.1f}× less "
        f"({first.wall_s:.1f} s → {again.wall_s:.1f} s)",
        f"- crawler CPU: {first.cpu_s / again.cpu_s:.1f}× less "
        f"({first.cpu_s:.1f} s → {again.cpu_s:.1f} s)",
        f"- requests: {first.requests / again.requests:.1f}× fewer "
        f"({first.requests} → {again.requests}, of which {again.not_modified} answered 304)",
        f"- records parsed and written: {first.new + first.updated} → "
        f"{again.new + again.updated} ({again.unchanged} counted unchanged)",
    ]
    return "\n".join(
        [
            "## Crawling: throughput through the full pipeline, and the unchanged re-crawl",
            "",
            f"Command: `python bench/crawl.py --lists {args.lists} --per-page {args.per_page} "
            f"--feed-items {args.feed_items}`  ",
            f"Machine: {platform.machine()}, {_cpus()} CPUs, Python {platform.python_version()}; "
            "site and crawlers on the same machine (127.0.0.1).",
            "",
            f"Site: {args.lists} list pages of {args.per_page} calls, {details:,} detail pages, "
            f"and a {args.feed_items:,}-item RSS feed; ETag/Last-Modified like a real site. "
            "Two sources, one Scrapy subprocess each, crawled two at a time through normalize → "
            "validate → dedupe → store into a fresh SQLite file. Times include starting the "
            "subprocesses. `scrapy bench` (Scrapy's own local benchmark: link-following only, "
            "no parsing into items, no pipeline, 16 requests at a time) ran in the same job as "
            "the baseline.",
            "",
            *rows,
            "",
            "The unchanged re-crawl (conditional requests; every list page and the feed answer "
            "304, detail pages vouched for by the page cache are not requested):",
            "",
            *cheaper,
            "",
            "The unchanged run's CPU is almost all the start-up of its two Python/Scrapy "
            "subprocesses (about 1.4 s each here), which no caching removes; it varies between "
            "runs on a shared machine, the request count does not.",
            "",
            "Production settings are deliberately slower than `scrapy bench`: at most 2 requests "
            "at a time per site and AutoThrottle — politeness towards the sites we read. With "
            "Scrapy's default concurrency the same crawl shows what the pipeline itself costs.",
            "",
        ]
    )


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def main() -> None:
    """Parse options, run, print (and write) the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=100, help="list pages")
    parser.add_argument("--per-page", type=int, default=50, help="calls per list page")
    parser.add_argument("--feed-items", type=int, default=2000, help="items of the feed")
    parser.add_argument("--bench-seconds", type=int, default=20, help="how long scrapy bench runs")
    parser.add_argument("--out", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    text = report(args)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
