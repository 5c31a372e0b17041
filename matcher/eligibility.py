"""Hard constraints as numpy code: each criterion gives a code per (profile, opportunity) pair.

Codes map to a severity (0 eligible, 1 check, 2 ineligible); a pair's eligibility is the worst
severity over all criteria. The same codes drive the human-readable reasons (``explain``), so
what is decided and what is said can never disagree.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from domain import Eligibility, Kind, clock
from domain.eligibility import Applicant
from domain.eligibility import read as read_facts
from matcher.facts import (
    ANY_BIT,
    INSTITUTION_APPLIES,
    KIND_INDEX,
    LEVEL_BIT,
    OpportunityFacts,
    ProfileFacts,
)
from matcher.limits import StageCode, stage_codes
from matcher.scores import held_interval

SEVERITY_TO_ELIGIBILITY = (Eligibility.ELIGIBLE, Eligibility.CHECK, Eligibility.INELIGIBLE)


class LevelCode:
    """Plain int constants: compared per shown match, so no Enum attribute overhead."""

    MATCH = 0
    UNSTATED = 1
    CHECK_ROLE = 2
    FAIL_LEVEL = 3
    FAIL_STUDENT_ONLY = 4
    FAIL_STAFF_MOBILITY = 5
    FAIL_EXCLUDED_KIND = 6
    FAIL_STAGE = 7  # degree held, level now, years since the doctorate (matcher.limits)
    CHECK_STAGE = 8
    FAIL_INSTITUTION_ONLY = 9  # an organisation applies: never shown to a student
    INSTITUTION_CALL = 10  # faculty/staff: a call their institution can apply to


class CountryCode:
    LISTED = 0
    ANY = 1
    UNSTATED = 2
    NO_PROFILE = 3
    UNREADABLE = 4
    FAIL = 5
    EXCLUDED = 6  # the person's nationality is named as excluded
    RESIDENCE_FAIL = 7
    RESIDENCE_UNKNOWN = 8
    EMPLOYER_FAIL = 9
    EMPLOYER_UNKNOWN = 10


class LimitCode:
    """Shared by age, language-test and GPA limits."""

    NONE = 0
    OK = 1
    UNKNOWN = 2
    FAIL = 3


# Kinds whose level is the applicant's current one (indexed by matcher.facts.KIND_INDEX).
AT_LEVEL_NOW_KINDS = np.zeros(len(KIND_INDEX), bool)
for _kind in (Kind.EXCHANGE, Kind.INTERNSHIP, Kind.COMPETITION, Kind.TRAINING, Kind.CONFERENCE):
    AT_LEVEL_NOW_KINDS[KIND_INDEX[_kind]] = True
LEVEL_SEVERITY = np.array([0, 0, 1, 2, 2, 2, 2, 2, 1, 2, 0], np.int8)
COUNTRY_SEVERITY = np.array([0, 0, 1, 1, 1, 2, 2, 2, 1, 2, 1], np.int8)
LIMIT_SEVERITY = np.array([0, 0, 1, 2], np.int8)


def level_codes(
    of: OpportunityFacts, pf: ProfileFacts, i: int, today: date | None = None
) -> np.ndarray:
    """Level, role, stage and excluded-kind decision of profile ``i`` against every call."""
    lm = of.level_mask
    fits = (lm & (ANY_BIT | int(pf.desired[i]))) != 0
    now = pf.stage_level[i]
    if now is not None:
        # Exchanges, schools, internships, contests: the level named is the one a person is
        # at now (a master's student asking for PhD places fits an exchange for master's
        # students); for degree scholarships it is the level they would study at.
        fits |= ((lm & LEVEL_BIT[now]) != 0) & AT_LEVEL_NOW_KINDS[of.kind]
    code = np.where(
        lm == 0, LevelCode.UNSTATED, np.where(fits, LevelCode.MATCH, LevelCode.FAIL_LEVEL)
    )
    code = code.astype(np.int8)
    if not pf.is_student[i]:
        # A student-only call never goes to faculty/staff, unless they asked for that level
        # themselves (a lecturer without a PhD looking for PhD places): then "check".
        asked = (lm & int(pf.explicit[i])) != 0
        code[of.student_only & asked] = LevelCode.CHECK_ROLE
        code[of.student_only & ~asked] = LevelCode.FAIL_STUDENT_ONLY
    elif not pf.is_phd[i]:
        code[of.staff_mobility] = LevelCode.FAIL_STAFF_MOBILITY
    stage = stage_codes(
        of.limits, pf.stage_level[i], int(pf.doctorate_year[i]), int(pf.final_year[i]),
        today or clock.today(),
    )  # fmt: skip
    passing = LEVEL_SEVERITY[code] < 2
    code[passing & (stage == StageCode.FAIL)] = LevelCode.FAIL_STAGE
    code[passing & (LEVEL_SEVERITY[code] == 0) & (stage == StageCode.CHECK)] = LevelCode.CHECK_STAGE
    excluded = int(pf.excluded_kinds[i])
    if excluded:
        code[((1 << of.kind.astype(np.int64)) & excluded) != 0] = LevelCode.FAIL_EXCLUDED_KIND
    institution = of.applicant == INSTITUTION_APPLIES
    if pf.is_student[i]:
        code[institution] = LevelCode.FAIL_INSTITUTION_ONLY
    else:
        fine = (code == LevelCode.MATCH) | (code == LevelCode.UNSTATED)
        code[institution & fine] = LevelCode.INSTITUTION_CALL
    return code


def country_codes(of: OpportunityFacts, pf: ProfileFacts, i: int) -> np.ndarray:
    """Citizenship/residence decision of profile ``i`` against every opportunity."""
    cit, res = pf.citizenship[i], pf.residence[i]
    in_cit, in_res = of.allows(cit), of.allows(res)
    inside = np.select([of.rule == 0, of.rule == 1], [in_cit, in_res], default=in_cit | in_res)
    known = np.select(
        [of.rule == 0, of.rule == 1],
        [cit is not None, res is not None],
        default=cit is not None or res is not None,
    )
    code = np.where(
        ~of.restricted,
        np.where(of.any_nationality, CountryCode.ANY, CountryCode.UNSTATED),
        np.where(
            inside,
            CountryCode.LISTED,
            np.where(
                ~known,
                CountryCode.NO_PROFILE,
                np.where(of.unreadable, CountryCode.UNREADABLE, CountryCode.FAIL),
            ),
        ),
    )
    code = code.astype(np.int8)
    return _where_they_live(of, pf, i, code)


def _where_they_live(of: OpportunityFacts, pf: ProfileFacts, i: int, code: np.ndarray):
    """Excluded nationalities, required residence and employer location, over ``code``.

    The worst outcome wins: an excluded or failed rule replaces an "eligible" nationality
    code; an unknown residence or employer makes an eligible pair "check".
    """
    cit, res, emp = pf.citizenship[i], pf.residence[i], pf.employer[i]
    ok = COUNTRY_SEVERITY[code] == 0
    code[of.in_sets(of.excluded_sets, cit)] = CountryCode.EXCLUDED
    for sets, fail, unknown, mine in (
        (of.residence_sets, CountryCode.RESIDENCE_FAIL, CountryCode.RESIDENCE_UNKNOWN, res),
        (of.employment_sets, CountryCode.EMPLOYER_FAIL, CountryCode.EMPLOYER_UNKNOWN, emp),
    ):
        required = np.zeros(len(of), bool)
        required[of.stated(sets)] = True
        if not required.any():
            continue
        inside = of.in_sets(sets, mine)
        if mine is None:
            code[required & ok] = unknown
        else:
            code[required & ~inside & (COUNTRY_SEVERITY[code] < 2)] = fail
    return code


_EPOCH = date(1970, 1, 1).toordinal()


def _age_on(ref: np.ndarray, birth_year: np.ndarray, birth_md: np.ndarray) -> np.ndarray:
    days = (ref - _EPOCH).astype("datetime64[D]")
    years = days.astype("datetime64[Y]")
    months = days.astype("datetime64[M]")
    ref_year = years.astype(np.int64) + 1970
    ref_md = (months - years).astype(np.int64) * 100 + 100 + (days - months).astype(np.int64) + 1
    return ref_year - birth_year - (ref_md < birth_md)


def ages_at(of: OpportunityFacts, pf: ProfileFacts, p: np.ndarray, o: np.ndarray, today: date):
    """Age in whole years on the day each call judges its maximum age (its deadline unless it
    names another day; today when it has none); -1 when unknown."""
    for_max, _ = of.limits.reference_days(o, today)
    age = _age_on(for_max, pf.birth_year[p], pf.birth_md[p])
    return np.where(pf.birth_year[p] < 0, -1, age)


def age_codes(
    of: OpportunityFacts, pf: ProfileFacts, p: np.ndarray, o: np.ndarray, today: date
) -> np.ndarray:
    """Age limits (inclusive bounds, "born on or after") on the day the call names."""
    cols = of.limits
    lo, hi = cols.min_age[o], cols.max_age[o]
    born_after = cols.born_after[o]
    limited = ~np.isnan(lo) | ~np.isnan(hi) | (born_after >= 0)
    for_max, for_min = cols.reference_days(o, today)
    unknown = pf.birth_year[p] < 0
    birth_md = pf.birth_md[p]
    young = _age_on(for_max, pf.birth_year[p], birth_md)
    old = _age_on(for_min, pf.birth_year[p], birth_md)
    born = pf.birth_ordinal[p]
    fail = (old < lo) | (young > hi) | ((born_after >= 0) & (born < born_after))
    code = np.where(
        ~limited,
        LimitCode.NONE,
        np.where(unknown, LimitCode.UNKNOWN, np.where(fail, LimitCode.FAIL, LimitCode.OK)),
    )
    return code.astype(np.int8)


def profile_test_matrix(of: OpportunityFacts, pf: ProfileFacts, p: np.ndarray) -> np.ndarray:
    """Profiles ``p``' standing in the tests opportunities ask for: shape (len(p), tests, 2),
    the lowest and highest value on each test's scale (NaN = nothing known). Exact for a test
    held; a CEFR band through ``domain.language_levels`` otherwise (English C1 asked, IELTS 7
    held; TOEFL 80 asked, English B2 held)."""
    unknown = (np.nan, np.nan)
    rows = [
        [held_interval(pf.tests[k], name) or unknown for name in of.tests] if pf.tests[k] else
        [unknown] * len(of.tests)
        for k in p.tolist()
    ]  # fmt: skip
    return np.array(rows, np.float32).reshape(len(p), len(of.tests), 2)


def language_codes(
    of: OpportunityFacts, pf: ProfileFacts, p: np.ndarray, o: np.ndarray
) -> np.ndarray:
    """Language-test minimums; the tests a call lists are alternatives (IELTS 6.5 or TOEFL 90).

    Met by any listed test (its lowest possible value reaches the minimum) -> OK; a listed
    test the person took is below its minimum, or what they hold is below every listed
    minimum through the table -> FAIL; holds none of them, or a level whose band straddles
    the minimum -> UNKNOWN ("check eligibility").
    """
    if not of.tests:
        return np.zeros(len(o), np.int8)
    unique, inverse = np.unique(p, return_inverse=True)
    held = profile_test_matrix(of, pf, unique)[inverse]
    low, high = held[..., 0], held[..., 1]
    required = of.test_req[o]
    asked = ~np.isnan(required)
    with np.errstate(invalid="ignore"):
        met = (asked & (low >= required - 1e-6)).any(axis=1)
        maybe = (asked & (high >= required - 1e-6)).any(axis=1)
    known = (asked & ~np.isnan(low)).any(axis=1)
    # A listed test the person took themselves (not read through the table) and missed
    # settles it: their TOEFL is not guessed from the IELTS they hold.
    missed_own = (asked & (low == high)).any(axis=1)
    code = np.where(
        ~asked.any(axis=1),
        LimitCode.NONE,
        np.where(
            met,
            LimitCode.OK,
            np.where(missed_own | (known & ~maybe), LimitCode.FAIL, LimitCode.UNKNOWN),
        ),
    )
    return code.astype(np.int8)


def gpa_codes(of: OpportunityFacts, pf: ProfileFacts, p: np.ndarray, o: np.ndarray) -> np.ndarray:
    """GPA minimum, both sides as fractions of their scale's maximum."""
    need, have = of.min_gpa[o], pf.gpa[p]
    code = np.where(
        np.isnan(need),
        LimitCode.NONE,
        np.where(
            np.isnan(have),
            LimitCode.UNKNOWN,
            np.where(have >= need - 1e-6, LimitCode.OK, LimitCode.FAIL),
        ),
    )
    return code.astype(np.int8)


