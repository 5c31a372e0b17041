"""Per-source cadences fire when due, on a clock the test drives (no sleeping)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from radar.jobs import schedule as jobs
from radar.jobs.schedule_plan import DueRun
from radar.jobs.schedule_runs import Outcome
from tests.radar.schedule_kit import settings_for, sources_file

TZ = ZoneInfo("Asia/Tashkent")
START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 14:00 in Tashkent, a Friday
SCHEDULES = {
    "news": "hourly",
    "blog": "daily",
    "rankings": "0 4 1 * *",
    "digest-site": "45 */6 * * *",
}


def _drive(tmp_path, until: datetime, step=timedelta(minutes=10), db_url=None):  # type: ignore[no-untyped-def]
    """Tick every ``step`` from START to ``until``; returns the runs the executor was given."""
    sources = sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", SCHEDULES)
    settings = settings_for(tmp_path, sources, database_url=db_url)
    fired: list[DueRun] = []

    def record(run: DueRun) -> Outcome:
        fired.append(run)
        return Outcome(run.job_id, "ok", "recorded")

    with jobs.open_scheduler(settings, executor=record) as sched:
        jobs.start(sched, START)
        now = START
        while now <= until:
            jobs.tick(sched, now)
            now += step
    return fired


def _slots(fired, job_id):  # type: ignore[no-untyped-def]
    return [slot.astimezone(TZ).strftime("%d %H:%M") for run in fired if run.job_id == job_id for slot in run.slots]  # fmt: skip


def test_each_cadence_fires_at_its_slots_and_only_then(tmp_path, db_url):
    fired = _drive(tmp_path, until=START + timedelta(hours=40), db_url=db_url)  # to Sunday 06:00
    assert _slots(fired, "crawl:17 * * * *") == [
        f"{(datetime(2026, 11, 27, 14, 17, tzinfo=TZ) + timedelta(hours=h)):%d %H:%M}" for h in range(40)
    ]  # fmt: skip
    assert _slots(fired, "crawl:30 2 * * *") == ["28 02:30", "29 02:30"]
    assert _slots(fired, "crawl:45 */6 * * *") == ["27 18:45", "28 00:45", "28 06:45", "28 12:45", "28 18:45", "29 00:45"]  # fmt: skip
    assert _slots(fired, "crawl:0 4 1 * *") == []
    assert _slots(fired, "digests") == ["28 08:00"]
    assert _slots(fired, "expire") == ["28 00:30", "29 00:30"]
    assert _slots(fired, "health-summary") == []
    assert all(run.reason == "schedule" and len(run.slots) == 1 for run in fired)


def test_the_hourly_job_carries_its_sources_and_the_monthly_one_fires_on_the_first(tmp_path):
    fired = _drive(
        tmp_path, until=datetime(2026, 11, 30, 23, 10, tzinfo=UTC), step=timedelta(minutes=30)
    )
    monthly = [run for run in fired if run.job_id == "crawl:0 4 1 * *"]
    assert [(run.params, run.slots[0].astimezone(TZ).strftime("%m-%d %H:%M")) for run in monthly] == [
        (("rankings",), "12-01 04:00")
    ]  # fmt: skip
    hourly = [run for run in fired if run.job_id == "crawl:17 * * * *"]
    assert {run.params for run in hourly} == {("news",)}
    assert _slots(fired, "health-summary") == ["30 09:00"]  # Monday
