"""Crawling the saved real responses (../shared/fixtures) through Scrapy, with the real entries.

Each test takes its source's entry from crawlers/sources.toml (the office's live sources),
points its URL at a local HTTP server on 127.0.0.1 that serves the saved file, crawls it with
``python -m crawlers.run`` into a migrated SQLite file, and reads the stored records back.
The saved files are read from ../shared and never copied into the repository.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from domain import InstitutionRecord, OpportunityRecord
from storage import repository
from storage.engine import make_engine
from storage.migrate import upgrade

REPO = Path(__file__).resolve().parents[3]
SHARED_FIXTURES = REPO.parent / "shared" / "fixtures"
SOURCES_FILE = REPO / "crawlers" / "sources.toml"


@dataclass(frozen=True)
class Request:
    """One request the local server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes


@dataclass(frozen=True)
class Answer:
    """What the local server sends back for one request."""

    body: bytes
    content_type: str = "application/json"
    status: int = 200


Route = Callable[[Request], Answer]


@dataclass
class Site:
    """A local server's base URL and the requests it has received."""

    base: str
    requests: list[Request] = field(default_factory=list)

    def received(self, path: str) -> list[Request]:
        """The requests for one path, in order."""
        return [r for r in self.requests if r.path == path]


def saved(*parts: str) -> Path:
    """A saved real response under ../shared/fixtures (the test skips when it is absent)."""
    path = SHARED_FIXTURES.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the shared real-data fixtures")
    return path


def file_route(path: Path, content_type: str) -> Route:
    """A route answering every request with the same saved file."""
    body = path.read_bytes()
    return lambda request: Answer(body, content_type)


@contextmanager
def serve_routes(routes: dict[str, Route]) -> Iterator[Site]:
    """Serve ``routes`` (path -> answer) on 127.0.0.1 for GET and POST; other paths are 404."""
    site = Site(base="")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(
                self.command, parts.path, parse_qs(parts.query), self.rfile.read(length)
            )
            site.requests.append(request)
            route = routes.get(parts.path)
            answer = route(request) if route else Answer(b"not found", "text/plain", 404)
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        do_GET = _answer
        do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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


def real_entry(name: str) -> dict[str, Any]:
    """The entry named ``name`` of the office's sources file, as a dict."""
    document = tomllib.loads(SOURCES_FILE.read_text(encoding="utf-8"))
    for entry in document["sources"]:
        if entry["name"] == name:
            return entry
    raise KeyError(f"no source {name!r} in {SOURCES_FILE}")


def local_copy(name: str, url: str, **changes: Any) -> dict[str, Any]:
    """The real entry pointed at the local server: private hosts allowed, no delay."""
    entry = {**real_entry(name), "url": url, "allow_private": True, "download_delay": 0}
    entry.pop("expected_min_items", None)
    for key, value in changes.items():
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    return entry


def write_sources(folder: Path, *entries: dict[str, Any]) -> Path:
    """A sources file holding these entries."""
    lines = []
    for entry in entries:
        lines.append("[[sources]]")
        tables = {k: v for k, v in entry.items() if isinstance(v, dict)}
        lines.extend(f"{k} = {_toml(v)}" for k, v in entry.items() if k not in tables)
        for key, table in tables.items():
            lines.append(f"[sources.{key}]")
            lines.extend(f"{k} = {_toml(v)}" for k, v in table.items())
        lines.append("")
    path = folder / "sources.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


@dataclass
class Crawl:
    """What one crawl run reported and what it stored."""

    result: dict[str, Any]
    db_url: str

    def opportunities(self) -> dict[str, OpportunityRecord]:
        """Stored opportunities by external id (the id's part after the source name)."""
        engine = make_engine(self.db_url)
        try:
            records = repository.load_opportunities(engine)
        finally:
            engine.dispose()
        return {r.id.split("/", 1)[1]: r for r in records}

    def institutions(self) -> dict[str, InstitutionRecord]:
        """Stored institutions by name."""
        return {r.name: r for r in self.institution_list()}

    def institution_list(self) -> list[InstitutionRecord]:
        """Every stored institution, by id."""
        engine = make_engine(self.db_url)
        try:
            return repository.load_institutions(engine)
        finally:
            engine.dispose()


def run_crawl(tmp_path: Path, entry: dict[str, Any], today: str = "2026-01-15") -> Crawl:
    """Crawl one entry with ``python -m crawlers.run`` into a fresh SQLite file."""
    db_url = f"sqlite:///{tmp_path / 'radar.db'}"
    upgrade(db_url)
    sources = write_sources(tmp_path, entry)
    completed = subprocess.run(
        [sys.executable, "-m", "crawlers.run", "--sources", str(sources), "--only",
         entry["name"], "--database-url", db_url, "--today", today, "--log-level", "WARNING"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    return Crawl(result, db_url)


@pytest.fixture
def crawl(tmp_path: Path) -> Callable[..., Crawl]:
    """``crawl(entry, today=...)``: run one source into this test's own database."""
    return lambda entry, today="2026-01-15": run_crawl(tmp_path, entry, today)


class RealKit:
    """The helpers above, for test modules (a conftest cannot be imported unambiguously)."""

    Answer = Answer
    Request = Request
    saved = staticmethod(saved)
    file_route = staticmethod(file_route)
    serve_routes = staticmethod(serve_routes)
    real_entry = staticmethod(real_entry)
    local_copy = staticmethod(local_copy)


@pytest.fixture(scope="session")
def real() -> type[RealKit]:
    """Helpers: saved files, a local server with routes, the real sources' entries."""
    return RealKit
