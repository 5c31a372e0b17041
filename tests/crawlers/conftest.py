"""Fixtures for crawler tests: the test pages on a local server, sources files, database reads."""

from __future__ import annotations

import functools
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.engine import make_engine
from storage.models import CrawlRun, Institution, InstitutionRank, Opportunity

PAGES = Path(__file__).with_name("pages")
# Deadlines in the test pages are in 2026; "today" is pinned so their status never drifts.
TODAY = date(2026, 1, 15)


class _TestSiteHandler(SimpleHTTPRequestHandler):
    """Serves a folder, plus ``/status/<code>`` (that status, a short body) and ``/hang``."""

    def do_GET(self) -> None:
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
    serve = staticmethod(serve)
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
