"""A call is open until its exact deadline instant, in its own zone, on every surface.

Office in Tashkent (UTC+5). "23:59 AoE" on 30 November ends at 11:59 UTC on 1 December
(16:59 in Tashkent, after the office's midnight); "17:00 CET" on 1 December ends at 16:00
UTC (21:00 in Tashkent, before the office's midnight). Matches are stored once, before
either deadline, so each surface's own filter is what the test sees.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain import Kind, OpportunityRecord, Profile, Role, Status, clock
from radar.config import load_settings
from radar.jobs.common import today
from radar.jobs.digest import run_digests
from radar.jobs.match import run_match
from radar.jobs.publish import personal_feed, publish_feeds
from radar.web import create_app
from storage import repository as repo

TZ = "Asia/Tashkent"
BASE = "https://radar.example.uz"


def _call(slug: str, title: str, deadline: date, at: str, zone: str) -> OpportunityRecord:
    return OpportunityRecord(
        f"t/{slug}", "t", f"https://calls.example.org/{slug}", title, kind=Kind.GRANT,
        summary="Solar energy research.", deadline=deadline, status=Status.OPEN,
        eligible_countries=["UZ"], details={"deadline_time": at, "deadline_timezone": zone},
    )  # fmt: skip


AOE = _call("aoe", "Solar AoE grant", date(2026, 11, 30), "23:59", "AoE")
CET = _call("cet", "Solar CET grant", date(2026, 12, 1), "17:00", "CET")
# instant → the calls open then
INSTANTS = {
    datetime(2026, 12, 1, 11, 58, tzinfo=UTC): {AOE.title, CET.title},  # 16:58 office time
    datetime(2026, 12, 1, 12, 0, tzinfo=UTC): {CET.title},
    datetime(2026, 12, 1, 15, 59, tzinfo=UTC): {CET.title},  # 20:59 office time
    datetime(2026, 12, 1, 16, 1, tzinfo=UTC): set(),  # 21:01, still 1 December here
}


@pytest.fixture
def stored(engine, tmp_path, db_url):
    person = Profile("aziz", "Aziz", Role.FACULTY, email="aziz@example.uz", citizenship="UZ",
                     interests="solar energy", details={"digest": "daily"})  # fmt: skip
    repo.upsert_profiles(engine, [person])
    with clock.pinned(datetime(2026, 11, 30, 9, tzinfo=UTC)):
        repo.upsert_opportunities(engine, [AOE, CET], clock.utcnow())
        run_match(engine, date(2026, 11, 30), timezone=TZ, full=True)
    assert {m.opportunity_id for m in repo.load_matches(engine)} == {AOE.id, CET.id}
    settings = load_settings(database_url=db_url, base_url=BASE, timezone=TZ,
                             staff_token="staff-token")  # fmt: skip
    return engine, person, settings, tmp_path


def _shown(text: str) -> set[str]:
    return {c.title for c in (AOE, CET) if c.title in text}


@pytest.mark.parametrize("instant", list(INSTANTS), ids=lambda t: t.strftime("%H:%M"))
def test_public_and_personal_feeds(stored, instant):
    engine, person, settings, tmp = stored
    with clock.pinned(instant):
        day = today(settings)
        publish_feeds(engine, tmp / "feeds", day, BASE, timezone=TZ)
        mine = personal_feed(engine, person, day, f"{BASE}/p/x/", "atom", timezone=TZ)
    assert _shown((tmp / "feeds" / "all.atom").read_text()) == INSTANTS[instant]
    assert _shown(mine.decode()) == INSTANTS[instant]


@pytest.mark.parametrize("instant", list(INSTANTS), ids=lambda t: t.strftime("%H:%M"))
def test_digest(stored, instant):
    engine, _, settings, tmp = stored
    with clock.pinned(instant):
        run_digests(engine, settings, today(settings), out=tmp / "out")
    mails = list((tmp / "out").glob("*.eml"))
    text = " ".join(m.read_text() for m in mails)
    assert _shown(text) == INSTANTS[instant]


@pytest.mark.parametrize("instant", list(INSTANTS), ids=lambda t: t.strftime("%H:%M"))
def test_web_pages(stored, instant):
    engine, _, settings, tmp = stored
    token = repo.issue_token(engine, "aziz")
    app = create_app(settings, tmp)
    client = app.test_client()
    try:
        with clock.pinned(instant):
            index = client.get("/").get_data(as_text=True)
            page = client.get(f"/p/{token}/").get_data(as_text=True)
    finally:
        app.config["RADAR_ENGINE"].dispose()
    assert _shown(index) == INSTANTS[instant]
    assert _shown(page) == INSTANTS[instant]


@pytest.mark.parametrize("instant", list(INSTANTS), ids=lambda t: t.strftime("%H:%M"))
def test_match_job(stored, instant):
    engine, _, settings, _ = stored
    with clock.pinned(instant):
        run_match(engine, today(settings), timezone=TZ, full=True)
    titles = {AOE.id: AOE.title, CET.id: CET.title}
    assert {titles[m.opportunity_id] for m in repo.load_matches(engine)} == INSTANTS[instant]
