"""What a later match run in the same day rescores, keeps and drops (the incremental branch)."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from domain import Kind, Level, OpportunityRecord, Profile, Role, Status, clock
from feeds.reasons import render_all
from radar.jobs.match import run_match
from storage import repository as repo

TODAY = date(2026, 11, 27)
MORNING = datetime(2026, 11, 27, 1)  # when the morning crawl stored the calls (naive UTC)


def _call(i: int, title: str, **kw) -> OpportunityRecord:
    base = dict(
        id=f"src/call-{i}", source="src", url=f"https://e.org/{i}", title=title,
        summary=f"{title}. Open to researchers of all nationalities.", kind=Kind.GRANT,
        levels=[Level.FACULTY], deadline=date(2027, 3, 1), status=Status.OPEN,
        details={"any_nationality": True},
    )  # fmt: skip
    base.update(kw)
    return OpportunityRecord(**base)


def _person(pid: str, interests: str) -> Profile:
    return Profile(pid, pid.title(), Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                   interests=interests, details={"groups": ["energy"]})  # fmt: skip


@pytest.fixture
def office(engine):
    repo.upsert_opportunities(engine, [
        _call(1, "Solar photovoltaics research grant"),
        _call(2, "Power electronics for grid inverters"),
        _call(3, "Medieval history archive fellowship"),
        _call(4, "Solar energy storage systems collaboration"),
    ], MORNING)  # fmt: skip
    repo.upsert_profiles(engine, [
        _person("sun", "solar photovoltaics energy storage"),
        _person("volt", "power electronics inverters"),
        _person("hist", "medieval history manuscripts archives"),
    ])  # fmt: skip
    return engine


def _ids(engine, pid: str) -> list[str]:
    return [m.opportunity_id for m in repo.load_matches(engine, pid)]


def _stamps(engine) -> dict[str, set[datetime]]:
    """When each person's stored rows were written."""
    out: dict[str, set[datetime]] = {}
    for m in repo.load_matches(engine):
        out.setdefault(m.profile_id, set()).add(m.computed_at)
    return out


def _later() -> datetime:
    """A crawl moment after the last match run (naive UTC, as the crawl stores it)."""
    return clock.utcnow().replace(tzinfo=None) + timedelta(seconds=1)


def _pairs(engine) -> set[tuple[str, str]]:
    return {(m.profile_id, m.opportunity_id) for m in repo.load_matches(engine)}


@pytest.mark.parametrize("day", [TODAY, date(2027, 2, 14)], ids=["nov-2026", "feb-2027"])
def test_a_call_whose_text_changes_later_that_day_is_rescored(office, day):
    """A stored call rewritten by a later crawl (not a new one) is rescored for everyone."""
    with clock.pinned(datetime(day.year, day.month, day.day, 12, tzinfo=UTC)):
        run_match(office, day, full=True)
        assert "src/call-3" not in _ids(office, "sun")
        rewritten = _call(3, "Solar photovoltaics archive fellowship")
        repo.upsert_opportunities(office, [rewritten], _later())
        second = run_match(office, day)
        assert second.mode == "incremental"
        assert second.rescored_opportunities == ["src/call-3"]
        assert "src/call-3" in _ids(office, "sun")
        incremental = _pairs(office)
        run_match(office, day, full=True)
        assert incremental == _pairs(office)


def test_a_call_edited_so_it_no_longer_fits_leaves_the_list(office):
    """A call rewritten to another topic leaves the lists it no longer fits that same day."""
    run_match(office, TODAY, full=True)
    assert "src/call-1" in _ids(office, "sun")
    repo.upsert_opportunities(office, [_call(1, "Medieval manuscripts archive fellowship")], _later())
    run_match(office, TODAY)
    assert "src/call-1" not in _ids(office, "sun")
    assert "src/call-1" in _ids(office, "hist")


def test_a_call_hidden_during_the_day_leaves_every_list(office):
    """Staff hiding a call between two runs removes it from every stored list on the second."""
    run_match(office, TODAY, full=True)
    assert "src/call-1" in _ids(office, "sun")
    repo.set_flags(office, "src/call-1", hidden=True)
    assert run_match(office, TODAY).mode == "incremental"
    assert all(m.opportunity_id != "src/call-1" for m in repo.load_matches(office))


def test_people_a_run_did_not_touch_keep_their_stored_rows(office):
    """Only the edited person's rows are rewritten; the summary still counts everyone's."""
    full = run_match(office, TODAY, full=True)
    before = _stamps(office)
    (volt,) = repo.load_profiles(office, ids=["volt"])
    repo.upsert_profiles(office, [replace(volt, interests="power electronics solar photovoltaics")])
    second = run_match(office, TODAY)
    after = _stamps(office)
    assert second.rescored_profiles == ["volt"]
    assert after["sun"] == before["sun"] and after["hist"] == before["hist"]
    assert after["volt"] != before["volt"]
    stored = repo.load_matches(office)
    assert (second.profiles, second.opportunities) == (full.profiles, full.opportunities) == (3, 4)
    assert second.matches == len(stored)
    assert second.per_profile == {p: len(_ids(office, p)) for p in ("sun", "volt", "hist")}
    assert all(second.per_profile.values())


