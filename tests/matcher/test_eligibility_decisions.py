"""Eligibility decisions stated one behaviour per test (each fails if its rule is broken)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from domain import Eligibility, Level, OpportunityRecord, Profile, Role
from feeds.reasons import render_all
from matcher import MatchIndex
from matcher.eligibility import institution_decision

ELIGIBLE, INELIGIBLE, CHECK = Eligibility.ELIGIBLE, Eligibility.INELIGIBLE, Eligibility.CHECK


def _call(countries: list[str] | None = None, **details) -> OpportunityRecord:
    return OpportunityRecord("s/x", "s", "https://e.org/x", "X", details=details,
                             eligible_countries=countries or [])  # fmt: skip


def test_a_call_for_individuals_only_is_not_for_a_university():
    assert institution_decision(_call(any_nationality=True, applicant_type="individual"), "UZ") == INELIGIBLE


def test_a_university_in_an_excluded_country_may_not_apply():
    assert institution_decision(_call(any_nationality=True, excluded_countries=["UZ"]), "UZ") == INELIGIBLE
    assert institution_decision(_call(any_nationality=True, excluded_countries=["RU"]), "UZ") == ELIGIBLE


def test_a_university_must_be_established_in_every_listed_country_set():
    assert institution_decision(_call(["UZ", "KZ"]), "UZ") == ELIGIBLE
    assert institution_decision(_call(["KZ"]), "UZ") == INELIGIBLE
    assert institution_decision(_call(residence_countries=["UZ"]), "UZ") == ELIGIBLE
    assert institution_decision(_call(employment_countries=["DE"]), "UZ") == INELIGIBLE
    both = _call(residence_countries=["UZ"], employment_countries=["DE"])
    assert institution_decision(both, "UZ") == INELIGIBLE


def test_an_open_to_all_call_ignores_its_nationality_list_for_a_university():
    assert institution_decision(_call(["KZ"], any_nationality=True), "UZ") == ELIGIBLE


def test_a_call_that_says_nothing_about_who_may_apply_needs_a_check():
    assert institution_decision(_call(), "UZ") == CHECK


def _varied_calls() -> list[OpportunityRecord]:
    """Calls with every kind of requirement the matcher decides on."""
    any_nat = {"any_nationality": True}
    rows = [
        ("age", {**any_nat, "max_age": 35, "min_age": 20}),
        ("born", {**any_nat, "born_on_or_after": "1995-01-01"}),
        ("ielts", {**any_nat, "language_requirements": {"IELTS": 6.5}}),
        ("gpa", {**any_nat, "min_gpa": 0.75}),
        ("phd", {**any_nat, "stage": {"holds": "doctorate", "max_years_since_doctorate": 7}}),
        ("final", {**any_nat, "stage": {"current": ["bachelor"], "final_year": True}}),
        ("r2", {**any_nat, "stage": {"researcher_profiles": ["R2"]}}),
        ("res", {"residence_countries": ["UZ"]}),
        ("emp", {"employment_countries": ["DE"]}),
        ("excl", {**any_nat, "excluded_countries": ["RU"]}),
        ("org", {**any_nat, "applicant_type": "institution"}),
    ]
    calls = [_call(None, **d) for _, d in rows]
    calls = [OpportunityRecord(f"s/{name}", "s", f"https://e.org/{name}", f"Solar energy {name} call",
                               deadline=date(2027, 3, 1), details=c.details, levels=levels)
             for (name, _), c, levels in zip(rows, calls, [[]] * len(rows), strict=True)]  # fmt: skip
    calls.append(OpportunityRecord("s/ca", "s", "https://e.org/ca", "Solar energy Central Asia call",
                                   eligible_countries=["Central Asia"], deadline=date(2027, 3, 1)))  # fmt: skip
    calls.append(OpportunityRecord("s/msc", "s", "https://e.org/msc", "Solar energy master scholarship",
                                   levels=[Level.MASTER], details={"any_nationality": True}))  # fmt: skip
    calls.append(OpportunityRecord("s/toefl", "s", "https://e.org/toefl", "Solar energy TOEFL call",
                                   details={"any_nationality": True, "language_requirements": {"TOEFL": 90, "IELTS": 7}}))  # fmt: skip
    return calls


def _varied_people() -> list[Profile]:
    return [
        Profile("prof", "Prof", Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                interests="solar energy", birth_date=date(1980, 5, 1)),
        Profile("post", "Post", Role.FACULTY, level=Level.POSTDOC, citizenship="RU", residence="UZ",
                interests="solar energy", birth_date=date(1996, 2, 1),
                details={"doctorate_year": 2021, "employer_country": "DE"}),
        Profile("stud", "Stud", Role.STUDENT, level=Level.BACHELOR, citizenship="KZ",
                interests="solar energy", birth_date=date(2003, 9, 9),
                details={"gpa": "3.6/4", "language_tests": {"IELTS": 7}, "final_year": True}),
        Profile("anon", "Anon", Role.STUDENT, level=Level.MASTER, interests="solar energy"),
    ]  # fmt: skip


def _decisions(matches) -> set[tuple]:
    return {(m.profile_id, m.opportunity_id, m.eligibility, tuple(render_all(m.reasons, "en"))) for m in matches}


def test_calls_added_to_an_index_later_are_decided_as_if_indexed_at_once():
    """The incremental index (MatchIndex.add) keeps every requirement column of both parts."""
    calls, people, day = _varied_calls(), _varied_people(), date(2026, 11, 27)
    whole = MatchIndex(calls).match(people, day)
    for cut in (3, 8):
        grown = MatchIndex(calls[:cut])
        grown.add(calls[cut:])
        assert _decisions(grown.match(people, day)) == _decisions(whole)
    assert len({m.eligibility for m in whole}) == 2  # both eligible and "check" pairs occur


DAY = date(2026, 11, 27)
CLOSES = date(2027, 3, 1)
SHOWN_ELIGIBLE, SHOWN_CHECK, NOT_SHOWN = ELIGIBLE, CHECK, None


def _decide(person: dict, call: dict) -> Eligibility | None:
    """What one person is shown for one call: its eligibility, or None when it is hidden."""
    call = {"kind": "grant", "details": {"any_nationality": True}, **call}
    opp = OpportunityRecord("s/c", "s", "https://e.org/c", "Solar energy call", deadline=CLOSES,
                            summary="Solar energy.", **call)  # fmt: skip
    who = {"role": Role.FACULTY, "level": Level.FACULTY, "citizenship": "UZ", **person}
    prof = Profile("p", "P", interests="solar energy", **who)
    found = MatchIndex([opp]).match([prof], DAY)
    return found[0].eligibility if found else None


STUDENT = {"role": Role.STUDENT, "level": Level.MASTER}
ANY = {"any_nationality": True}
DECISIONS = {
    "a master's student wanting PhD places fits an exchange for master's students":
        (dict(STUDENT, target_levels=["phd"]), {"kind": "exchange", "levels": ["master"]}, SHOWN_ELIGIBLE),
    "a master's student wanting PhD places gets no master's scholarship":
        (dict(STUDENT, target_levels=["phd"]), {"kind": "scholarship", "levels": ["master"]}, NOT_SHOWN),
    "a lecturer who asked for PhD places gets a check for a PhD-only call":
        ({"target_levels": ["phd"]}, {"levels": ["phd"]}, SHOWN_CHECK),
    "a lecturer who did not ask never sees a student-only call":
        ({}, {"levels": ["master"]}, NOT_SHOWN),
    "a master's student never sees staff mobility":
        (STUDENT, {"kind": "staff-mobility"}, NOT_SHOWN),
    "a PhD student may see staff mobility":
        ({"role": Role.STUDENT, "level": Level.PHD}, {"kind": "staff-mobility"}, SHOWN_ELIGIBLE),
    "a kind the person excluded is never shown":
        ({"details": {"excluded_kinds": ["conference"]}}, {"kind": "conference"}, NOT_SHOWN),
    "excluding one kind leaves the others":
        ({"details": {"excluded_kinds": ["conference"]}}, {"kind": "grant"}, SHOWN_ELIGIBLE),
    "a call only institutions apply to is never shown to a student":
        (STUDENT, {"details": dict(ANY, applicant_type="institution")}, NOT_SHOWN),
    "a call only institutions apply to is shown to a lecturer":
        ({}, {"details": dict(ANY, applicant_type="institution")}, SHOWN_ELIGIBLE),
    "a residence rule reads the country list as where one lives":
        ({"citizenship": "KZ", "residence": "UZ"},
         {"eligible_countries": ["UZ"], "details": {"country_rule": "residence"}}, SHOWN_ELIGIBLE),
    "a residence rule does not take citizens living elsewhere":
        ({"citizenship": "UZ", "residence": "KZ"},
         {"eligible_countries": ["UZ"], "details": {"country_rule": "residence"}}, NOT_SHOWN),
    "an either rule takes citizens living elsewhere":
        ({"citizenship": "UZ", "residence": "KZ"},
         {"eligible_countries": ["UZ"], "details": {"country_rule": "either"}}, SHOWN_ELIGIBLE),
    "a residence rule with no residence in the profile needs a check":
        ({"citizenship": "UZ"},
         {"eligible_countries": ["UZ"], "details": {"country_rule": "residence"}}, SHOWN_CHECK),
    "a country list nobody can read needs a check":
        ({"citizenship": "KZ"}, {"eligible_countries": ["Atlantis"], "details": {}}, SHOWN_CHECK),
    "a country list with no citizenship in the profile needs a check":
        ({"citizenship": None}, {"eligible_countries": ["UZ"], "details": {}}, SHOWN_CHECK),
    "an excluded nationality is hidden even inside a listed region":
        ({"citizenship": "KZ"}, {"eligible_countries": ["Central Asia"],
                                 "details": {"excluded_countries": ["KZ"]}}, NOT_SHOWN),
    "a required residence with none in the profile needs a check":
        ({}, {"details": dict(ANY, residence_countries=["UZ"])}, SHOWN_CHECK),
    "a required residence elsewhere hides the call":
        ({"residence": "KZ"}, {"details": dict(ANY, residence_countries=["UZ"])}, NOT_SHOWN),
    "an employer in a required country passes":
        ({"details": {"employer_country": "DE"}}, {"details": dict(ANY, employment_countries=["DE"])}, SHOWN_ELIGIBLE),
    "an employer outside the required countries hides the call":
        ({"details": {"employer_country": "UZ"}}, {"details": dict(ANY, employment_countries=["DE"])}, NOT_SHOWN),
    "a minimum age is met by turning that age on the deadline":
        ({"birth_date": date(2007, 3, 1)}, {"details": dict(ANY, min_age=20)}, SHOWN_ELIGIBLE),
    "a minimum age is not met by turning that age the day after":
        ({"birth_date": date(2007, 3, 2)}, {"details": dict(ANY, min_age=20)}, NOT_SHOWN),
    "born on or after a day includes that day":
        ({"birth_date": date(1995, 1, 1)}, {"details": dict(ANY, born_on_or_after="1995-01-01")}, SHOWN_ELIGIBLE),
    "born on or after a day excludes the day before":
        ({"birth_date": date(1994, 12, 31)}, {"details": dict(ANY, born_on_or_after="1995-01-01")}, NOT_SHOWN),
    "a GPA exactly at the minimum passes":
        ({"details": {"gpa": "3/4"}}, {"details": dict(ANY, min_gpa=0.75)}, SHOWN_ELIGIBLE),
    "a GPA just below the minimum hides the call":
        ({"details": {"gpa": "2.9/4"}}, {"details": dict(ANY, min_gpa=0.75)}, NOT_SHOWN),
    "a language score exactly at the minimum passes":
        ({"details": {"language_tests": {"IELTS": 6.5}}}, {"details": dict(ANY, language_requirements={"IELTS": 6.5})}, SHOWN_ELIGIBLE),
    "a language score the person took below the minimum hides the call":
        ({"details": {"language_tests": {"IELTS": 6.0}}}, {"details": dict(ANY, language_requirements={"IELTS": 6.5})}, NOT_SHOWN),
    "no language test in the profile needs a check":
        ({}, {"details": dict(ANY, language_requirements={"IELTS": 6.5})}, SHOWN_CHECK),
    "with no employer given, where one lives counts as where one works":
        ({"residence": "DE"}, {"details": dict(ANY, employment_countries=["DE"])}, SHOWN_ELIGIBLE),
    "with neither employer nor residence, a required employer country needs a check":
        ({}, {"details": dict(ANY, employment_countries=["DE"])}, SHOWN_CHECK),
    "a lecturer with no level in the profile is judged at faculty level":
        ({"level": None}, {"details": dict(ANY, stage={"current": ["faculty"]})}, SHOWN_ELIGIBLE),
    "a person whose level is 'any' still gets calls":
        ({"level": Level.ANY}, {}, SHOWN_ELIGIBLE),
    "every kind the person excluded is hidden, not just the last one":
        ({"details": {"excluded_kinds": ["conference", "training"]}}, {"kind": "conference"}, NOT_SHOWN),
    "an unknown kind name in the excluded list does not end it":
        ({"details": {"excluded_kinds": ["picnic", "conference"]}}, {"kind": "conference"}, NOT_SHOWN),
    "an either rule hides the call from someone with no citizenship living elsewhere":
        ({"citizenship": None, "residence": "KZ"},
         {"eligible_countries": ["UZ"], "details": {"country_rule": "either"}}, NOT_SHOWN),
    "a call of a kind nobody knows is treated as 'other' and shown":
        ({}, {"kind": "picnic"}, SHOWN_ELIGIBLE),
    "an unknown country rule reads the list as citizenship":
        ({"citizenship": "UZ", "residence": "KZ"},
         {"eligible_countries": ["UZ"], "details": {"country_rule": "whatever"}}, SHOWN_ELIGIBLE),
    "a GPA minimum on a written scale is a fraction of that scale (3.2/4 meets 3.0 of 4)":
        ({"role": Role.STUDENT, "level": Level.MASTER, "details": {"gpa": "3.2/4"}},
         {"details": dict(ANY, min_gpa=3.0, min_gpa_scale=4)}, SHOWN_ELIGIBLE),
    "a GPA minimum on a written scale hides the call below it (2.9/4 under 3.0 of 4)":
        ({"role": Role.STUDENT, "level": Level.MASTER, "details": {"gpa": "2.9/4"}},
         {"details": dict(ANY, min_gpa=3.0, min_gpa_scale=4)}, NOT_SHOWN),
    "an unknown level name in a call's list does not end it":
        ({}, {"levels": ["postgraduate-ish", "master"]}, NOT_SHOWN),
    "a doctorate date's year counts as the doctorate year":
        ({"details": {"doctorate_year": "2015-06-30"}},
         {"details": dict(ANY, stage={"holds": "doctorate"})}, SHOWN_ELIGIBLE),
}  # fmt: skip


@pytest.mark.parametrize(("person", "call", "shown"), DECISIONS.values(), ids=DECISIONS.keys())
def test_who_is_shown_what(person, call, shown):
    assert _decide(person, call) == shown


INSTITUTION_REASON = "a call your institution can apply to"


def _shown(person: dict, calls: list[dict], day: date = DAY) -> dict[str, object]:
    """Call id -> the match shown to one person, from one index over all ``calls``."""
    opps = [OpportunityRecord(f"s/{i}", "s", f"https://e.org/{i}", f"Solar energy call {i}",
                              deadline=c.pop("deadline", CLOSES), summary="Solar energy.",
                              **{"kind": "grant", "details": dict(ANY), **c})
            for i, c in enumerate(calls)]  # fmt: skip
    who = {"role": Role.FACULTY, "level": Level.FACULTY, "citizenship": "UZ", **person}
    prof = Profile("p", "P", interests="solar energy", **who)
    return {m.opportunity_id: m for m in MatchIndex(opps).match([prof], day)}


def test_only_calls_an_institution_applies_to_say_so_and_only_when_the_level_fits():
    shown = _shown({}, [
        {"details": dict(ANY, applicant_type="institution")},
        {},
        {"details": dict(ANY, applicant_type="institution"), "levels": ["master"]},
    ])  # fmt: skip
    assert any(INSTITUTION_REASON in r for r in render_all(shown["s/0"].reasons, "en"))
    assert not any(INSTITUTION_REASON in r for r in render_all(shown["s/1"].reasons, "en"))
    assert "s/2" not in shown  # a master's-level call stays student-only for a lecturer


def test_an_either_rule_hides_the_call_from_a_citizen_of_elsewhere_with_no_residence():
    call = {"eligible_countries": ["UZ"], "details": {"country_rule": "either"}}
    assert _shown({"citizenship": "KZ"}, [call]) == {}


def test_one_call_requiring_residence_does_not_make_the_others_a_check():
    shown = _shown({}, [{"details": dict(ANY, residence_countries=["UZ"])}, {}])
    assert shown["s/0"].eligibility == CHECK and shown["s/1"].eligibility == ELIGIBLE


def test_the_match_day_passed_in_decides_not_the_clock():
    """Years since the doctorate of a call with no deadline count to the match day's year."""
    person = {"level": Level.POSTDOC, "details": {"doctorate_year": 2022}}
    call = {"deadline": None, "details": dict(ANY, stage={"max_years_since_doctorate": 7})}
    assert _shown(person, [dict(call)], day=date(2029, 1, 10))  # 7 years: in
    assert not _shown(person, [dict(call)], day=date(2030, 1, 10))  # 8 years: out


