"""Builders for invented opportunities and profiles used by the matcher tests."""

from datetime import date

import pytest

from domain import Kind, Level, OpportunityRecord, Profile, Role

TODAY = date(2025, 3, 8)


def make_opp(opp_id: str, title: str, **kw) -> OpportunityRecord:
    kw.setdefault("summary", "")
    kw.setdefault("details", {"any_nationality": True})
    return OpportunityRecord(
        id=f"test/{opp_id}", source="test", url=f"https://example.org/{opp_id}", title=title, **kw
    )


def make_profile(pid: str, role: Role = Role.FACULTY, **kw) -> Profile:
    kw.setdefault("citizenship", "UZ")
    return Profile(id=pid, name=pid.title(), role=role, **kw)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def opp():
    return make_opp


@pytest.fixture
def profile():
    return make_profile


__all__ = ["Kind", "Level"]
