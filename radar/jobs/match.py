"""Match job: score profiles against open opportunities and store ranked matches.

Incremental by default: within a day, only new or changed opportunities are scored against
all profiles, and only new or edited profiles against everything. The first run of a day is
full, because "deadline in N days" and the closing-soon boost change with the date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from domain import Match, OpportunityRecord, Profile, clock
from matcher import MatchIndex, merge_matches
from matcher.deadlines import first_open_day
from radar.jobs.common import open_calls
from storage import repository as repo


@dataclass
class MatchSummary:
    """What a match run did."""

    profiles: int
    opportunities: int
    matches: int
    per_profile: dict[str, int]
    mode: str = "full"  # full | incremental
    rescored_profiles: list[str] = field(default_factory=list)
    rescored_opportunities: list[str] = field(default_factory=list)


def run_match(
    engine: Engine,
    today: date,
    limit: int = 50,
    *,
    full: bool = False,
    timezone: str = "UTC",
    semantic=None,  # type: ignore[no-untyped-def]  # matcher.semantic.Semantic or None
    now_at: datetime | None = None,  # the exact moment (aware); default: now
) -> MatchSummary:
    """Rescore what changed since the last run today (everything when ``full`` or a new day)."""
    # Days of grace: a call closing "23:59 AoE" yesterday is open until this afternoon here;
    # the exact instant decides (open_calls).
    repo.expire_past(engine, first_open_day(today))
    profiles = repo.load_profiles(engine)
    curation = repo.load_curation(engine, profiles)
    hidden = curation["hidden"]
    # On the deadline day itself the call's own time and zone decide (17:00 CET is over at
    # 21:00 in Tashkent), as on every other surface.
    opportunities = [
        o for o in open_calls(engine, today, timezone, now_at) if o.id not in hidden
    ]
    index = MatchIndex(opportunities, repo.load_institutions(engine), semantic=semantic)
    stored = repo.load_matches(engine)
    last = max((m.computed_at for m in stored if m.computed_at), default=None)
    now = clock.utcnow()
    if full or last is None or _local_day(last, timezone) != today:
        matches = index.match(profiles, today, curation=curation, limit=limit)
        repo.replace_matches(engine, matches, [p.id for p in profiles], now)
        return _summary(profiles, opportunities, matches, "full")
    changed_profiles = [p for p in profiles if p.updated_at is None or p.updated_at > last]
    changed_opps = [o.id for o in opportunities if _changed_since(o, last)]
    open_ids = {o.id for o in opportunities}
    gone = {m.opportunity_id for m in stored if m.opportunity_id not in open_ids}
    changed_ids = {p.id for p in changed_profiles}
    fresh = index.match(changed_profiles, today, curation=curation, limit=limit)
    others = [p for p in profiles if p.id not in changed_ids]
    if others and changed_opps:
        kth = _kth_scores(stored, limit)
        fresh += index.match(
            others, today, curation=curation, limit=limit, only=changed_opps, above=kth
        )
    kept = [m for m in stored if m.profile_id not in changed_ids]
    merged = merge_matches(kept, fresh, rescored=[*changed_opps, *gone], limit=limit)
    affected = (
        changed_ids
        | {m.profile_id for m in fresh}
        | {
            m.profile_id
            for m in stored
            if m.opportunity_id in gone or m.opportunity_id in changed_opps
        }
    )
    repo.replace_matches(
        engine, [m for m in merged if m.profile_id in affected], sorted(affected), now
    )
    final = [m for m in merged if m.profile_id in affected] + [
        m for m in kept if m.profile_id not in affected
    ]
    summary = _summary(profiles, opportunities, final, "incremental")
    summary.rescored_profiles = sorted(changed_ids)
    summary.rescored_opportunities = sorted(changed_opps)
    return summary


def _changed_since(o: OpportunityRecord, last: datetime) -> bool:
    stamp = o.last_changed or o.first_seen
    return stamp is None or stamp > last


def _kth_scores(stored: list[Match], limit: int) -> dict[str, float]:
    """Each profile's lowest kept score when its list is full: new matches must beat it."""
    by_profile: dict[str, list[float]] = defaultdict(list)
    for m in stored:
        by_profile[m.profile_id].append(m.score)
    return {pid: min(s) for pid, s in by_profile.items() if len(s) >= limit}


def _local_day(stamp: datetime, timezone: str) -> date:
    return stamp.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(timezone)).date()


def _summary(
    profiles: list[Profile], opportunities: list[OpportunityRecord], matches: list[Match], mode: str
) -> MatchSummary:
    per_profile = Counter(m.profile_id for m in matches)
    return MatchSummary(
        profiles=len(profiles),
        opportunities=len(opportunities),
        matches=len(matches),
        per_profile={p.id: per_profile.get(p.id, 0) for p in profiles},
        mode=mode,
    )
