"""Storage of opportunities on a real database: upserts, counts, no blanking, change history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from domain import Kind, Level, OpportunityRecord, Status
from storage import repository as repo
from storage.models import Opportunity

T1 = datetime(2026, 11, 1, 8, 0)
T2 = datetime(2026, 11, 2, 8, 0)


def _rec(i: int, **kw) -> OpportunityRecord:
    base = dict(
        id=f"demo/call-{i}",
        source="demo",
        url=f"https://example.org/calls/{i}?utm_source=x",
        title=f"Call {i}",
        summary=f"Summary {i}",
        kind=Kind.GRANT,
        levels=[Level.PHD],
        eligible_countries=["UZ", "KZ"],
        amount=1000.0 * i,
        currency="EUR",
        deadline=date(2027, 3, i % 28 + 1),
        status=Status.OPEN,
        details={"fully_funded": False},
    )
    base.update(kw)
    return OpportunityRecord(**base)


def test_insert_then_same_again_is_unchanged(engine):
    first = repo.upsert_opportunities(engine, [_rec(i) for i in range(1, 51)], T1)
    second = repo.upsert_opportunities(engine, [_rec(i) for i in range(1, 51)], T2)
    assert (first.new, first.updated, first.unchanged) == (50, 0, 0)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 50)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Opportunity)).scalar() == 50


def test_round_trip_keeps_every_field(engine):
    repo.upsert_opportunities(engine, [_rec(3, funder="DAAD", host_country="DE")], T1)
    (got,) = repo.load_opportunities(engine, ids=["demo/call-3"])
    assert got.title == "Call 3"
    assert got.kind is Kind.GRANT
    assert got.levels == [Level.PHD]
    assert got.eligible_countries == ["UZ", "KZ"]
    assert got.amount == 3000.0
    assert got.currency == "EUR"
    assert got.deadline == date(2027, 3, 4)
    assert got.funder == "DAAD"
    assert got.host_country == "DE"
    assert got.first_seen == T1
    assert got.details == {"fully_funded": False}


def test_empty_values_never_overwrite_stored_ones(engine):
    repo.upsert_opportunities(engine, [_rec(1, funder="DAAD")], T1)
    blank = _rec(1, summary="", funder=None, amount=None, eligible_countries=[], details={})
    counts = repo.upsert_opportunities(engine, [blank], T2)
    (got,) = repo.load_opportunities(engine, ids=["demo/call-1"])
    assert got.summary == "Summary 1"
    assert got.funder == "DAAD"
    assert got.amount == 1000.0
    assert got.eligible_countries == ["UZ", "KZ"]
    assert got.last_seen == T2
    assert got.first_seen == T1
    assert counts.unchanged == 1


def test_changed_deadline_is_updated_and_recorded(engine):
    repo.upsert_opportunities(engine, [_rec(1)], T1)
    counts = repo.upsert_opportunities(engine, [_rec(1, deadline=date(2027, 6, 30))], T2)
    assert counts.updated == 1
    changes = repo.opportunity_changes(engine, "demo/call-1")
    assert [(c["field"], c["old_value"], c["new_value"]) for c in changes] == [
        ("deadline", "2027-03-02", "2027-06-30")
    ]


def test_open_on_filters_past_deadlines_and_expire_keeps_rows(engine):
    repo.upsert_opportunities(
        engine, [_rec(1, deadline=date(2026, 1, 1)), _rec(2), _rec(3, deadline=None)], T1
    )
    open_ids = [o.id for o in repo.load_opportunities(engine, open_on=date(2026, 11, 27))]
    assert open_ids == ["demo/call-2", "demo/call-3"]
    assert repo.expire_past(engine, date(2026, 11, 27)) == 1
    (expired,) = repo.load_opportunities(engine, ids=["demo/call-1"])
    assert expired.status is Status.EXPIRED


def test_known_urls_are_canonical(engine):
    repo.upsert_opportunities(engine, [_rec(7)], T1)
    assert repo.known_urls(engine) == {"https://example.org/calls/7": "demo/call-7"}


def test_duplicate_ids_in_one_batch_keep_the_last(engine):
    counts = repo.upsert_opportunities(engine, [_rec(1), _rec(1, title="Call 1 (revised)")], T1)
    assert counts.new == 1
    (got,) = repo.load_opportunities(engine, ids=["demo/call-1"])
    assert got.title == "Call 1 (revised)"