def test_ages_at_gives_whole_years_on_each_calls_day_and_minus_one_when_unknown():
    from matcher.eligibility import ages_at
    from matcher.facts import OpportunityFacts, ProfileFacts

    calls = [OpportunityRecord("s/a", "s", "u", "A", deadline=date(2027, 3, 1)),
             OpportunityRecord("s/b", "s", "u", "B", deadline=date(2027, 3, 1),
                               details={"max_age": 35, "age_reference": "year_end"})]  # fmt: skip
    people = [Profile("born", "B", Role.STUDENT, birth_date=date(1990, 6, 1)),
              Profile("anon", "A", Role.STUDENT)]  # fmt: skip
    of, pf = OpportunityFacts.build(calls), ProfileFacts.build(people)
    ages = ages_at(of, pf, np.array([0, 0, 1]), np.array([0, 1, 0]), DAY)
    assert ages.tolist() == [36, 37, -1]  # 1 March 2027; 31 December 2027; no birth date


def test_a_cefr_level_is_a_check_when_its_band_reaches_the_score_and_hidden_when_it_cannot():
    """IELTS 6.5 asked: English B2 (IELTS 5.5-7) may reach it, a check; B1 (4-5.5) cannot."""
    call = OpportunityRecord("s/l", "s", "https://e.org/l", "Solar energy call", deadline=CLOSES,
                             details=dict(ANY, language_requirements={"IELTS": 6.5}))  # fmt: skip
    people = [Profile(lvl, lvl, Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                      interests="solar energy", details={"language_tests": {"English": lvl}})
              for lvl in ("B2", "B1")]  # fmt: skip
    shown = {m.profile_id: m.eligibility for m in MatchIndex([call]).match(people, DAY)}
    assert shown == {"B2": CHECK}


