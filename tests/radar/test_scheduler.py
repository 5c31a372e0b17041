"""The scheduler plan: one crawl job per schedule with its sources, digests, expiry, summary."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from radar.config import load_settings
from radar.jobs.schedule_plan import plan

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
TZ = ZoneInfo("Asia/Tashkent")
AFTER = datetime(2026, 11, 27, 12, 0, tzinfo=TZ)  # a Friday


def _plan(tmp_path, **settings):  # type: ignore[no-untyped-def]
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    return {job.id: job for job in plan(load_settings(sources=path, **settings))}


def test_jobs_group_sources_by_schedule(tmp_path):
    jobs = _plan(tmp_path)
    assert set(jobs) == {"crawl:30 2 * * *", "crawl:0 4 1 * *", "digests", "expire", "health-summary"}  # fmt: skip
    assert jobs["crawl:30 2 * * *"].params == ("blog-a", "blog-b")
    assert jobs["crawl:0 4 1 * *"].params == ("rankings",)
    monthly = jobs["crawl:0 4 1 * *"].trigger.get_next_fire_time(None, AFTER)
    assert monthly == datetime(2026, 12, 1, 4, 0, tzinfo=TZ)


def test_digest_expiry_and_summary_times_come_from_the_settings(tmp_path):
    jobs = _plan(
        tmp_path, digest_time="07:45", expire_time="01:10", health_summary_weekday="wed",
        health_summary_time="10:00",
    )  # fmt: skip
    assert jobs["digests"].trigger.get_next_fire_time(None, AFTER) == datetime(2026, 11, 28, 7, 45, tzinfo=TZ)  # fmt: skip
    assert jobs["expire"].trigger.get_next_fire_time(None, AFTER) == datetime(2026, 11, 28, 1, 10, tzinfo=TZ)  # fmt: skip
    summary = jobs["health-summary"].trigger.get_next_fire_time(None, AFTER)
    assert summary == datetime(2026, 12, 2, 10, 0, tzinfo=TZ)


def test_no_digests_leaves_the_digest_job_out(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    ids = {job.id for job in plan(load_settings(sources=path), send_digests=False)}
    assert "digests" not in ids and "expire" in ids


def test_a_bad_digest_time_is_refused(tmp_path):
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="digest_time"):
        load_settings(digest_time="8 am")
