"""What `radar publish` keeps between runs in the output folder: rendered entries and the
inputs of every file, so a run renders only what changed (docs/feeds.md, "Incremental")."""

from __future__ import annotations

import hashlib
import sqlite3
from functools import cache
from importlib.metadata import version
from pathlib import Path

import feeds

CACHE_NAME = ".publish-cache.sqlite"  # not a feed suffix: the web app never serves it
# Raise when what a cached entry means changes without the feeds package changing.
FORMAT = "1"
_LIBRARIES = ("feedgen", "icalendar", "lxml", "babel", "nh3", "jinja2", "markupsafe")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, key BLOB NOT NULL,
                                  size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL);
"""


@cache
def generation() -> str:
    """Changes whenever the renderers could write other bytes for the same input: the feeds
    package's code and templates and the versions of the libraries it renders with."""
    digest = hashlib.sha256(FORMAT.encode())
    root = Path(feeds.__file__).resolve().parent
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".j2")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}={version(name)}".encode())
    return digest.hexdigest()


class PublishCache:
    """Entries by the hash of everything they are rendered from; files by the hash of their
    inputs plus the size and mtime they were written with (a file edited by hand is redone)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(folder / CACHE_NAME)
        self._db.executescript(_SCHEMA)
        row = self._db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        if row is None or row[0] != generation():
            # Other code or libraries: nothing cached can be trusted to give today's bytes.
            self._db.executescript("DELETE FROM entries; DELETE FROM files;")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)",
                             (generation(),))  # fmt: skip
        self._used: set[bytes] = set()

    def entries(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """The cached bodies of those ``keys`` that are cached."""
        self._used.update(keys)
        found: dict[bytes, bytes] = {}
        for start in range(0, len(keys), 500):  # SQLite's bound-parameter limit
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT key, body FROM entries WHERE key IN ({marks})"
            found.update(self._db.execute(sql, chunk).fetchall())
        return found

    def keep(self, keys: list[bytes]) -> None:
        """These entries are still in a file (left as it was): keep them for its next change."""
        self._used.update(keys)

    def add_entries(self, bodies: dict[bytes, bytes]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", bodies.items())

    def file_is_current(self, path: Path, key: bytes) -> bool:
        """``path`` was written by us from inputs hashing to ``key`` and is untouched since."""
        row = self._db.execute("SELECT key, size, mtime_ns FROM files WHERE path = ?",
                               (str(path),)).fetchone()  # fmt: skip
        try:
            stat = path.stat()
        except OSError:
            return False
        return row == (key, stat.st_size, stat.st_mtime_ns)

    def file_written(self, path: Path, key: bytes) -> None:
        stat = path.stat()
        self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                         (str(path), key, stat.st_size, stat.st_mtime_ns))  # fmt: skip

    def close(self) -> None:
        """Forget entries no file holds any more (the cache stays the size of the feeds)."""
        self._db.execute("CREATE TEMP TABLE used (key BLOB PRIMARY KEY)")
        self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self._used))
        self._db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
        self._db.commit()
        self._db.close()
