"""The vectorised eligibility agrees with a plain per-pair reading of the documented rules."""

import random
from datetime import date, timedelta

from domain import Eligibility, Kind, Level, OpportunityRecord, Profile, Role
from domain.country_groups import resolve
from domain.language_levels import SCORE_TABLE
from matcher import match_profiles

STUDENT_LEVELS = {Level.BACHELOR, Level.MASTER, Level.PHD}
DEFAULTS = {
    Level.BACHELOR: {Level.BACHELOR, Level.MASTER},
    Level.MASTER: {Level.MASTER, Level.PHD},
    Level.PHD: {Level.PHD, Level.POSTDOC},
    Level.POSTDOC: {Level.POSTDOC, Level.FACULTY},
    Level.FACULTY: {Level.FACULTY, Level.POSTDOC},
    Level.STAFF: {Level.STAFF},
}
ROLE_DEFAULTS = {
    Role.STUDENT: STUDENT_LEVELS,
    Role.FACULTY: {Level.FACULTY, Level.POSTDOC},
    Role.STAFF: {Level.STAFF},
}
TESTS = {"IELTS": 6.5, "TOEFL": 90}
CANON = {"IELTS": "IELTS", "TOEFL": "TOEFL iBT"}


def reference(p: Profile, o: OpportunityRecord, today: date) -> Eligibility | None:
    """Worst outcome over the rules, None = ineligible (never shown)."""
    worst = 0
    levels = set(o.levels)
    explicit = {Level(t) for t in p.target_levels if t in {lv.value for lv in Level}}
    wanted = explicit or (DEFAULTS[p.level] if p.level else ROLE_DEFAULTS[p.role])
    kinds_out = set(p.details.get("excluded_kinds", []))
    if o.kind.value in kinds_out:
        return None
    if p.role != Role.STUDENT and levels and levels <= STUDENT_LEVELS:
        if not levels & explicit:
            return None
        worst = 1
    else:
        student_on_mobility = (
            p.role == Role.STUDENT and p.level != Level.PHD and o.kind == Kind.STAFF_MOBILITY
        )
        if student_on_mobility or (levels and Level.ANY not in levels and not levels & wanted):
            return None
    d = o.details
    if o.eligible_countries:
        allowed = set().union(*(resolve(c) or set() for c in o.eligible_countries))
        if p.citizenship in allowed:
            pass
        elif p.citizenship is None or any(resolve(c) is None for c in o.eligible_countries):
            worst = max(worst, 1)
        else:
            return None
    elif not d.get("any_nationality"):
        worst = max(worst, 1)
    if "max_age" in d:
        if p.birth_date is None:
            worst = max(worst, 1)
        else:
            ref = o.deadline or today
            age = (
                ref.year
                - p.birth_date.year
                - ((ref.month, ref.day) < (p.birth_date.month, p.birth_date.day))
            )
            if age > d["max_age"]:
                return None
    if "language_requirements" in d:
        outcome = _language(p.details.get("language_tests", {}), d["language_requirements"])
        if outcome is None:
            return None
        worst = max(worst, outcome)
    if "min_gpa" in d:
        if "gpa" not in p.details:
            worst = max(worst, 1)
        elif float(p.details["gpa"].split("/")[0]) / 4 < d["min_gpa"] - 1e-9:
            return None
    return [Eligibility.ELIGIBLE, Eligibility.CHECK][worst]


def _english_level(held: dict) -> float | None:
    """The English CEFR level the person's tests show, through the documented table."""
    levels = [
        max((lv for lv, low in SCORE_TABLE[CANON[t]][2].items() if v >= low), default=None)
        for t, v in held.items()
    ]
    return max((lv for lv in levels if lv is not None), default=None)


def _language(held: dict, asked: dict) -> int | None:
    """0 met, 1 check, None failed: a listed test taken decides; else the English level."""
    if any(held.get(t, -1) >= v for t, v in asked.items()):
        return 0
    if any(t in held for t in asked):
        return None
    level = _english_level(held)
    if level is None:
        return 1
    outcomes = []
    for t, v in asked.items():
        bounds = SCORE_TABLE[CANON[t]][2]
        low = bounds.get(level, 0)
        higher = [b for lv, b in bounds.items() if lv > level]
        high = min(higher) if higher else 10**6
        outcomes.append(0 if low >= v else (1 if high > v else None))
    if 0 in outcomes:
        return 0
    return 1 if 1 in outcomes else None


def _random_world(rng: random.Random, today: date):
    opps = []
    for i in range(120):
        details = {}
        if rng.random() < 0.3:
            details["any_nationality"] = True
        if rng.random() < 0.3:
            details["max_age"] = rng.choice([30, 35, 40])
        if rng.random() < 0.3:
            details["language_requirements"] = dict(
                rng.sample(sorted(TESTS.items()), rng.randint(1, 2))
            )
        if rng.random() < 0.3:
            details["min_gpa"] = rng.choice([0.6, 0.75, 0.9])
        opps.append(
            OpportunityRecord(
                id=f"r/{i}",
                source="r",
                url="u",
                title="solar energy call",
                kind=rng.choice(list(Kind)),
                levels=rng.sample(list(Level), rng.choice([0, 0, 1, 2])),
                eligible_countries=rng.choice(
                    [
                        [],
                        ["UZ"],
                        ["KZ", "KG"],
                        ["Central Asia"],
                        ["EU"],
                        ["Atlantis"],
                        ["DE", "developing countries"],
                    ]
                ),
                deadline=rng.choice([None, today + timedelta(days=rng.randint(0, 400))]),
                details=details,
            )
        )
    profiles = []
    for i in range(60):
        role = rng.choice(list(Role))
        level = rng.choice([None, *list(Level)[:-1]])
        details = {}
        if rng.random() < 0.5:
            details["language_tests"] = {
                rng.choice(["IELTS", "TOEFL"]): rng.choice([6.0, 7.0, 85, 100])
            }
        if rng.random() < 0.5:
            details["gpa"] = f"{rng.choice([2.5, 3.0, 3.8])}/4"
        if rng.random() < 0.2:
            details["excluded_kinds"] = [rng.choice(list(Kind)).value]
        profiles.append(
            Profile(
                id=f"p{i}",
                name="x",
                role=role,
                level=level,
                interests="solar",
                target_levels=rng.choice([[], [], ["phd"], ["master", "conference"]]),
                citizenship=rng.choice([None, "UZ", "KZ", "DE", "US"]),
                birth_date=rng.choice(
                    [None, date(rng.randint(1980, 2004), rng.randint(1, 12), 15)]
                ),
                details=details,
            )
        )
    return profiles, opps


def test_vectorised_eligibility_matches_reference():
    today = date(2025, 3, 8)
    profiles, opps = _random_world(random.Random(7), today)
    got = {
        (m.profile_id, m.opportunity_id): m.eligibility
        for m in match_profiles(profiles, opps, today, limit=1000)
    }
    expected = {}
    for p in profiles:
        for o in opps:
            if o.is_open_on(today):
                outcome = reference(p, o, today)
                if outcome is not None:
                    expected[(p.id, o.id)] = outcome
    assert len(expected) > 500
    assert got == expected
