"""Eligibility decisions stated one behaviour per test (each fails if its rule is broken)."""

from __future__ import annotations

from datetime import date

from domain import Eligibility, Level, OpportunityRecord, Profile, Role
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
    return {(m.profile_id, m.opportunity_id, m.eligibility, tuple(m.reasons)) for m in matches}


def test_calls_added_to_an_index_later_are_decided_as_if_indexed_at_once():
    """The incremental index (MatchIndex.add) keeps every requirement column of both parts."""
    calls, people, day = _varied_calls(), _varied_people(), date(2026, 11, 27)
    whole = MatchIndex(calls).match(people, day)
    for cut in (3, 8):
        grown = MatchIndex(calls[:cut])
        grown.add(calls[cut:])
        assert _decisions(grown.match(people, day)) == _decisions(whole)
    assert len({m.eligibility for m in whole}) == 2  # both eligible and "check" pairs occur
