"""The scheduler: one APScheduler process that crawls each source on its schedule, then
rematches, republishes feeds and sends due digests."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from crawlers.sources import load_sources
from domain.vocabulary import SCHEDULE_WORDS
from radar.config import Settings
from radar.jobs.common import open_database, semantic_for, today
from radar.jobs.crawl import run_crawl
from radar.jobs.digest import run_digests
from radar.jobs.match import run_match
from radar.jobs.publish import publish_feeds

DEFAULT_SCHEDULE = "daily"


def cron_for(schedule: str | None) -> str:
    """The cron expression of a source's schedule word or expression."""
    return SCHEDULE_WORDS.get(schedule or DEFAULT_SCHEDULE, schedule or SCHEDULE_WORDS["daily"])


def build_scheduler(
    settings: Settings,
    feeds_out: Path,
    scheduler: BaseScheduler | None = None,
    send_digests: bool = True,
) -> BaseScheduler:
    """Add one crawl job per distinct schedule (its sources together) and the daily jobs."""
    scheduler = scheduler or BlockingScheduler(timezone=settings.timezone)
    groups: dict[str, list[str]] = defaultdict(list)
    for source in load_sources(settings.sources):
        groups[cron_for(source.schedule)].append(source.name)
    for cron, names in sorted(groups.items()):
        scheduler.add_job(
            _crawl_then_refresh,
            CronTrigger.from_crontab(cron, timezone=settings.timezone),
            args=[settings, names, feeds_out],
            id=f"crawl:{cron}",
            name=f"crawl {', '.join(names)}",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=3600,
        )
    if send_digests:
        scheduler.add_job(
            _send_digests,
            CronTrigger.from_crontab("0 8 * * *", timezone=settings.timezone),
            args=[settings],
            id="digests",
            name="send due digests",
            max_instances=1,
            coalesce=True,
        )
    return scheduler


def _crawl_then_refresh(settings: Settings, names: list[str], feeds_out: Path) -> None:
    run_crawl(settings, settings.sources, only=names)
    with open_database(settings) as engine:
        day = today(settings)
        run_match(
            engine, day, limit=settings.match_limit, timezone=settings.timezone,
            semantic=semantic_for(settings),
        )  # fmt: skip
        publish_feeds(engine, feeds_out, day, settings.base_url)


def _send_digests(settings: Settings) -> None:
    # Weekly digests are claimed once per ISO week, daily ones once per day (digest_key).
    with open_database(settings) as engine:
        run_digests(engine, settings, today(settings), send=True)
