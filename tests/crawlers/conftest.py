"""Fixtures for crawler tests: the test pages on a local server, sources files, database reads."""

from __future__ import annotations

import functools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from storage.engine import make_engine
from storage.models import CrawlRun, Institution, InstitutionRank, Opportunity

PAGES = Path(__file__).with_name("pages")
# Deadlines in the test pages are in 2026; "today" is pinned so their status never drifts.
TODAY = date(2026, 1, 15)
# The local test servers: private addresses are refused unless allowed, and the tests allow
# exactly this host as URLs write it (a name resolving to it, like "localhost", stays refused).
ALLOWED = ("127.0.0.1",)


class _TestSiteHandler(SimpleHTTPRequestHandler):
    """Serves a folder, plus ``/status/<code>`` (that status, a short body), ``/hang`` and
    ``/redirect?to=URL`` (a 302 to that URL)."""

    def do_GET(self) -> None:
        if self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", unquote(self.path.removeprefix("/redirect?to=")))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path.startswith("/status/"):
            code = int(self.path.removeprefix("/status/").split("/")[0])
            body = f"status {code} from the test site\n".encode()
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path.startswith("/hang"):
            time.sleep(float(self.server.hang_seconds))  # type: ignore[attr-defined]
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path, hang_seconds: float = 30.0) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (random port) with the extra test routes; yields base URL."""
    handler = functools.partial(_TestSiteHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.hang_seconds = hang_seconds  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """The test pages (tests/crawlers/pages) on a local server."""
    with serve(PAGES) as base:
        yield base


@dataclass
class Hit:
    """One request a routed test site received."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when it arrived


# A route answers one request: it gets the handler (to write the response) and its hit count.
Route = Callable[[BaseHTTPRequestHandler, int], None]


@dataclass
class RoutedSite:
    """A local site whose paths are answered by functions; it remembers every request."""

    base: str
    hits: list[Hit] = field(default_factory=list)

    def hits_of(self, path: str) -> list[Hit]:
        """The requests of one path (query string included), in order."""
        return [hit for hit in self.hits if hit.path == path]


@contextmanager
def serve_routes(routes: dict[str, Route], folder: Path | None = None) -> Iterator[RoutedSite]:
    """Serve ``routes`` (path -> function) on 127.0.0.1, other paths from ``folder`` (or 404)."""
    site = RoutedSite(base="")
    lock = threading.Lock()
    counts: dict[str, int] = {}

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            with lock:
                site.hits.append(Hit(self.path, dict(self.headers.items()), time.monotonic()))
                counts[self.path] = counts.get(self.path, 0) + 1
                count = counts[self.path]
            route = routes.get(self.path)
            try:
                if route is not None:
                    route(self, count)
                elif folder is not None:
                    super().do_GET()
                else:
                    self.send_error(404)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler hung up (a body too big, a timeout): expected here

        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Handler, directory=str(folder or PAGES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def respond(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    """Write a whole response (with Content-Length unless the headers set their own)."""
    handler.send_response(status)
    headers = dict(headers or {})
    headers.setdefault("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connecting is refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_sources(folder: Path, text: str, name: str = "sources.toml") -> Path:
    """Write a sources file into ``folder``."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def opportunities(db_url: str, source: str | None = None) -> dict[str, dict[str, Any]]:
    """Stored opportunities by id (optionally of one source), as plain dicts."""
    return _rows(db_url, Opportunity, source)


def opportunities_by_url(db_url: str, source: str) -> dict[str, dict[str, Any]]:
    """Stored opportunities of a source keyed by the path of their URL."""
    rows = opportunities(db_url, source).values()
    return {row["url"].split("/", 3)[3].split("?")[0]: row for row in rows}


def crawl_runs(db_url: str, source: str | None = None) -> list[dict[str, Any]]:
    """Crawl runs (oldest first), optionally of one source."""
    return list(_rows(db_url, CrawlRun, source).values())


def institutions(db_url: str) -> dict[str, dict[str, Any]]:
    """Stored institutions by name, each with its ``ranks`` list."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            ranks = [dict(r) for r in conn.execute(select(InstitutionRank.__table__)).mappings()]
            found = {}
            for row in conn.execute(select(Institution.__table__)).mappings():
                item = dict(row)
                item["ranks"] = [r for r in ranks if r["institution_id"] == row["id"]]
                found[row["name"]] = item
            return found
    finally:
        engine.dispose()


def _rows(db_url: str, model: Any, source: str | None) -> dict[Any, dict[str, Any]]:
    table = model.__table__
    stmt = select(table).order_by(table.c.id)
    if source is not None:
        stmt = stmt.where(table.c.source == source)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return {row["id"]: dict(row) for row in conn.execute(stmt).mappings()}
    finally:
        engine.dispose()


class CrawlKit:
    """The helpers above, for test modules (they cannot import a conftest unambiguously)."""

    PAGES = PAGES
    TODAY = TODAY
    ALLOWED = ALLOWED
    serve = staticmethod(serve)
    serve_routes = staticmethod(serve_routes)
    respond = staticmethod(respond)
    closed_port = staticmethod(closed_port)
    write_sources = staticmethod(write_sources)
    opportunities = staticmethod(opportunities)
    opportunities_by_url = staticmethod(opportunities_by_url)
    crawl_runs = staticmethod(crawl_runs)
    institutions = staticmethod(institutions)


@pytest.fixture(scope="session")
def kit() -> type[CrawlKit]:
    """Helpers: local servers, sources files, reading what a crawl stored."""
    return CrawlKit
