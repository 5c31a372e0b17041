"""A seeded site for the JSON API tests: calls open, closed, expired, hidden and featured;
ranked institutions; two people with matches and private tokens (a module, not conftest, so
test files import it by a name no other test folder uses)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from flask import Flask
from sqlalchemy import Engine

from domain import (
    Eligibility,
    InstitutionRecord,
    Kind,
    Level,
    Match,
    OpportunityRecord,
    Profile,
    RankEntry,
    Role,
    Status,
)
from domain.reasons import reason
from radar.config import load_settings
from radar.web import create_app
from storage import repository as repo
from storage.engine import make_engine

SEEN = datetime(2026, 11, 20, 8, 30)


def _call(name: str, title: str, **kw) -> OpportunityRecord:  # type: ignore[no-untyped-def]
    base = dict(id=f"src/{name}", source="src", url=f"https://e.org/{name}", title=title,
                summary=f"{title}.", kind=Kind.GRANT, levels=[Level.FACULTY],
                deadline=date(2027, 3, 1), status=Status.OPEN)  # fmt: skip
    base.update(kw)
    return OpportunityRecord(**base)


CALLS = [
    _call("solar", "Solar photovoltaics research grant", host_country="DE",
          deadline=date(2026, 12, 5), amount=50000.0, currency="EUR"),
    _call("stipend", "Стипендия для магистрантов по солнечной энергетике", kind=Kind.SCHOLARSHIP,
          levels=[Level.MASTER], host_country="RU"),
    _call("history", "Medieval history archive fellowship", kind=Kind.FELLOWSHIP, source="other"),
    _call("closed", "Closed solar call", status=Status.CLOSED),
    _call("expired", "Expired solar call", deadline=date(2026, 11, 20)),
    _call("hidden", "Hidden solar call"),
    _call("featured", "Featured exchange call", kind=Kind.EXCHANGE),
    *[_call(f"ex-{i:02d}", f"Generic exchange {i:02d}", kind=Kind.EXCHANGE,
            deadline=date(2027, 4, 1 + i)) for i in range(30)],
]  # fmt: skip
VISIBLE_TOTAL = len(CALLS) - 3  # closed, expired, hidden
INSTITUTIONS = [
    InstitutionRecord("tum", "Technical University of Munich", "DE", "https://tum.de",
                      ranks=[RankEntry("qs", 2026, "37", 37), RankEntry("the", 2025, "30", 30)]),
    InstitutionRecord("kit", "Karlsruhe Institute of Technology", "DE",
                      ranks=[RankEntry("qs", 2026, "102", 102)]),
    InstitutionRecord("nuu", "National University of Uzbekistan", "UZ",
                      ranks=[RankEntry("qs", 2026, "801-1000", 801)]),
    InstitutionRecord("new", "A new institute", None),
]  # fmt: skip
REASONS = [reason("deadline", days=8), reason("country.listed", rule="citizens", country="UZ",
                                               quote="Open to citizens of Uzbekistan")]  # fmt: skip


@dataclass
class ApiSite:
    """The app, an engine on its database, and each person's token."""

    app: Flask
    engine: Engine
    tokens: dict[str, str]


def seed(engine: Engine) -> dict[str, str]:
    """Fill an empty database; returns each person's private token."""
    repo.upsert_opportunities(engine, CALLS, SEEN)
    repo.upsert_institutions(engine, INSTITUTIONS)
    repo.set_flags(engine, "src/hidden", hidden=True, by="staff@uni.example.uz")
    repo.set_flags(engine, "src/featured", featured=True, by="staff@uni.example.uz")
    repo.upsert_profiles(engine, [
        Profile("stu-timur", "Тимур Назаров", Role.STUDENT, language="ru"),
        Profile("fac-aziza", "Aziza Karimova", Role.FACULTY, language="en"),
    ])  # fmt: skip
    timur = [Match("stu-timur", f"src/{name}", 1.0 - i / 10, i + 1, Eligibility.ELIGIBLE, REASONS)
             for i, name in enumerate(["solar", "expired", "hidden", "history", "stipend"])]  # fmt: skip
    aziza = [Match("fac-aziza", "src/featured", 0.9, 1, Eligibility.CHECK, ["Aziza's own reason"])]
    repo.replace_matches(engine, timur + aziza, ["stu-timur", "fac-aziza"], SEEN)
    repo.add_feedback(engine, "stu-timur", "src/history")  # "not relevant": muted
    return {p: repo.issue_token(engine, p) for p in ("stu-timur", "fac-aziza")}


def make_site(url: str) -> Iterator[ApiSite]:
    """A seeded site on ``url``; disposes its engines afterwards."""
    engine = make_engine(url)
    tokens = seed(engine)
    app = create_app(load_settings(database_url=url))
    yield ApiSite(app, engine, tokens)
    app.config["RADAR_ENGINE"].dispose()
    engine.dispose()
