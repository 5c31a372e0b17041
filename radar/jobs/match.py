"""Match job: read profiles and open opportunities, score them, store the matches."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from matcher import match_profiles
from radar.jobs.common import utcnow
from storage import repository as repo


@dataclass
class MatchSummary:
    """What a match run did."""

    profiles: int
    opportunities: int
    matches: int
    per_profile: dict[str, int]


def run_match(engine: Engine, today: date, limit: int = 50) -> MatchSummary:
    """Rescore every profile against every open opportunity and replace the stored matches."""
    repo.expire_past(engine, today)
    profiles = repo.load_profiles(engine)
    opportunities = repo.load_opportunities(engine, open_on=today, canonical_only=True)
    institutions = repo.load_institutions(engine)
    matches = match_profiles(profiles, opportunities, today, institutions=institutions, limit=limit)
    repo.replace_matches(engine, matches, [p.id for p in profiles], utcnow())
    per_profile = Counter(m.profile_id for m in matches)
    return MatchSummary(
        profiles=len(profiles),
        opportunities=len(opportunities),
        matches=len(matches),
        per_profile={p.id: per_profile.get(p.id, 0) for p in profiles},
    )
