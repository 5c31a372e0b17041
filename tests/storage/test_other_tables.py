"""Institutions, profiles, matches, crawl runs and digest sends on a real database."""

from __future__ import annotations

from datetime import date, datetime

from domain import (
    CrawlStats,
    Eligibility,
    InstitutionRecord,
    Kind,
    Level,
    Match,
    OpportunityRecord,
    Profile,
    RankEntry,
    Role,
)
from domain.reasons import Reason, reason
from storage import repository as repo

NOW = datetime(2026, 11, 27, 9, 0)


def test_institution_ranks_merge_by_system_and_year(engine):
    the = InstitutionRecord(
        "inst/tu-berlin-de", "TU Berlin", "DE", ranks=[RankEntry("the", 2022, "151–175", 151)]
    )
    qs = InstitutionRecord(
        "inst/tu-berlin-de", "TU Berlin", "DE", aliases=["Technische Universität Berlin"],
        ranks=[RankEntry("qs", 2022, "159", 159)],
    )  # fmt: skip
    repo.upsert_institutions(engine, [the])
    repo.upsert_institutions(engine, [qs])
    (inst,) = repo.load_institutions(engine)
    assert inst.aliases == ["Technische Universität Berlin"]
    assert {(r.system, r.year, r.rank, r.rank_lower) for r in inst.ranks} == {
        ("the", 2022, "151–175", 151),
        ("qs", 2022, "159", 159),
    }


def test_profiles_reimport_updates_by_id(engine):
    p = Profile("p1", "Dilnoza Karimova", Role.STUDENT, level=Level.MASTER, citizenship="UZ")
    assert repo.upsert_profiles(engine, [p]).new == 1
    p2 = Profile("p1", "Dilnoza Karimova", Role.STUDENT, level=Level.PHD, citizenship="UZ")
    assert repo.upsert_profiles(engine, [p2]).updated == 1
    (got,) = repo.load_profiles(engine)
    assert got.level is Level.PHD
    assert got.role is Role.STUDENT


def test_replace_matches_is_per_profile(engine):
    repo.upsert_profiles(engine, [Profile("a", "A", Role.FACULTY), Profile("b", "B", Role.STUDENT)])
    opp = OpportunityRecord(
        "s/x", "s", "https://e.org/x", "X", kind=Kind.GRANT, deadline=date(2027, 1, 1)
    )
    repo.upsert_opportunities(engine, [opp], NOW)
    why = [reason("deadline", days=3), "why"]  # a code, and a plain string as older rows hold
    m = lambda pid, r: Match(pid, "s/x", 1.5, r, Eligibility.CHECK, why)  # noqa: E731
    repo.replace_matches(engine, [m("a", 1), m("b", 1)], ["a", "b"], NOW)
    repo.replace_matches(engine, [], ["a"], NOW)
    got = repo.load_matches(engine)
    assert [(x.profile_id, x.eligibility, x.reasons) for x in got] == [
        ("b", Eligibility.CHECK, [Reason("deadline", {"days": 3}), Reason("text", {"text": "why"})])
    ]


def test_crawl_run_records_counts_and_health(engine):
    repo.ensure_source(engine, "demo", "feed", "http://127.0.0.1/feed.xml", {})
    run = repo.start_crawl_run(engine, "demo")
    stats = CrawlStats(
        "demo", scraped=5, new=4, unchanged=1, dropped=1, errors=[], drop_reasons={"no title": 1}
    )
    repo.finish_crawl_run(engine, run, stats, "ok")
    row = repo.crawl_run(engine, run)
    assert (row["status"], row["scraped"], row["new"], row["dropped"]) == ("ok", 5, 4, 1)
    assert row["drop_reasons"] == {"no title": 1}
    failed = repo.start_crawl_run(engine, "demo")
    repo.finish_crawl_run(engine, failed, CrawlStats("demo", errors=["HTTP 500"]), "failed")
    (src,) = repo.list_sources(engine)
    assert (src["health"], src["consecutive_failures"]) == ("failing", 1)
    assert [r["id"] for r in repo.latest_runs(engine)] == [failed]


def test_digest_claim_prevents_double_send(engine):
    repo.upsert_profiles(engine, [Profile("a", "A", Role.STUDENT)])
    first = repo.claim_digest(engine, "a", "2026-11-27", "smtp", ["s/x"])
    assert first is not None
    assert repo.claim_digest(engine, "a", "2026-11-27", "smtp", ["s/x"]) is None
    repo.finish_digest(engine, first, ok=False, error="connection refused")
    retry = repo.claim_digest(engine, "a", "2026-11-27", "smtp", ["s/x"])
    assert retry == first
    repo.finish_digest(engine, retry, ok=True)
    assert [s["status"] for s in repo.digest_sends(engine)] == ["sent"]
