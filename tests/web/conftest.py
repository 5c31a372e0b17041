"""Shared web fixtures: a seeded site for the JSON API tests (calls open, closed, expired, hidden
and featured; ranked institutions; two people with matches and private tokens), and a small
site served on 127.0.0.1 with one staff account for the browser and plain-HTTP tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from api_seed import ApiSite, make_site
from werkzeug.serving import make_server

from domain import (
    Kind,
    Level,
    OpportunityRecord,
    Profile,
    Role,
    Status,
)
from radar.config import load_settings
from radar.jobs.accounts import add_account
from radar.jobs.match import run_match
from radar.jobs.publish import publish_feeds
from radar.web import create_app
from storage import repository as repo
from storage.engine import make_engine


@pytest.fixture
def api_site(db_url: str) -> Iterator[ApiSite]:
    """The seeded site on SQLite, and on PostgreSQL when configured."""
    yield from make_site(db_url)


STAFF_EMAIL, STAFF_PASSWORD = "dilnoza@uni.example.uz", "staff-secret-1"


@pytest.fixture
def site(sqlite_url, tmp_path) -> Iterator[tuple[str, object]]:
    engine = make_engine(sqlite_url)
    calls = [
        OpportunityRecord(
            f"demo/call-{i}",
            "demo",
            f"https://calls.example.org/{i}",
            title,
            summary=summary,
            kind=Kind.GRANT,
            levels=[Level.FACULTY],
            deadline=date(2027, 3, 1 + i),
            status=Status.OPEN,
            details={"any_nationality": True},
        )
        for i, (title, summary) in enumerate(
            [
                ("Solar photovoltaics research grant", "Grants for solar photovoltaics research."),
                ("Power electronics for inverters", "Power electronics and grid inverters."),
                ("<script>alert(1)</script> Summer school", "Hostile title must show as text."),
            ]
        )
    ]
    repo.upsert_opportunities(engine, calls, datetime(2026, 11, 27, 1))
    repo.upsert_profiles(
        engine,
        [Profile("rustam", "Рустам Алиев", Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                 interests="solar photovoltaics power electronics", details={"groups": ["energy"]})],
    )  # fmt: skip
    today = date(2026, 11, 27)
    run_match(engine, today, full=True)
    settings = load_settings(database_url=sqlite_url, base_url="http://127.0.0.1")
    add_account(engine, STAFF_EMAIL, STAFF_PASSWORD, "staff")
    publish_feeds(engine, tmp_path / "feeds", today, settings.base_url)
    app = create_app(settings, tmp_path / "feeds")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", engine
    server.shutdown()
    server.server_close()
    engine.dispose()
