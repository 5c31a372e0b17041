"""Shared web fixtures: a seeded database and the app served on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from werkzeug.serving import make_server

from domain import Kind, Level, OpportunityRecord, Profile, Role, Status
from radar.config import load_settings
from radar.jobs.match import run_match
from radar.jobs.publish import publish_feeds
from radar.web import create_app
from storage import repository as repo
from storage.engine import make_engine

TOKEN = "staff-secret"


@pytest.fixture
def staff_token() -> str:
    return TOKEN


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
    settings = load_settings(
        database_url=sqlite_url, staff_token=TOKEN, base_url="http://127.0.0.1"
    )
    publish_feeds(engine, tmp_path / "feeds", today, settings.base_url)
    app = create_app(settings, tmp_path / "feeds")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", engine
    server.shutdown()
    server.server_close()
    engine.dispose()
