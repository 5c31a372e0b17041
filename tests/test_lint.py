"""Lint is part of the test suite, so one command checks everything."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff")
    assert ruff, "ruff is not installed: pip install -e '.[test]'"
    result = subprocess.run([ruff, "check", "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_has_a_docstring():
    missing = []
    for package in ("domain", "storage", "crawlers", "matcher", "feeds", "radar"):
        for path in (REPO / package).rglob("*.py"):
            if "migrations/versions" in path.as_posix():
                continue
            text = path.read_text(encoding="utf-8").lstrip()
            if text and not text.startswith(('"""', "'''", 'r"""')):
                missing.append(path.relative_to(REPO).as_posix())
    assert missing == []
