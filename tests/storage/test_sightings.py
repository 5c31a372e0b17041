"""Sightings across sources and vanished calls, on a real database."""

from __future__ import annotations

from datetime import date, datetime

from domain import OpportunityRecord, Status
from storage import repository as repo

T1 = datetime(2026, 11, 1, 8, 0)
T2 = datetime(2026, 11, 2, 8, 0)


def _rec(rid: str, url: str) -> OpportunityRecord:
    return OpportunityRecord(
        rid, rid.split("/")[0], url, f"Title {rid}", status=Status.OPEN, deadline=date(2027, 1, 1)
    )


def test_copies_point_to_the_canonical_which_lists_them(engine):
    repo.upsert_opportunities(engine, [_rec("funder/x", "https://f.example/x")], T1)
    repo.upsert_opportunities(engine, [_rec("blog/x", "https://b.example/x")], T1)
    changed = repo.set_canonical(engine, {"funder/x": "funder/x", "blog/x": "funder/x"})
    assert changed == 2
    canon = repo.load_opportunities(engine, canonical_only=True)
    assert [o.id for o in canon] == ["funder/x"]
    assert canon[0].details["also_seen_at"] == ["https://b.example/x"]
    # Idempotent: the same clusters again change nothing.
    assert repo.set_canonical(engine, {"funder/x": "funder/x", "blog/x": "funder/x"}) == 0
    # A split cluster restores both.
    repo.set_canonical(engine, {"funder/x": "funder/x", "blog/x": "blog/x"})
    assert len(repo.load_opportunities(engine, canonical_only=True)) == 2
    assert "also_seen_at" not in repo.load_opportunities(engine, ids=["funder/x"])[0].details


def test_vanished_calls_are_flagged_kept_and_unflagged_when_seen_again(engine):
    repo.upsert_opportunities(
        engine, [_rec("s/a", "https://s.example/a"), _rec("s/b", "https://s.example/b")], T1
    )
    repo.upsert_opportunities(engine, [_rec("s/a", "https://s.example/a")], T2)
    assert repo.flag_vanished(engine, "s", T2) == ["s/b"]
    assert repo.flag_vanished(engine, "s", T2) == []
    (b,) = repo.load_opportunities(engine, ids=["s/b"])
    assert b.details["vanished_since"] == T1.isoformat()
    repo.upsert_opportunities(engine, [_rec("s/b", "https://s.example/b")], datetime(2026, 11, 3))
    (b,) = repo.load_opportunities(engine, ids=["s/b"])
    assert "vanished_since" not in b.details