def test_a_new_call_only_one_person_fits_leaves_the_others_rows_alone(office):
    """A new call is scored against everyone, but only the lists it enters are rewritten."""
    run_match(office, TODAY, full=True)
    before = _stamps(office)
    repo.upsert_opportunities(office, [_call(5, "Medieval manuscripts digitisation grant")], _later())
    second = run_match(office, TODAY)
    assert second.rescored_opportunities == ["src/call-5"]
    assert "src/call-5" in _ids(office, "hist")
    after = _stamps(office)
    assert after["sun"] == before["sun"] and after["volt"] == before["volt"]


def test_a_new_call_below_a_full_list_leaves_that_list_untouched(office):
    """With lists capped at two, a new call ranking below someone's second match is not
    added and their rows are not rewritten; no list ever grows past the cap."""
    run_match(office, TODAY, full=True, limit=2)
    assert _ids(office, "sun") == ["src/call-1", "src/call-4"] or _ids(office, "sun") == [
        "src/call-4", "src/call-1"]  # fmt: skip
    before = _stamps(office)
    # Names no topic: shown to everyone eligible, below every topical match.
    repo.upsert_opportunities(office, [_call(6, "Visiting mobility programme")], _later())
    second = run_match(office, TODAY, limit=2)
    assert second.rescored_opportunities == ["src/call-6"]
    assert "src/call-6" not in _ids(office, "sun")
    assert _stamps(office)["sun"] == before["sun"]
    assert all(len(_ids(office, p)) <= 2 for p in ("sun", "volt", "hist"))


def test_lists_stay_within_the_cap_after_an_edit(office):
    """An edited person's fresh list and the merged lists respect the run's cap."""
    repo.upsert_opportunities(office, [_call(10 + i, f"Solar photovoltaics grant {i}") for i in range(4)], MORNING)  # fmt: skip
    run_match(office, TODAY, full=True, limit=3)
    assert len(_ids(office, "sun")) == 3
    (sun,) = repo.load_profiles(office, ids=["sun"])
    repo.upsert_profiles(office, [replace(sun, interests="solar photovoltaics")])
    repo.upsert_opportunities(office, [_call(20, "Solar photovoltaics winter school")], _later())
    run_match(office, TODAY, limit=3)
    assert all(len(_ids(office, p)) <= 3 for p in ("sun", "volt", "hist"))


def test_by_default_a_person_keeps_the_fifty_best_calls(office):
    # Calls on other topics keep "solar" a rare, telling word among the 52 solar calls.
    topics = ["marine biology", "organic chemistry", "music theory", "public health"]
    many = [_call(100 + i, f"Solar photovoltaics call {i}") for i in range(52)]
    many += [_call(200 + i, f"{topics[i % 4]} grant {i}") for i in range(120)]
    repo.upsert_opportunities(office, many, MORNING)
    run_match(office, TODAY, full=True)
    assert len(_ids(office, "sun")) == 50


def test_an_incremental_run_honours_mutes_for_edited_and_untouched_people(office):
    """Curation applies in the incremental branch too: a muted call stays out of the list of
    a person who edited their profile and of one who did not."""
    run_match(office, TODAY, full=True)
    repo.add_feedback(office, "volt", "src/call-2")
    (volt,) = repo.load_profiles(office, ids=["volt"])
    repo.upsert_profiles(office, [replace(volt, interests="power electronics grid inverters")])
    repo.upsert_opportunities(office, [_call(5, "Solar photovoltaics summer school")], _later())
    repo.add_feedback(office, "sun", "src/call-5")
    second = run_match(office, TODAY)
    assert second.mode == "incremental"
    assert "src/call-2" not in _ids(office, "volt")
    assert "src/call-5" not in _ids(office, "sun")


def test_the_run_expires_calls_closed_more_than_two_days_ago_and_keeps_the_rest(office):
    """Two days of grace: a call that closed "23:59 AoE" two office days ago may still be open
    in an office far east of UTC (UTC+14), so only older ones are marked expired."""
    repo.upsert_opportunities(office, [
        _call(7, "Solar photovoltaics old grant", deadline=TODAY - timedelta(days=3)),
        _call(8, "Solar photovoltaics recent grant", deadline=TODAY - timedelta(days=2)),
    ], MORNING)  # fmt: skip
    run_match(office, TODAY, full=True)
    status = {o.id: o.status for o in repo.load_opportunities(office, ids=["src/call-7", "src/call-8"])}
    assert status == {"src/call-7": Status.EXPIRED, "src/call-8": Status.OPEN}


