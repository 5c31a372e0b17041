"""The digest job: daily digests every day, weekly ones on the digest weekday (or when that
day's slot was missed and is caught up), each reaching a local SMTP server once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain import Eligibility, Kind, Match, OpportunityRecord, Profile, Role, Status, clock
from radar.jobs import schedule as jobs
from radar.jobs.schedule_plan import DueRun
from storage import repository as repo
from tests.radar.schedule_kit import settings_for, smtp_server, sources_file

TZ = ZoneInfo("Asia/Tashkent")
TUESDAY = datetime(2026, 12, 1, 8, 0, tzinfo=TZ)
MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=TZ)


def _seed(engine) -> None:  # type: ignore[no-untyped-def]
    repo.upsert_profiles(
        engine,
        [
            Profile("day", "Daily Reader", Role.STUDENT, email="day@example.uz", details={"digest": "daily"}),
            Profile("week", "Weekly Reader", Role.STUDENT, email="week@example.uz", details={"digest": "weekly"}),
        ],
    )  # fmt: skip
    opp = OpportunityRecord(
        "demo/daad-master", "demo", "https://example.org/daad", "Master scholarship in Germany",
        kind=Kind.SCHOLARSHIP, deadline=date(2027, 1, 15), status=Status.OPEN,
    )  # fmt: skip
    repo.upsert_opportunities(engine, [opp], datetime(2026, 11, 27))
    matches = [
        Match(pid, opp.id, 3.2, 1, Eligibility.ELIGIBLE, ["matches your interests: energy"])
        for pid in ("day", "week")
    ]
    repo.replace_matches(engine, matches, ["day", "week"], datetime(2026, 11, 27))


def _digests(sched, *slots):  # type: ignore[no-untyped-def]
    return sched.run(DueRun("digests", "digests", (), list(slots), "catch-up"))


def test_weekly_digests_wait_for_their_weekday_daily_ones_do_not(tmp_path):
    with smtp_server() as (port, inbox):
        sources = sources_file(tmp_path / "s.toml", "http://127.0.0.1:9", {"blog": "daily"})
        settings = settings_for(
            tmp_path, sources, smtp_host="127.0.0.1", smtp_port=port, digest_weekday="mon"
        )
        with clock.pinned(TUESDAY), jobs.open_scheduler(settings) as sched:
            _seed(sched.engine)
            tuesday = _digests(sched, TUESDAY)
            to_after_tuesday = sorted(str(m["To"]) for m in inbox.messages)
            # Monday's slot was missed and is caught up together with Tuesday's: weekly too.
            caught_up = _digests(sched, MONDAY, TUESDAY)
    assert tuesday.status == caught_up.status == "ok"
    assert tuesday.result.startswith("daily digests: 1 sent")
    assert to_after_tuesday == ["Daily Reader <day@example.uz>"]
    assert caught_up.result.startswith("daily and weekly digests: 1 sent")
    assert sorted(str(m["To"]) for m in inbox.messages) == [
        "Daily Reader <day@example.uz>",
        "Weekly Reader <week@example.uz>",
    ]  # the daily reader got Tuesday's digest once, not again
