"""Matches opportunities to profiles: eligibility first, BM25 relevance, boosts, reasons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from domain import InstitutionRecord, Match, OpportunityRecord, Profile
from matcher.engine import Curation, MatchIndex
from matcher.semantic import Semantic


def match_profiles(
    profiles: Sequence[Profile],
    opportunities: Sequence[OpportunityRecord],
    today: date,
    *,
    institutions: Sequence[InstitutionRecord] | None = None,
    curation: Mapping | None = None,
    limit: int = 50,
    semantic: Semantic | bool | None = None,
) -> list[Match]:
    """Rank opportunities for every profile: up to ``limit`` matches each, ranks 1..N.

    Only eligible and "check eligibility" matches are returned, each with reasons.
    ``curation`` = {"featured": set(opp_ids), "recommended": {profile_id: set(opp_ids)},
    "muted": {profile_id: set(opp_ids)}} (every key optional). ``semantic`` blends in dense
    similarity (the ``semantic`` extra): ``True`` or a ``matcher.semantic.Semantic``.
    """
    index = MatchIndex(opportunities, institutions, semantic=semantic)
    return index.match(profiles, today, curation=curation, limit=limit)


def merge_matches(
    existing: Iterable[Match],
    fresh: Iterable[Match],
    *,
    rescored: Iterable[str] = (),
    limit: int = 50,
) -> list[Match]:
    """Combine stored matches with an incremental run's, re-ranked per profile.

    ``rescored`` are the opportunity ids the incremental run looked at: their stored matches
    are dropped first, so a call that stopped fitting someone disappears from their list. A
    fresh match replaces a stored one for the same (profile, opportunity) pair. Profiles the
    run did not touch keep their stored Match objects; re-ranked ones get new objects (the
    inputs are never modified).
    """
    dropped = set(rescored)
    by_profile: dict[str, list[Match]] = {}
    for m in existing:
        by_profile.setdefault(m.profile_id, []).append(m)
    fresh_by: dict[str, list[Match]] = {}
    for m in fresh:
        fresh_by.setdefault(m.profile_id, []).append(m)
    merged: list[Match] = []
    for profile_id in sorted(by_profile.keys() | fresh_by.keys()):
        stored = by_profile.get(profile_id, [])
        new = fresh_by.get(profile_id, [])
        if not new and not any(m.opportunity_id in dropped for m in stored):
            merged.extend(stored[:limit])
            continue
        pairs = {m.opportunity_id: m for m in stored if m.opportunity_id not in dropped}
        pairs.update((m.opportunity_id, m) for m in new)
        ranked = sorted(pairs.values(), key=lambda m: (-m.score, m.opportunity_id))
        merged.extend(
            replace(m, rank=rank, reasons=list(m.reasons))
            for rank, m in enumerate(ranked[:limit], start=1)
        )
    return merged


__all__ = ["Curation", "MatchIndex", "Semantic", "match_profiles", "merge_matches"]
