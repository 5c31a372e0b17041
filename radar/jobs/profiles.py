"""Profile import job: validate a file, store the valid rows in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from domain import Profile
from radar.profile_files import read_profile_file
from storage import repository as repo


@dataclass
class ImportSummary:
    """What an import did: counts and one message per rejected row."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def import_profiles(engine: Engine, path: Path) -> ImportSummary:
    """Import profiles from JSON, YAML or CSV; re-importing updates by id."""
    parsed = read_profile_file(path)
    counts = repo.upsert_profiles(engine, parsed.profiles)
    return ImportSummary(counts.new, counts.updated, counts.unchanged, parsed.errors)


def list_people(engine: Engine) -> list[Profile]:
    """Every profile (for staff pick lists)."""
    return repo.load_profiles(engine)