def test_which_stored_calls_the_run_may_match(office):
    """Closed calls and other sites' copies are never matched; a rolling call (no deadline)
    and one closing today with no stated zone are, during that day."""
    repo.upsert_opportunities(office, [
        _call(11, "Solar photovoltaics closed grant", status=Status.CLOSED),
        _call(12, "Solar photovoltaics rolling grant", deadline=None),
        _call(13, "Solar photovoltaics grant closing today", deadline=TODAY),
        _call(14, "Solar photovoltaics research grant copy", url="https://mirror.org/1"),
    ], MORNING)  # fmt: skip
    repo.set_canonical(office, {"src/call-14": "src/call-1"})
    run_match(office, TODAY, full=True, now_at=datetime(2026, 11, 27, 12, tzinfo=UTC))
    sun = _ids(office, "sun")
    assert "src/call-11" not in sun and "src/call-14" not in sun
    assert "src/call-12" in sun and "src/call-13" in sun


def test_a_call_that_closed_yesterday_anywhere_on_earth_is_open_this_morning(office):
    """23:59 AoE on the 26th is 11:59 UTC on the 27th: still open at 09:00 UTC that day."""
    aoe = _call(15, "Solar photovoltaics AoE grant", deadline=TODAY - timedelta(days=1),
                details={"any_nationality": True, "deadline_timezone": "AoE"})  # fmt: skip
    repo.upsert_opportunities(office, [aoe], MORNING)
    run_match(office, TODAY, full=True, now_at=datetime(2026, 11, 27, 9, tzinfo=UTC))
    assert "src/call-15" in _ids(office, "sun")
    run_match(office, TODAY, full=True, now_at=datetime(2026, 11, 27, 12, tzinfo=UTC))
    assert "src/call-15" not in _ids(office, "sun")


def test_the_host_institutions_rank_reaches_the_reasons(office):
    from domain import InstitutionRecord, RankEntry

    repo.upsert_institutions(office, [InstitutionRecord(
        "inst/tu-berlin-de", "TU Berlin", "DE", ranks=[RankEntry("the", 2025, "151", 151)])])  # fmt: skip
    hosted = _call(16, "Solar photovoltaics fellowship in Berlin", host_institution="TU Berlin")
    repo.upsert_opportunities(office, [hosted], MORNING)
    run_match(office, TODAY, full=True)
    (m,) = [m for m in repo.load_matches(office, "sun") if m.opportunity_id == "src/call-16"]
    assert any("host ranked 151" in r for r in render_all(m.reasons, "en"))


@pytest.fixture
def machine_in_new_york():
    """The machine's own zone set far from UTC and Tashkent, to show it plays no part."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.mark.usefixtures("machine_in_new_york")
def test_the_day_a_run_belongs_to_is_the_offices_not_the_machines(office):
    """A new day starts at the office's midnight (Tashkent, UTC+5), whatever the machine's zone."""
    tashkent = "Asia/Tashkent"

    def run_at(hour: int, minute: int, day: date) -> str:
        with clock.pinned(datetime(2026, 11, 27, hour, minute, tzinfo=UTC)):
            return run_match(office, day, timezone=tashkent).mode

    # 14:00 and 15:00 UTC are both the evening of the 27th in Tashkent: one day.
    assert run_at(14, 0, TODAY) == "full"
    assert run_at(15, 0, TODAY) == "incremental"
    # 19:30 UTC is 00:30 on the 28th in Tashkent: a new day, then the same one.
    tomorrow = TODAY + timedelta(days=1)
    assert run_at(19, 30, tomorrow) == "full"
    assert run_at(20, 0, tomorrow) == "incremental"


def test_a_new_call_above_a_full_list_enters_it_and_pushes_out_the_last(office):
    run_match(office, TODAY, full=True, limit=2)
    before = _ids(office, "sun")
    assert len(before) == 2
    best = _call(21, "Solar photovoltaics energy storage research grant",
                 summary="Solar photovoltaics and energy storage: solar cells, storage systems.")  # fmt: skip
    repo.upsert_opportunities(office, [best], _later())
    run_match(office, TODAY, limit=2)
    after = _ids(office, "sun")
    assert after[0] == "src/call-21" and after[1:] == before[:1]


def test_closed_calls_leave_the_scores_of_open_ones_unchanged(office):
    """Expired and closed calls are not part of the corpus a run scores against."""
    run_match(office, TODAY, full=True)
    scores = {(m.profile_id, m.opportunity_id): m.score for m in repo.load_matches(office)}
    gone = [_call(30 + i, f"Solar photovoltaics grant {i}", status=Status.CLOSED) for i in range(3)]
    repo.upsert_opportunities(office, gone, MORNING)
    run_match(office, TODAY, full=True)
    assert {(m.profile_id, m.opportunity_id): m.score for m in repo.load_matches(office)} == scores


def test_the_summary_counts_zero_for_a_person_nothing_fits(office):
    repo.upsert_profiles(office, [_person("weaver", "basket weaving textiles")])
    summary = run_match(office, TODAY, full=True)
    assert summary.per_profile["weaver"] == 0 and _ids(office, "weaver") == []
    assert summary.per_profile["sun"] == len(_ids(office, "sun")) > 0
