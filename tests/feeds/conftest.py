"""Invented opportunities, matches and profiles for the feeds tests (no real sources)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain import Eligibility, Kind, Level, Match, OpportunityRecord, Profile, Role
from feeds import FeedSpec


def make_record(slug: str, **overrides: object) -> OpportunityRecord:
    """An invented opportunity from the invented source ``demo-grants``."""
    values: dict[str, object] = {
        "id": f"demo-grants/{slug}",
        "source": "demo-grants",
        "url": f"https://grants.example.org/calls/{slug}",
        "title": f"Call {slug}",
        "summary": f"Invented call {slug} for testing.",
        "kind": Kind.GRANT,
        "levels": [Level.FACULTY],
        "fields": ["engineering"],
        "deadline": date(2031, 4, 30),
        "first_seen": datetime(2030, 1, 5, 8, 0, tzinfo=UTC),
        "last_seen": datetime(2030, 2, 1, 9, 30, tzinfo=UTC),
        "last_changed": datetime(2030, 2, 1, 9, 30, tzinfo=UTC),
    }
    values.update(overrides)
    return OpportunityRecord(**values)  # type: ignore[arg-type]


def make_match(record: OpportunityRecord, rank: int, score: float, *reasons: str,
               eligibility: Eligibility = Eligibility.ELIGIBLE) -> Match:
    return Match(
        profile_id="staff-dilnoza",
        opportunity_id=record.id,
        score=score,
        rank=rank,
        eligibility=eligibility,
        reasons=list(reasons),
    )


@pytest.fixture(name="make_record")
def make_record_fixture():
    """Factory of invented records (a fixture, so test modules need not import conftest)."""
    return make_record


@pytest.fixture(name="make_match")
def make_match_fixture():
    return make_match


@pytest.fixture
def spec() -> FeedSpec:
    return FeedSpec(
        id="all",
        title="Opportunity Radar — all open opportunities",
        link="https://radar.example.uz/",
        self_url="https://radar.example.uz/feeds/all.atom",
        description="Every open call the radar knows about.",
        language="en",
    )


@pytest.fixture
def records() -> list[OpportunityRecord]:
    """Three calls of different kinds; the second has no deadline, amount or timestamps."""
    return [
        make_record(
            "solar-microgrids-2031",
            title="Solar Microgrids Research Grant",
            summary="Support for applied research on <em>solar</em> microgrids in Central Asia.",
            kind=Kind.GRANT,
            levels=[Level.FACULTY, Level.POSTDOC],
            fields=["energy", "electrical engineering"],
            amount=45000.0,
            currency="EUR",
            funder="Invented Energy Foundation",
            host_country="DE",
            deadline=date(2031, 4, 30),
        ),
        make_record(
            "open-call-no-deadline",
            title="Rolling Visiting Scholar Programme",
            kind=Kind.EXCHANGE,
            levels=[Level.PHD],
            fields=[],
            deadline=None,
            first_seen=None,
            last_seen=None,
            last_changed=None,
        ),
        make_record(
            "water-masters-2031",
            title="Water Management Master's Scholarship",
            kind=Kind.SCHOLARSHIP,
            levels=[Level.MASTER],
            fields=["hydrology"],
            amount=1200.0,
            currency="USD",
            deadline=date(2031, 1, 15),
            last_seen=datetime(2030, 3, 2, 12, 0, tzinfo=UTC),
            last_changed=datetime(2030, 3, 2, 12, 0, tzinfo=UTC),
        ),
    ]


@pytest.fixture
def profile() -> Profile:
    return Profile(
        id="staff-dilnoza",
        name="Dilnoza Karimova",
        role=Role.FACULTY,
        email="dilnoza@example.uz",
        language="en",
        interests="renewable energy, microgrids, water",
        level=Level.FACULTY,
    )
