"""Dependencies point one way: domain ← storage/crawlers/matcher/feeds ← radar."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OURS = {"domain", "storage", "crawlers", "matcher", "feeds", "radar"}
ALLOWED = {
    "domain": set(),
    "storage": {"domain"},
    "crawlers": {"domain"},
    "matcher": {"domain"},
    "feeds": {"domain"},
    "radar": OURS,
}
# The only crawler modules that touch the database: the store pipeline and the run record.
CRAWLER_STORAGE_MODULES = ("crawlers/pipelines/store", "crawlers/run.py", "crawlers/runner.py")


def imported_packages(source: str) -> set[str]:
    """Top-level packages of ours that a module's source imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


def violations(root: Path) -> list[str]:
    """Every import that points against the direction, as 'file: imports pkg'."""
    found = []
    for package, allowed in ALLOWED.items():
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            ok = allowed | {package}
            if package == "crawlers" and rel.startswith(CRAWLER_STORAGE_MODULES):
                ok = ok | {"storage"}
            for bad in sorted(imported_packages(path.read_text(encoding="utf-8")) - ok):
                found.append(f"{rel}: imports {bad}")
    return found


def test_no_import_points_against_the_direction():
    assert violations(REPO) == []


def test_the_check_catches_a_violation(tmp_path):
    (tmp_path / "matcher").mkdir()
    (tmp_path / "matcher" / "bad.py").write_text("from storage import repository\nimport feeds.x\n")
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "worse.py").write_text("import radar\n")
    (tmp_path / "crawlers" / "spiders").mkdir(parents=True)
    (tmp_path / "crawlers" / "spiders" / "s.py").write_text("from storage.engine import x\n")
    assert violations(tmp_path) == [
        "domain/worse.py: imports radar",
        "crawlers/spiders/s.py: imports storage",
        "matcher/bad.py: imports feeds",
        "matcher/bad.py: imports storage",
    ]
