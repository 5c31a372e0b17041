"""The list of reasons shown with one match, in a fixed order: why relevant, eligibility, boosts."""

from __future__ import annotations

from datetime import date

import numpy as np

from domain import OpportunityRecord, Profile
from matcher import explain, regions
from matcher.facts import KINDS, OpportunityFacts
from matcher.interests import ProfileQuery

DEADLINE_SHOWN_DAYS = 30
PUBLICATION_REASON_MIN = 0.08  # a publication is named only when clearly similar


class PairFacts:
    """What the reasons of one (profile, opportunity) pair need beyond the two records."""

    __slots__ = (
        "age",
        "country",
        "featured",
        "gpa",
        "language",
        "level",
        "lowered",
        "preferred",
        "pub_best",
        "pub_score",
        "recommended",
        "wanted_kind",
    )

    def __init__(
        self,
        country,
        level,
        age,
        language,
        gpa,
        recommended,
        featured,
        wanted_kind,
        preferred,
        lowered,
        pub_best,
        pub_score,
    ):
        self.country, self.level, self.age, self.language, self.gpa = (
            country,
            level,
            age,
            language,
            gpa,
        )
        self.recommended, self.featured, self.wanted_kind = recommended, featured, wanted_kind
        self.preferred, self.lowered = preferred, lowered
        self.pub_best, self.pub_score = pub_best, pub_score


def build(
    profile: Profile,
    query: ProfileQuery,
    tests_held: dict[str, float],
    opp: OpportunityRecord,
    o: int,
    facts: OpportunityFacts,
    phrases: list[str],
    pair: PairFacts,
    today: date | None,
) -> list[str]:
    """Reasons for one shown match; ``phrases`` are the person's matching phrases."""
    reasons: list[str] = []
    if pair.recommended:
        reasons.append("recommended to you by the international office")
    if phrases:
        reasons.append("matches your interests: " + ", ".join(phrases))
    if pair.pub_best is not None and pair.pub_score >= PUBLICATION_REASON_MIN:
        title = explain.title_of(query.publications[pair.pub_best].title)
        reasons.append(f"close to your publication “{title}”")
    if not query.tokens and not query.publications:
        reasons.append("your profile lists no interests yet: showing calls you can apply for")
    required = {}
    if pair.language and facts.tests:
        row = facts.test_req[o]
        required = {t: float(row[j]) for j, t in enumerate(facts.tests) if not np.isnan(row[j])}
    for text in (
        explain.country_reason(
            pair.country, opp, profile, facts.country_sets[o], int(facts.rule[o])
        ),
        explain.level_reason(pair.level, opp, profile),
        explain.age_reason(pair.age, opp, float(facts.min_age[o]), float(facts.max_age[o])),
        explain.language_reason(pair.language, opp, required, tests_held),
        explain.gpa_reason(pair.gpa, opp, profile, float(facts.min_gpa[o])),
    ):
        if text:
            reasons.append(text)
    if today is not None:
        deadline = explain.deadline_reason(opp.deadline, today, DEADLINE_SHOWN_DAYS)
        if deadline:
            reasons.append(deadline)
    rank = facts.host_rank[o]
    if rank is not None and rank.lower <= 1000:
        reasons.append(explain.rank_reason(rank))
    if facts.fully_funded[o]:
        reasons.append("fully funded")
    if pair.featured:
        reasons.append("featured by the international office")
    if pair.wanted_kind:
        kind = str(KINDS[int(facts.kind[o])])
        reasons.append(f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}, as you asked")
    if pair.preferred:
        name = regions.country_name(str(facts.host_country[o]))
        reasons.append(f"in a country you prefer: {name}")
    if pair.lowered:
        reasons.append("lowered: similar to a call you marked not relevant")
    return reasons