def test_a_person_preferring_a_country_sees_its_calls_first_whatever_its_case():
    calls = [OpportunityRecord(f"s/{c}", "s", f"https://e.org/{c}", "Solar energy fellowship",
                               summary="Solar energy.", host_country=host, deadline=CLOSES,
                               details=dict(ANY))
             for c, host in (("a", "PL"), ("b", "DE"))]  # fmt: skip
    prof = Profile("p", "P", Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                   interests="solar energy", details={"preferred_countries": ["de"]})  # fmt: skip
    assert [m.opportunity_id for m in MatchIndex(calls).match([prof], DAY)] == ["s/b", "s/a"]


def test_a_person_asking_for_a_kind_sees_that_kind_first():
    calls = [OpportunityRecord(f"s/{c}", "s", f"https://e.org/{c}", "Solar energy call",
                               summary="Solar energy.", kind=kind, deadline=CLOSES, details=dict(ANY))
             for c, kind in (("a", "grant"), ("b", "fellowship"))]  # fmt: skip
    prof = Profile("p", "P", Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                   interests="solar energy", target_levels=["fellowship"])  # fmt: skip
    assert [m.opportunity_id for m in MatchIndex(calls).match([prof], DAY)] == ["s/b", "s/a"]


def test_fully_funded_and_well_ranked_hosts_rank_first():
    from domain import InstitutionRecord, RankEntry

    inst = InstitutionRecord("inst/tu", "TU Berlin", ranks=[RankEntry("qs", 2024, "150", 150)])
    base = {"summary": "Solar energy.", "deadline": CLOSES}
    calls = [
        OpportunityRecord("s/a", "s", "https://e.org/a", "Solar energy call", details=dict(ANY), **base),
        OpportunityRecord("s/b", "s", "https://e.org/b", "Solar energy call",
                          details=dict(ANY, fully_funded=True), **base),
        OpportunityRecord("s/c", "s", "https://e.org/c", "Solar energy call",
                          host_institution="TU Berlin", details=dict(ANY), **base),
    ]  # fmt: skip
    prof = Profile("p", "P", Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                   interests="solar energy")  # fmt: skip
    order = [m.opportunity_id for m in MatchIndex(calls, [inst]).match([prof], DAY)]
    assert order[-1] == "s/a" and set(order[:2]) == {"s/b", "s/c"}
