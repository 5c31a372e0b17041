"""Source health for the admin pages: the table and resuming a paused source."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from storage import repository as repo


def source_health(engine: Engine) -> tuple[list[Any], dict[str, dict]]:
    """Every source with its health, and each source's latest run by name."""
    return repo.list_sources(engine), {r["source"]: r for r in repo.latest_runs(engine)}


def resume_source(engine: Engine, name: str) -> bool:
    """Resume a paused or failing source; False when there is no such source."""
    return repo.set_source_health(engine, name, "ok")
