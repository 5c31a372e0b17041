"""A restart after downtime runs each missed job once, for real, and then waits for its slot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain import clock
from radar.jobs import schedule as jobs
from storage import job_runs
from tests.radar.schedule_kit import feed_site, settings_for, sources_file

START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # Friday 14:00 in Tashkent
BACK = START + timedelta(days=3, hours=1)  # Monday 15:00: three nights missed


def test_a_restart_after_three_days_down_catches_up_each_job_once(tmp_path):
    with feed_site() as site:
        settings = settings_for(
            tmp_path, sources_file(tmp_path / "s.toml", site.base, {"blog": "daily"})
        )
        with clock.pinned(START), jobs.open_scheduler(settings) as sched:
            jobs.start(sched, clock.now())
            assert jobs.tick(sched, clock.now()) == []  # nothing due yet on the first start
        # ... the machine is off until Monday afternoon ...
        with clock.pinned(BACK), jobs.open_scheduler(settings) as sched:
            assert jobs.start(sched, clock.now()) == []  # the stored jobs are kept as they were
            first = jobs.tick(sched, clock.now())
            again = jobs.tick(sched, clock.now() + timedelta(minutes=1))
            runs = job_runs.job_runs(sched.engine)
    assert sorted(o.job_id for o in first) == ["crawl:30 2 * * *", "digests", "expire", "health-summary"]  # fmt: skip
    assert all(o.status == "ok" for o in first), [o.result for o in first]
    assert again == []
    assert site.hits["blog"] == 1  # three missed nightly crawls, one crawl
    by_job = {r["job_id"]: r for r in runs}
    assert len(runs) == 4
    assert {r["reason"] for r in runs} == {"catch-up"}
    assert "3 missed slots" in by_job["crawl:30 2 * * *"]["result"]
    assert "crawled 1 sources (1 ok)" in by_job["crawl:30 2 * * *"]["result"]
    # The slot it stood for is the latest missed one: Monday 02:30 in Tashkent.
    assert by_job["crawl:30 2 * * *"]["scheduled_for"] == datetime(2026, 11, 29, 21, 30)
    # Monday's missed 08:00 digest slot makes it the weekly digest day too.
    assert by_job["digests"]["result"].startswith("daily and weekly digests")


def test_after_catching_up_the_next_slot_runs_on_time_once(tmp_path):
    with feed_site() as site:
        settings = settings_for(
            tmp_path, sources_file(tmp_path / "s.toml", site.base, {"blog": "daily"})
        )
        with clock.pinned(START), jobs.open_scheduler(settings, send_digests=False) as sched:
            jobs.start(sched, clock.now())
        with clock.pinned(BACK), jobs.open_scheduler(settings, send_digests=False) as sched:
            jobs.start(sched, clock.now())
            jobs.tick(sched, clock.now())
        tuesday = datetime(2026, 11, 30, 21, 31, tzinfo=UTC)  # Tuesday 02:31 in Tashkent
        with clock.pinned(tuesday), jobs.open_scheduler(settings, send_digests=False) as sched:
            jobs.start(sched, clock.now())
            outcomes = jobs.tick(sched, clock.now())
            runs = job_runs.job_runs(sched.engine, "crawl:30 2 * * *")
    assert sorted(o.job_id for o in outcomes) == ["crawl:30 2 * * *", "expire"]  # 00:30 too
    assert [r["reason"] for r in runs] == ["catch-up", "schedule"]
    assert site.hits["blog"] == 2
