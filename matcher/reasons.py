"""The reasons (codes with parameters) of one match, in a fixed order: why, eligibility, boosts."""

from __future__ import annotations

from datetime import date

import numpy as np

from domain import OpportunityRecord, Profile
from domain.reasons import Reason, reason
from matcher import explain
from matcher.facts import KINDS, OpportunityFacts
from matcher.interests import ProfileQuery

DEADLINE_SHOWN_DAYS = 30
PUBLICATION_REASON_MIN = 0.08  # a publication is named only when clearly similar
# Dense similarity (semantic extra; rescaled so its floor is 0) at which "close in meaning" is
# said: 0.2 is a cosine of 0.36 with the default floor. MiniLM gives paraphrases ("solar cells" /
# "photovoltaic modules") 0.4-0.6 and unrelated calls below 0.2.
MEANING_REASON_MIN = 0.2


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
        "meaning",
        "preferred",
        "pub_best",
        "pub_meaning",
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
        meaning=None,
        pub_meaning=None,
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
        # dense similarity of the interests, and (best publication, its similarity)
        self.meaning, self.pub_meaning = meaning, pub_meaning


def _eligibility(profile, tests_held, opp, o, facts, pair) -> tuple[Reason, ...]:
    required = {}
    if pair.language and facts.tests:
        row = facts.test_req[o]
        required = {t: float(row[j]) for j, t in enumerate(facts.tests) if not np.isnan(row[j])}
    texts = [
        explain.country_reason(
            pair.country, opp, profile, facts.country_sets[o], int(facts.rule[o])
        ),
        explain.level_reason(pair.level, opp, profile),
    ]
    if pair.country <= 1 and (facts.residence_sets[o] or facts.employment_sets[o]):
        employer = (profile.details or {}).get("employer_country") or profile.residence
        texts.extend(explain.place_reasons(opp, profile, employer))
    if pair.age:  # 0 = no limit: skip the numpy lookups
        texts.append(
            explain.age_reason(pair.age, opp, float(facts.min_age[o]), float(facts.max_age[o]))
        )
    if pair.language:
        texts.append(explain.language_reason(pair.language, opp, required, tests_held))
    if pair.gpa:
        texts.append(explain.gpa_reason(pair.gpa, opp, profile, float(facts.min_gpa[o])))
    return tuple(t for t in texts if t)


def _call_key(opp: OpportunityRecord, o: int, cache: dict) -> tuple:
    """What the eligibility texts read from a call; calls alike in these share the texts."""
    key = cache.get(("key", o))
    if key is None:
        d = opp.details or {}
        reqs = d.get("language_requirements")
        key = cache[("key", o)] = (
            repr(d.get("eligibility_evidence")),
            tuple(opp.levels),
            tuple(opp.eligible_countries),
            repr((d.get("country_rule"), d.get("min_age"), d.get("max_age"), d.get("min_gpa"))),
            d.get("nationalities_open"),
            repr((d.get("stage"), d.get("age_reference"), d.get("requirement_evidence"))),
            repr(sorted(reqs.items())) if isinstance(reqs, dict) else None,
        )
    return key


def _call_facts(opp, o, facts, today) -> tuple[Reason, ...]:
    """Deadline, host rank and funding: the same for everyone shown this call."""
    texts = []
    if today is not None:
        deadline = explain.deadline_reason(opp.deadline, today, DEADLINE_SHOWN_DAYS)
        if deadline:
            texts.append(deadline)
    rank = facts.host_rank[o]
    if rank is not None and rank.lower <= 1000:
        texts.append(explain.rank_reason(rank))
    if facts.fully_funded[o]:
        texts.append(reason("fully_funded"))
    return tuple(texts)


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
    cache: dict,
) -> list[Reason]:
    """Reasons for one shown match; ``phrases`` are the person's matching phrases.

    ``cache`` (one per run) keeps the texts that depend only on the call and a few profile
    facts: the same call is shown to many people.
    """
    reasons: list[Reason] = []
    if pair.recommended:
        reasons.append(reason("recommended"))
    if phrases:
        reasons.append(reason("interests", phrases=list(phrases)))
    elif pair.meaning is not None and pair.meaning >= MEANING_REASON_MIN:
        reasons.append(reason("meaning"))
    if pair.pub_best is not None and pair.pub_score >= PUBLICATION_REASON_MIN:
        title = explain.title_of(query.publications[pair.pub_best].title)
        reasons.append(reason("publication", title=title))
    elif pair.pub_meaning is not None and pair.pub_meaning[1] >= MEANING_REASON_MIN:
        title = explain.title_of(query.publications[pair.pub_meaning[0]].title)
        reasons.append(reason("publication_meaning", title=title))
    if not query.tokens and not query.publications:
        reasons.append(reason("no_interests"))
    gpa_raw = profile.details.get("gpa") if pair.gpa else None
    key = (
        _call_key(opp, o, cache),
        pair.country,
        pair.level,
        pair.age,
        pair.language,
        pair.gpa,
        profile.citizenship,
        profile.residence,
        (profile.details or {}).get("employer_country"),
        profile.role,
        profile.level,
        tuple(sorted(tests_held.items())) if pair.language else None,
        gpa_raw if isinstance(gpa_raw, str | int | float | None) else repr(gpa_raw),
    )
    eligibility = cache.get(key)
    if eligibility is None:
        eligibility = cache[key] = _eligibility(profile, tests_held, opp, o, facts, pair)
    reasons.extend(eligibility)
    tail = cache.get(o)
    if tail is None:
        tail = cache[o] = _call_facts(opp, o, facts, today)
    reasons.extend(tail)
    if pair.featured:
        reasons.append(reason("featured"))
    if pair.wanted_kind:
        reasons.append(reason("wanted_kind", kind=str(KINDS[int(facts.kind[o])])))
    if pair.preferred:
        reasons.append(reason("preferred_country", country=str(facts.host_country[o])))
    if pair.lowered:
        reasons.append(reason("lowered"))
    return reasons
