"""Curation and feedback take effect on the same day's incremental match; one visibility rule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from typer.testing import CliRunner

from domain import (
    InstitutionRecord,
    Kind,
    Level,
    OpportunityRecord,
    Profile,
    RankEntry,
    Role,
    Status,
    clock,
)
from radar.cli import app as cli
from radar.jobs.match import run_match
from storage import repository as repo

TODAY = date(2026, 11, 27)
MORNING = datetime(2026, 11, 27, 10, tzinfo=UTC)  # after the fixture clock (09:00) stamps rows
NOON = datetime(2026, 11, 27, 13, tzinfo=UTC)


def _opp(i: int, title: str, **kw) -> OpportunityRecord:  # type: ignore[no-untyped-def]
    return OpportunityRecord(
        f"src/call-{i}", "src", f"https://e.org/{i}", title,
        summary=f"{title}. Open to researchers of all nationalities.", kind=Kind.GRANT,
        levels=[Level.FACULTY], deadline=date(2027, 3, 1), status=Status.OPEN,
        details={"any_nationality": True}, **kw,
    )  # fmt: skip


@pytest.fixture
def seeded(engine):
    calls = [_opp(1, "Solar photovoltaics research grant"),
             _opp(2, "Power electronics for grid inverters", host_institution="TU Berlin"),
             _opp(3, "Solar energy storage systems collaboration")]  # fmt: skip
    repo.upsert_opportunities(engine, calls, datetime(2026, 11, 26))
    people = [
        Profile("sun", "Sun", Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                interests="solar photovoltaics energy storage", details={"groups": ["solar"]}),
        Profile("volt", "Volt", Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                interests="power electronics inverters", details={"groups": ["grid"]}),
    ]  # fmt: skip
    repo.upsert_profiles(engine, people)
    with clock.pinned(MORNING):
        run_match(engine, TODAY, full=True)
    return engine


def _scores(engine, pid: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {m.opportunity_id: m.score for m in repo.load_matches(engine, pid)}


def _incremental(engine, at: datetime = NOON):  # type: ignore[no-untyped-def]
    with clock.pinned(at):
        summary = run_match(engine, TODAY)
    assert summary.mode == "incremental"
    return summary


def test_a_recommendation_in_the_morning_rescores_its_group_the_same_day(seeded):
    before = {p: _scores(seeded, p) for p in ("sun", "volt")}
    with clock.pinned(MORNING.replace(hour=11)):
        repo.recommend(seeded, "src/call-2", group="solar", by="staff@uni.example.uz")
    summary = _incremental(seeded)
    assert summary.rescored_profiles == ["sun"]  # only the group's member, in full
    rec = next(m for m in repo.load_matches(seeded, "sun") if m.opportunity_id == "src/call-2")
    assert any(r.code == "recommended" for r in rec.reasons)
    assert _scores(seeded, "sun") != before["sun"]
    assert _scores(seeded, "volt") == before["volt"]


def test_feature_hide_unhide_and_mute_apply_on_the_next_incremental_run(seeded):
    def at(hour: int) -> datetime:
        return MORNING.replace(hour=hour)

    volt = _scores(seeded, "volt")
    with clock.pinned(at(11)):
        repo.set_flags(seeded, "src/call-2", featured=True)
    _incremental(seeded, at(12))
    assert _scores(seeded, "volt")["src/call-2"] > volt["src/call-2"]
    with clock.pinned(at(13)):
        repo.set_flags(seeded, "src/call-1", hidden=True)
    _incremental(seeded, at(14))
    assert "src/call-1" not in _scores(seeded, "sun")
    with clock.pinned(at(15)):
        repo.set_flags(seeded, "src/call-1", hidden=False)
    _incremental(seeded, at(16))
    assert "src/call-1" in _scores(seeded, "sun")  # shown again the same day
    with clock.pinned(at(17)):
        repo.add_feedback(seeded, "sun", "src/call-3")
    assert _incremental(seeded, at(18)).rescored_profiles == ["sun"]
    assert "src/call-3" not in _scores(seeded, "sun")
    # The same as a full recomputation.
    incremental = {
        (m.profile_id, m.opportunity_id, round(m.score, 6)) for m in repo.load_matches(seeded)
    }
    with clock.pinned(at(19)):
        run_match(seeded, TODAY, full=True)
    assert incremental == {
        (m.profile_id, m.opportunity_id, round(m.score, 6)) for m in repo.load_matches(seeded)
    }


def test_partners_do_not_list_hidden_calls(seeded, db_url):
    tub = InstitutionRecord("inst/tu-berlin", "Technische Universität Berlin", "DE",
                            aliases=["TU Berlin"], ranks=[RankEntry("qs", 2022, "159", 159)])  # fmt: skip
    repo.upsert_institutions(seeded, [tub])
    runner = CliRunner()
    args = ["partners", "--country", "DE", "--database-url", db_url]
    shown = runner.invoke(cli, args, env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "Power electronics" in shown.output
    repo.set_flags(seeded, "src/call-2", hidden=True)
    hidden = runner.invoke(cli, args, env={"COLUMNS": "200"})
    assert "Technische Universität Berlin" in hidden.output
    assert "Power electronics" not in hidden.output
