"""The scheduler plan: one crawl job per schedule with its sources, plus the digest job."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler

from radar.config import load_settings
from radar.scheduler import build_scheduler

SOURCES = """
[[sources]]
name = "blog-a"
spider = "feed"
url = "https://a.example.org/feed"
schedule = "daily"

[[sources]]
name = "blog-b"
spider = "feed"
url = "https://b.example.org/feed"

[[sources]]
name = "rankings"
spider = "json"
url = "https://r.example.org/r.json"
schedule = "0 4 1 * *"
item_type = "institution"
items_path = "data"
[sources.fields]
name = "name"
rank_text = "rank"
"""


def test_jobs_group_sources_by_schedule(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    settings = load_settings(sources=path, database_url=f"sqlite:///{tmp_path / 'r.db'}")
    scheduler = build_scheduler(
        settings, tmp_path / "feeds", BackgroundScheduler(timezone="Asia/Tashkent")
    )
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {"crawl:30 2 * * *", "crawl:0 4 1 * *", "digests"}
        assert jobs["crawl:30 2 * * *"].args[1] == ["blog-a", "blog-b"]
        assert jobs["crawl:0 4 1 * *"].args[1] == ["rankings"]
        tz = ZoneInfo("Asia/Tashkent")
        after = datetime(2026, 11, 27, 12, 0, tzinfo=tz)
        monthly = jobs["crawl:0 4 1 * *"].trigger.get_next_fire_time(None, after)
        assert monthly == datetime(2026, 12, 1, 4, 0, tzinfo=tz)
    finally:
        scheduler.shutdown(wait=False)
