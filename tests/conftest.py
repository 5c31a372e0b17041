"""Shared fixtures: database URLs (SQLite file; PostgreSQL when RADAR_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from domain import clock
from storage.engine import make_engine
from storage.migrate import upgrade

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PG_URL = os.environ.get("RADAR_TEST_DATABASE_URL")
PG_SKIP_REASON = (
    "PostgreSQL tests need RADAR_TEST_DATABASE_URL "
    "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test); .ci/run sets it when a server answers"
)


# Every test runs on this date unless it pins its own (tests own their clock: the suite must
# pass on any real date). Subprocesses inherit it through RADAR_NOW.
TEST_MOMENT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[datetime]:
    """Pin business time to TEST_MOMENT (ticking on with real time) for the whole test."""
    with clock.pinned(TEST_MOMENT) as start:
        yield start


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the shared real-data fixtures")
    return path


def _pg_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema per test, so tests never see each other's rows."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database: a SQLite file, and PostgreSQL when configured."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'radar.db'}"
        upgrade(url)
        yield url
        return
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    gen = _pg_schema_url()
    url = next(gen)
    upgrade(url)
    yield url
    gen.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite file database."""
    url = f"sqlite:///{tmp_path / 'radar.db'}"
    upgrade(url)
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on ``db_url``, disposed after the test."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()
