"""Migrations: an old database upgrades with its data, and the models match the migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from storage import repository as repo
from storage.engine import make_engine
from storage.migrate import current_revision, upgrade
from storage.models import Base


def test_upgrade_from_the_first_revision_keeps_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO institutions (id, name, country, url, aliases) VALUES ('inst/a', 'A', 'DE', NULL, '[]')"
            )
        )
    upgrade(url)
    assert current_revision(url) is not None and current_revision(url) != "0001"
    (inst,) = repo.load_institutions(engine)
    assert (inst.name, inst.subjects) == ("A", [])
    engine.dispose()


def test_models_and_migrations_agree(db_url):
    engine = make_engine(db_url)
    with engine.connect() as conn:
        # The SQLite full-text index (an FTS5 virtual table and its shadow tables) is made by
        # migration 0101 and has no model.
        context = MigrationContext.configure(
            conn, opts={"include_name": lambda name, kind, _parent: not (
                kind == "table" and name.startswith("opportunities_fts"))}
        )  # fmt: skip
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []
