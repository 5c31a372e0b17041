"""Demo job: serve the bundled sample sites locally and run the whole pipeline into a folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radar.config import Settings, load_settings
from radar.demo.server import serve_folder
from radar.demo.shift import days_since_epoch, shift_text
from radar.jobs.common import Progress, no_progress, open_database, today
from radar.jobs.crawl import CrawlSummary, run_crawl
from radar.jobs.digest import DigestSummary, run_digests
from radar.jobs.match import MatchSummary, run_match
from radar.jobs.profiles import ImportSummary, import_profiles
from radar.jobs.publications import import_publications
from radar.jobs.publish import PublishSummary, publish_feeds

DEMO = Path(__file__).resolve().parents[1] / "demo"
SITES = DEMO / "sites"
SOURCES = DEMO / "sources.toml"
PROFILES = DEMO / "profiles.json"
PUBLICATIONS = DEMO / "publications"


@dataclass
class DemoSummary:
    """Everything the demo did, for the printed summary."""

    out: Path
    settings: Settings
    crawl: CrawlSummary
    profiles: ImportSummary
    match: MatchSummary
    publish: PublishSummary
    digests: DigestSummary


def run_demo(out: Path, progress: Progress = no_progress) -> DemoSummary:
    """Crawl the sample sites → SQLite → match sample profiles → feeds and digests under ``out``."""
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    settings = load_settings(database_url=f"sqlite:///{out / 'radar.db'}")
    day = today(settings)
    shift = days_since_epoch(day)  # the sample content moves with the calendar: never expires
    with open_database(settings) as engine:
        with serve_folder(SITES, shift_days=shift) as base:
            crawl = run_crawl(settings, SOURCES, base=base, progress=progress)
        profiles = import_profiles(engine, _profiles_file(out, shift))
        for path in sorted(PUBLICATIONS.iterdir()):
            # Files are named <profile id>.<anything>.json|.bib
            import_publications(engine, path.name.split(".")[0], path)
        progress(1, "profiles")
        match = run_match(engine, day, limit=settings.match_limit, timezone=settings.timezone)
        progress(1, "match")
        published = publish_feeds(
            engine, out / "feeds", day, settings.base_url, timezone=settings.timezone
        )
        progress(1, "feeds")
        digests = run_digests(engine, settings, day, out=out / "outbox")
        progress(1, "digests")
    return DemoSummary(out, settings, crawl, profiles, match, published, digests)


def _profiles_file(out: Path, shift: int) -> Path:
    """The sample profiles, birth dates moved like the content so ages stay as written."""
    if not shift:
        return PROFILES
    moved = out / "demo-profiles.json"
    moved.write_text(shift_text(PROFILES.read_text(encoding="utf-8"), shift), encoding="utf-8")
    return moved


def demo_steps() -> int:
    """How many progress steps the demo reports (sources + 4 pipeline steps)."""
    from crawlers.sources import load_sources

    return len(load_sources(SOURCES, base="http://127.0.0.1")) + 4
