"""Hard constraints as numpy code: each criterion gives a code per (profile, opportunity) pair.

Codes map to a severity (0 eligible, 1 check, 2 ineligible); a pair's eligibility is the worst
severity over all criteria. The same codes drive the human-readable reasons (``explain``), so
what is decided and what is said can never disagree.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from domain import Eligibility
from domain.eligibility import Applicant
from domain.eligibility import read as read_facts
from matcher.facts import ANY_BIT, INSTITUTION_APPLIES, OpportunityFacts, ProfileFacts

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
    FAIL_INSTITUTION_ONLY = 7  # an organisation applies: never shown to a student
    INSTITUTION_CALL = 8  # faculty/staff: a call their institution can apply to


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


LEVEL_SEVERITY = np.array([0, 0, 1, 2, 2, 2, 2, 2, 0], np.int8)
COUNTRY_SEVERITY = np.array([0, 0, 1, 1, 1, 2, 2, 2, 1, 2, 1], np.int8)
LIMIT_SEVERITY = np.array([0, 0, 1, 2], np.int8)


def level_codes(of: OpportunityFacts, pf: ProfileFacts, i: int) -> np.ndarray:
    """Level, role and excluded-kind decision of profile ``i`` against every opportunity."""
    lm = of.level_mask
    fits = (lm & (ANY_BIT | int(pf.desired[i]))) != 0
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


def ages_at(of: OpportunityFacts, pf: ProfileFacts, p: np.ndarray, o: np.ndarray, today: date):
    """Age in whole years on the deadline (today when there is none); -1 when unknown."""
    ref = np.where(of.deadline[o] >= 0, of.deadline[o], today.toordinal()) - _EPOCH
    days = ref.astype("datetime64[D]")
    years = days.astype("datetime64[Y]")
    months = days.astype("datetime64[M]")
    ref_year = years.astype(np.int64) + 1970
    ref_md = (months - years).astype(np.int64) * 100 + 100 + (days - months).astype(np.int64) + 1
    age = ref_year - pf.birth_year[p] - (ref_md < pf.birth_md[p])
    return np.where(pf.birth_year[p] < 0, -1, age)


def age_codes(
    of: OpportunityFacts, pf: ProfileFacts, p: np.ndarray, o: np.ndarray, today: date
) -> np.ndarray:
    """Age limits (``min_age``/``max_age``, inclusive) on the deadline."""
    lo, hi = of.min_age[o], of.max_age[o]
    limited = ~np.isnan(lo) | ~np.isnan(hi)
    age = ages_at(of, pf, p, o, today)
    fail = (age < lo) | (age > hi)
    code = np.where(
        ~limited,
        LimitCode.NONE,
        np.where(age < 0, LimitCode.UNKNOWN, np.where(fail, LimitCode.FAIL, LimitCode.OK)),
    )
    return code.astype(np.int8)


def profile_test_matrix(of: OpportunityFacts, pf: ProfileFacts, p: np.ndarray) -> np.ndarray:
    """Rows of profiles ``p``' scores in the tests opportunities ask for (NaN = not held)."""
    scores = np.full((len(p), len(of.tests)), np.nan, np.float32)
    for j, name in enumerate(of.tests):
        scores[:, j] = [pf.tests[k].get(name, np.nan) for k in p]
    return scores


def language_codes(
    of: OpportunityFacts, pf: ProfileFacts, p: np.ndarray, o: np.ndarray
) -> np.ndarray:
    """Language-test minimums; the tests a call lists are alternatives (IELTS 6.5 or TOEFL 90).

    Met by any listed test -> OK; the person holds some listed test but below -> FAIL; holds
    none of them -> UNKNOWN ("check eligibility").
    """
    if not of.tests:
        return np.zeros(len(o), np.int8)
    unique, inverse = np.unique(p, return_inverse=True)
    held_scores = profile_test_matrix(of, pf, unique)[inverse]
    required = of.test_req[o]
    asked = ~np.isnan(required)
    with np.errstate(invalid="ignore"):
        met = (asked & (held_scores >= required - 1e-6)).any(axis=1)
    held = (asked & ~np.isnan(held_scores)).any(axis=1)
    code = np.where(
        ~asked.any(axis=1),
        LimitCode.NONE,
        np.where(met, LimitCode.OK, np.where(held, LimitCode.FAIL, LimitCode.UNKNOWN)),
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