class PairCodes:
    """Codes of every criterion for a batch of pairs, and their combined severity."""

    def __init__(self, level, country, age, language, gpa):
        self.level = level
        self.country = country
        self.age = age
        self.language = language
        self.gpa = gpa
        self.severity = np.maximum.reduce(
            [
                LEVEL_SEVERITY[level],
                COUNTRY_SEVERITY[country],
                LIMIT_SEVERITY[age],
                LIMIT_SEVERITY[language],
                LIMIT_SEVERITY[gpa],
            ]
        )

    @classmethod
    def compute(cls, of, pf, p, o, level, country, today: date) -> PairCodes:
        """``level``/``country`` are already known per pair (from profile signatures)."""
        return cls(
            level,
            country,
            age_codes(of, pf, p, o, today),
            language_codes(of, pf, p, o),
            gpa_codes(of, pf, p, o),
        )


def institution_decision(opp, country: str) -> Eligibility:
    """Whether an institution established in ``country`` may apply to ``opp`` itself.

    Calls for individuals only are not for it; nationality, residence and employer-location
    lists read as "established in" for an organisation.
    """
    stated = read_facts(opp.details, opp.eligible_countries)
    if stated.applicant == Applicant.INDIVIDUAL:
        return Eligibility.INELIGIBLE
    if country in stated.excluded:
        return Eligibility.INELIGIBLE
    lists = [set(s) for s in (stated.residence, stated.employment) if s]
    if stated.nationalities and not stated.any_nationality:
        lists.append(set(stated.nationalities))
    if any(country not in codes for codes in lists):
        return Eligibility.INELIGIBLE
    if lists or stated.any_nationality:
        return Eligibility.ELIGIBLE
    return Eligibility.CHECK
