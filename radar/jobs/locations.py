"""Where things live by default: output folders outside the source tree, and which database
and feeds `radar serve` shows (the demo's when nothing else is set up)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from radar.config import Settings

PROJECT = Path(__file__).resolve().parents[2]
# Our own code folders: output written here would mix with (or overwrite) the sources; the
# old default `feeds` was exactly the `feeds/` package when run in a checkout.
CODE_FOLDERS = ("domain", "storage", "crawlers", "matcher", "feeds", "radar", "tests", "bench",
                "docs")  # fmt: skip
DEMO_FOLDER = Path("radar-demo")
DEMO_RECORD = ".radar-demo.json"  # written by `radar demo` in the working folder


class OutputFolderError(ValueError):
    """An output folder inside the project's own source tree."""


def check_output_folder(out: Path) -> Path:
    """``out`` resolved; refuses the project's code folders and anything inside them."""
    resolved = Path(out).resolve()
    for name in CODE_FOLDERS:
        code = PROJECT / name
        if code.is_dir() and (resolved == code or code in resolved.parents):
            raise OutputFolderError(
                f"{out} is inside the project's source tree ({code}); choose a folder "
                f"outside it, e.g. --out radar-feeds or /var/www/radar/feeds"
            )
    return resolved


def record_demo(out: Path, cwd: Path | None = None) -> None:
    """Remember where `radar demo` wrote, so `radar serve` run here finds it."""
    out = Path(out).resolve()
    record = {"database_url": f"sqlite:///{out / 'radar.db'}", "feeds": str(out / "feeds")}
    ((cwd or Path.cwd()) / DEMO_RECORD).write_text(json.dumps(record), encoding="utf-8")


@dataclass(frozen=True)
class ServeTarget:
    """The database and feeds folder the web app will show, and why."""

    database_url: str
    feeds: Path | None
    why: str


def serve_target(settings: Settings, feeds: Path | None, cwd: Path | None = None) -> ServeTarget:
    """What `radar serve` shows: an explicit database (option, RADAR_DATABASE_URL,
    radar.toml) wins; with none, ./radar.db if it exists, else the demo's database and feeds
    (recorded by `radar demo`, or ./radar-demo/); else a new ./radar.db."""
    cwd = cwd or Path.cwd()
    default_feeds = feeds or _existing(settings.feeds_dir, cwd)
    if "database_url" in settings.model_fields_set:
        return ServeTarget(settings.database_url, default_feeds, "as configured")
    if (cwd / "radar.db").exists() or settings.database_url != "sqlite:///radar.db":
        return ServeTarget(settings.database_url, default_feeds, "the default database")
    demo = _demo(cwd)
    if demo is not None:
        db, demo_feeds = demo
        return ServeTarget(db, feeds or _existing(demo_feeds, cwd), "the demo's (radar demo)")
    return ServeTarget(settings.database_url, default_feeds, "a new empty database")


def _existing(folder: Path, cwd: Path) -> Path | None:
    path = folder if folder.is_absolute() else cwd / folder
    return path if path.is_dir() else None


def _demo(cwd: Path) -> tuple[str, Path] | None:
    record = cwd / DEMO_RECORD
    if record.is_file():
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            if Path(data["database_url"].removeprefix("sqlite:///")).is_file():
                return data["database_url"], Path(data["feeds"])
        except (ValueError, KeyError, TypeError, AttributeError):
            pass  # a damaged record: fall back to the default folder below
    if (cwd / DEMO_FOLDER / "radar.db").is_file():
        folder = (cwd / DEMO_FOLDER).resolve()
        return f"sqlite:///{folder / 'radar.db'}", folder / "feeds"
    return None
