"""The match job on a real database: curation, feedback, hidden calls, incremental runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from domain import Kind, Level, OpportunityRecord, Profile, Role, Status, clock
from feeds.reasons import render_all
from radar.jobs.match import run_match
from storage import repository as repo

TODAY = date(2026, 11, 27)


def _opp(i: int, title: str, **kw) -> OpportunityRecord:
    base = dict(
        id=f"src/call-{i}", source="src", url=f"https://e.org/{i}", title=title,
        summary=f"{title}. Open to researchers of all nationalities.", kind=Kind.GRANT,
        levels=[Level.FACULTY], deadline=date(2027, 3, 1), status=Status.OPEN,
        details={"any_nationality": True},
    )  # fmt: skip
    base.update(kw)
    return OpportunityRecord(**base)


@pytest.fixture
def seeded(engine):
    calls = [
        _opp(1, "Solar photovoltaics research grant"),
        _opp(2, "Power electronics for grid inverters"),
        _opp(3, "Medieval history archive fellowship"),
        _opp(4, "Solar energy storage systems collaboration"),
    ]
    repo.upsert_opportunities(engine, calls, datetime(2026, 11, 27, 1))
    people = [
        Profile("sun", "Sun Researcher", Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                interests="solar photovoltaics energy storage", details={"groups": ["energy"]}),
        Profile("volt", "Volt Researcher", Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                interests="power electronics inverters", details={"groups": ["energy"]}),
    ]  # fmt: skip
    repo.upsert_profiles(engine, people)
    return engine


def _ids(engine, pid):  # type: ignore[no-untyped-def]
    return [m.opportunity_id for m in repo.load_matches(engine, pid)]


def test_curation_boosts_hides_and_mutes(seeded):
    engine = seeded
    run_match(engine, TODAY, full=True)
    assert _ids(engine, "sun")[0] in {"src/call-1", "src/call-4"}
    repo.recommend(engine, "src/call-2", group="energy")
    repo.set_flags(engine, "src/call-4", hidden=True)
    repo.add_feedback(engine, "sun", "src/call-1")
    run_match(engine, TODAY, full=True)
    sun = repo.load_matches(engine, "sun")
    assert "src/call-4" not in [m.opportunity_id for m in sun]  # hidden from everyone
    assert "src/call-1" not in [m.opportunity_id for m in sun]  # muted by sun
    rec = next(m for m in repo.load_matches(engine, "volt") if m.opportunity_id == "src/call-2")
    assert any("recommended" in r for r in render_all(rec.reasons, "en"))


@pytest.mark.parametrize("day", [TODAY, date(2027, 2, 14)], ids=["nov-2026", "feb-2027"])
def test_incremental_rescores_only_what_changed(seeded, day):
    """On any day the clock says, a second run that day rescores only the new call and profile."""
    engine = seeded
    with clock.pinned(datetime(day.year, day.month, day.day, 12, tzinfo=UTC)):
        _incremental_scenario(engine, day)


def test_a_new_day_starts_with_a_full_rematch(seeded):
    with clock.pinned(datetime(2026, 11, 27, 12, tzinfo=UTC)):
        assert run_match(seeded, TODAY).mode == "full"
        assert run_match(seeded, TODAY).mode == "incremental"
    with clock.pinned(datetime(2026, 11, 28, 12, tzinfo=UTC)):
        assert run_match(seeded, date(2026, 11, 28)).mode == "full"


def _incremental_scenario(engine, TODAY):
    first = run_match(engine, TODAY, full=True)
    assert first.mode == "full"
    before = {m.profile_id: m.computed_at for m in repo.load_matches(engine)}
    # A new call about solar arrives; a profile is edited.
    repo.upsert_opportunities(
        engine,
        [_opp(5, "Solar photovoltaics summer school")],
        clock.utcnow() + timedelta(seconds=1),
    )
    (volt,) = repo.load_profiles(engine, ids=["volt"])
    repo.upsert_profiles(
        engine, [replace(volt, interests="power electronics inverters solar photovoltaics")]
    )
    second = run_match(engine, TODAY)
    assert second.mode == "incremental"
    assert second.rescored_profiles == ["volt"]
    assert second.rescored_opportunities == ["src/call-5"]
    assert "src/call-5" in _ids(engine, "sun")
    assert "src/call-5" in _ids(engine, "volt")
    # Same as a full recomputation.
    incremental = {(m.profile_id, m.opportunity_id) for m in repo.load_matches(engine)}
    run_match(engine, TODAY, full=True)
    assert incremental == {(m.profile_id, m.opportunity_id) for m in repo.load_matches(engine)}
    assert set(before) == {"sun", "volt"}


def test_semantic_setting_runs_the_hybrid_or_names_the_missing_extra(seeded, sqlite_url):
    from matcher.semantic import SemanticUnavailable, missing
    from radar.config import load_settings
    from radar.jobs.common import semantic_for

    settings = load_settings(database_url=sqlite_url, semantic=True)
    if missing():
        with pytest.raises(SemanticUnavailable, match="semantic"):
            semantic_for(settings)
        return
    summary = run_match(seeded, TODAY, full=True, semantic=semantic_for(settings))
    assert summary.matches > 0
    assert semantic_for(settings) is semantic_for(settings)  # one per process: its cache is reused
    assert semantic_for(load_settings(database_url=sqlite_url)) is None


def test_a_call_closing_today_in_its_own_zone_is_dropped_after_the_hour(seeded):
    from zoneinfo import ZoneInfo

    engine = seeded
    closing = _opp(9, "Solar photovoltaics last-minute grant", deadline=TODAY,
                   details={"any_nationality": True, "deadline_time": "17:00", "deadline_timezone": "CET"})  # fmt: skip
    repo.upsert_opportunities(engine, [closing], datetime(2026, 11, 27, 2))
    tashkent = ZoneInfo("Asia/Tashkent")
    run_match(
        engine,
        TODAY,
        full=True,
        timezone="Asia/Tashkent",
        now_at=datetime(2026, 11, 27, 20, 0, tzinfo=tashkent),
    )
    assert "src/call-9" in _ids(engine, "sun")  # 16:00 in Brussels: still open
    run_match(
        engine,
        TODAY,
        full=True,
        timezone="Asia/Tashkent",
        now_at=datetime(2026, 11, 27, 21, 30, tzinfo=tashkent),
    )
    assert "src/call-9" not in _ids(engine, "sun")  # 17:30 in Brussels: closed
