"""The partner finder: ranked universities that fit a country, rank and field, with the open
calls they host. Pure: institutions and opportunities in, partners out."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from domain import InstitutionRecord, OpportunityRecord, RankEntry

# Host names on calls are written freely ("TU Berlin", "Technische Universität Berlin"):
# this similarity (0-100) against a name or alias counts as the same university.
SAME_NAME = 90


@dataclass(slots=True)
class Partner:
    """A candidate partner university with its best rank and the open calls it hosts."""

    institution: InstitutionRecord
    best: RankEntry | None
    latest: dict[str, RankEntry] = field(default_factory=dict)  # system → latest year's rank
    hosted: list[OpportunityRecord] = field(default_factory=list)


def find_partners(
    institutions: Sequence[InstitutionRecord],
    opportunities: Sequence[OpportunityRecord],
    *,
    country: str | None = None,
    max_rank: int | None = 1000,
    field_of_study: str | None = None,
    systems: Sequence[str] | None = None,
) -> list[Partner]:
    """Universities ranked within ``max_rank`` in any of ``systems`` (all when None), best first."""
    hosted = host_index(institutions, opportunities)
    wanted_field = _norm(field_of_study) if field_of_study else None
    partners = []
    for inst in institutions:
        if country and (inst.country or "").upper() != country.upper():
            continue
        latest = _latest_ranks(inst.ranks, systems)
        ranked = [r for r in latest.values() if r.rank_lower is not None]
        best = min(ranked, key=lambda r: r.rank_lower) if ranked else None  # type: ignore[arg-type, return-value]
        if max_rank is not None and (best is None or best.rank_lower > max_rank):  # type: ignore[operator]
            continue
        calls = hosted.get(inst.id, [])
        if wanted_field and not _has_field(inst, calls, wanted_field):
            continue
        partners.append(Partner(inst, best, latest, calls))
    partners.sort(key=lambda p: (p.best.rank_lower if p.best else 10**9, p.institution.name))  # type: ignore[union-attr]
    return partners


def host_index(
    institutions: Sequence[InstitutionRecord], opportunities: Sequence[OpportunityRecord]
) -> dict[str, list[OpportunityRecord]]:
    """Institution id → the opportunities whose host is that institution (by name or alias)."""
    names: list[str] = []
    owners: list[str] = []
    for inst in institutions:
        for name in (inst.name, *inst.aliases):
            names.append(_norm(name))
            owners.append(inst.id)
    index: dict[str, list[OpportunityRecord]] = {}
    if not names:
        return index
    for opp in opportunities:
        if not opp.host_institution:
            continue
        found = process.extractOne(
            _norm(opp.host_institution), names, scorer=fuzz.ratio, score_cutoff=SAME_NAME
        )
        if found is not None:
            index.setdefault(owners[found[2]], []).append(opp)
    return index


def _latest_ranks(
    ranks: Sequence[RankEntry], systems: Sequence[str] | None
) -> dict[str, RankEntry]:
    latest: dict[str, RankEntry] = {}
    for r in ranks:
        if systems and r.system not in systems:
            continue
        if r.system not in latest or r.year > latest[r.system].year:
            latest[r.system] = r
    return latest


def _has_field(inst: InstitutionRecord, calls: list[OpportunityRecord], wanted: str) -> bool:
    subjects = [_norm(s) for s in inst.subjects] + [_norm(f) for c in calls for f in c.fields]
    return any(wanted in s or s in wanted for s in subjects if s)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
